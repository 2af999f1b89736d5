/**
 * @jest-environment jsdom
 */
/**
 * The rendered widget in jsdom against a fake contact center: launcher and dialog, the form,
 * the transcript, typing, the input's keyboard rules, connection status, the ended state,
 * focus, inline rendering and clean removal.
 */
import { createWebChat } from '../createWebChat';
import { PluginRegistry } from '../PluginRegistry';
import { FakeClient, flush, MemoryStorage, until } from '../test-utils';
import type { WebChat, WebChatConfig } from '../types';

let client: FakeClient;
let webchat: WebChat;

const $ = <E extends Element = HTMLElement>(selector: string): E => {
  const el = document.querySelector<E>(selector);
  if (!el) throw new Error(`no ${selector}`);
  return el;
};
const $$ = (selector: string) => [...document.querySelectorAll<HTMLElement>(selector)];
const visible = (el: HTMLElement) => !el.closest('[hidden]');
const key = (el: Element, init: KeyboardEventInit) =>
  el.dispatchEvent(new KeyboardEvent('keydown', { bubbles: true, cancelable: true, ...init }));
const type = (el: HTMLTextAreaElement | HTMLInputElement, value: string) => {
  el.value = value;
  el.dispatchEvent(new Event('input', { bubbles: true }));
};

async function setup(config: Partial<WebChatConfig> = {}) {
  client = new FakeClient();
  webchat = await createWebChat(
    { serverUrl: 'http://cc.test', client, storage: new MemoryStorage(), typingIndicatorMs: 60, ...config },
    new PluginRegistry(),
  );
  await webchat.init();
}

/** Opens the widget and starts a chat through the form. */
async function startChat(name = 'Ada', question = 'Where is my parcel?') {
  if (!webchat.getState().visible) $('.sbwc-launcher').click();
  type($<HTMLInputElement>('input[name="name"]'), name);
  type($<HTMLTextAreaElement>('textarea[name="question"]'), question);
  $<HTMLFormElement>('.sbwc-form').dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
  await until(() => webchat.getState().connection === 'connected', 1000, 'connected');
}

afterEach(() => {
  webchat?.destroy();
  document.body.innerHTML = '';
});

describe('floating', () => {
  beforeEach(() => setup());

  it('renders a labelled launcher that opens a labelled dialog and focuses the first field', () => {
    const launcher = $<HTMLButtonElement>('.sbwc-launcher');
    const dialog = $('[role="dialog"]');
    expect($('aside.sbwc-root').getAttribute('aria-label')).toBe('Chat with us');
    expect(launcher.getAttribute('aria-expanded')).toBe('false');
    expect(launcher.getAttribute('aria-controls')).toBe(dialog.id);
    expect(dialog.hidden).toBe(true);
    expect(document.getElementById(dialog.getAttribute('aria-labelledby')!)!.textContent).toBe('Chat with us');

    launcher.click();
    expect(dialog.hidden).toBe(false);
    expect(launcher.getAttribute('aria-expanded')).toBe('true');
    expect(launcher.textContent).toBe('Close chat');
    expect(document.activeElement).toBe($('input[name="name"]'));
  });

  it('labels every form field; the name is required', () => {
    const inputs = $$('.sbwc-form .sbwc-input');
    expect(inputs.map((i) => [i.getAttribute('name'), (i as HTMLInputElement).labels?.[0]?.textContent])).toEqual([
      ['name', 'Your name *'],
      ['question', 'How can we help?'],
    ]);
    expect(($('input[name="name"]') as HTMLInputElement).required).toBe(true);
    expect(($('input[name="name"]') as HTMLInputElement).autocomplete).toBe('name');
  });

  it('shows a refused form in an alert and stays on the form', async () => {
    $('.sbwc-launcher').click();
    type($<HTMLInputElement>('input[name="name"]'), '   ');
    $<HTMLFormElement>('.sbwc-form').dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
    await flush();
    expect($('[role="alert"]').textContent).toBe('StartEngagement: required form field "name" is empty');
    expect(visible($('.sbwc-form'))).toBe(true);
    expect(client.started).toEqual([]);
  });

  it('starts a chat from the form: the transcript shows the question as mine, the input has the focus', async () => {
    await startChat();
    expect(client.started).toEqual([{ name: 'Ada', question: 'Where is my parcel?' }]);
    expect(visible($('.sbwc-form'))).toBe(false);
    const log = $('[role="log"]');
    expect(log.getAttribute('aria-live')).toBe('polite');
    expect(log.getAttribute('aria-label')).toBe('Conversation');
    expect($$('.sbwc-msg').map((m) => [m.className, m.textContent])).toEqual([
      ['sbwc-msg sbwc-msg--mine', 'You: Where is my parcel?'],
    ]);
    expect(document.activeElement).toBe($('.sbwc-composer textarea'));
    expect(($('.sbwc-composer textarea') as HTMLTextAreaElement).labels?.[0]?.textContent).toBe('Message');
  });

  it("shows the agent's messages with the agent's name, and the agent typing for a while", async () => {
    await startChat();
    client.last.agentTypes();
    expect($('.sbwc-typing').textContent).toBe('Alice is typing…');
    await until(() => $('.sbwc-typing').textContent === '', 1000, 'typing indicator gone');
    client.last.agentTypes();
    client.last.agentSays('It arrives tomorrow.');
    expect($('.sbwc-typing').textContent).toBe('');
    const agent = $$('.sbwc-msg')[1]!;
    expect(agent.className).toBe('sbwc-msg sbwc-msg--theirs');
    expect(agent.querySelector('.sbwc-author')!.textContent).toBe('Alice');
    expect(agent.querySelector('p')!.textContent).toBe('It arrives tomorrow.');
  });

  it('renders message bodies as text, never as markup', async () => {
    await startChat();
    client.last.agentSays('<img src=x onerror="window.__pwned=1">');
    expect($$('.sbwc-msg img')).toEqual([]);
    expect($$('.sbwc-msg p')[1]!.textContent).toBe('<img src=x onerror="window.__pwned=1">');
  });

  it('Enter sends, Shift+Enter does not; typing sets the input text and sends typing, throttled', async () => {
    await startChat();
    const input = $<HTMLTextAreaElement>('.sbwc-composer textarea');
    type(input, 'H');
    type(input, 'He');
    type(input, 'Hello');
    expect(webchat.getState().inputText).toBe('Hello');
    expect(client.last.typingCount).toBe(1);
    expect(key(input, { key: 'Enter', shiftKey: true })).toBe(true); // not prevented: a new line
    expect(client.last.sent).toEqual([]);
    expect(key(input, { key: 'Enter' })).toBe(false);
    await until(() => client.last.sent.length === 1, 1000, 'sent');
    expect(client.last.sent[0]!.body).toBe('Hello');
    expect(input.value).toBe('');
    expect($$('.sbwc-msg').map((m) => m.textContent)).toEqual(['You: Where is my parcel?', 'You: Hello']);
  });

  it('gives the text back and shows the failure when a message cannot be sent', async () => {
    await startChat();
    client.last.sendError = Object.assign(new Error('Too many messages'), { code: 'CC_RATE_LIMITED' });
    const input = $<HTMLTextAreaElement>('.sbwc-composer textarea');
    type(input, 'Hello?');
    $<HTMLFormElement>('.sbwc-composer').dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
    await until(() => $('[role="alert"]').textContent === 'Too many messages', 1000, 'alert');
    expect(input.value).toBe('Hello?');
    client.last.sendError = undefined;
    key(input, { key: 'Enter' });
    await until(() => client.last.sent.length === 1, 1000, 'sent');
    expect($('[role="alert"]').textContent).toBe('');
  });

  it('shows what a plugin puts in the input (SetInputText)', async () => {
    await startChat();
    const { channelSid } = webchat.getState().engagement!;
    await webchat.actions.invokeAction('SetInputText', { channelSid, body: 'Order #123: ' });
    expect($<HTMLTextAreaElement>('.sbwc-composer textarea').value).toBe('Order #123: ');
  });

  it('shows the connection status while reconnecting', async () => {
    await startChat();
    const status = $('.sbwc-status');
    expect(status.getAttribute('role')).toBe('status');
    expect(status.textContent).toBe('');
    client.last.events.emit('connectionStateChanged', 'reconnecting');
    expect(status.textContent).toBe('Connection lost. Reconnecting…');
    client.last.reconnect();
    expect(status.textContent).toBe('');
    expect($$('.sbwc-msg')).toHaveLength(1); // the snapshot shows nothing twice
  });

  it('when the agent completes the task: "This chat has ended" and a button that starts a new chat', async () => {
    await startChat();
    const input = $('.sbwc-composer textarea');
    input.focus();
    client.last.close();
    expect(visible($('.sbwc-ended'))).toBe(true);
    expect($('.sbwc-ended [role="status"]').textContent).toBe('This chat has ended.');
    expect(visible($('.sbwc-composer'))).toBe(false);
    expect(visible($('[role="log"]'))).toBe(true);
    const restart = $<HTMLButtonElement>('.sbwc-ended button');
    expect(restart.textContent).toBe('Start a new chat');
    expect(document.activeElement).toBe(restart);
    restart.click();
    await flush();
    expect(webchat.getState().phase).toBe('form');
    expect(visible($('.sbwc-form'))).toBe(true);
    expect($$('.sbwc-msg')).toEqual([]);
    expect(($('input[name="name"]') as HTMLInputElement).value).toBe('');
  });

  it('"End chat" leaves the chat and goes back to the form', async () => {
    await startChat();
    const end = $$('.sbwc-header button').find((b) => b.textContent === 'End chat')!;
    expect(visible(end)).toBe(true);
    end.click();
    await until(() => client.last.left, 1000, 'left');
    expect(webchat.getState().phase).toBe('form');
    expect(visible(end)).toBe(false);
  });

  it('Escape minimizes and gives the focus back to the launcher; the minimize button too', async () => {
    $('.sbwc-launcher').click();
    key(document.activeElement!, { key: 'Escape' });
    expect(webchat.getState().visible).toBe(false);
    expect($('[role="dialog"]').hidden).toBe(true);
    expect(document.activeElement).toBe($('.sbwc-launcher'));
    $('.sbwc-launcher').click();
    const minimize = $('[aria-label="Minimize chat"]');
    minimize.focus();
    minimize.click();
    expect(webchat.getState().visible).toBe(false);
    expect(document.activeElement).toBe($('.sbwc-launcher'));
  });

  it('destroy removes the widget and its stylesheet', () => {
    expect(document.getElementById('sbwc-style')).not.toBeNull();
    webchat.destroy();
    expect($$('.sbwc-root')).toEqual([]);
    expect(document.getElementById('sbwc-style')).toBeNull();
  });
});

describe('inline, in a container', () => {
  it('renders a labelled region without launcher or dialog, open', async () => {
    const container = document.createElement('div');
    document.body.append(container);
    await setup({ container, strings: { title: 'Support' } });
    const region = container.querySelector('section.sbwc-root')!;
    expect(document.getElementById(region.getAttribute('aria-labelledby')!)!.textContent).toBe('Support');
    expect($$('.sbwc-launcher')).toEqual([]);
    expect($$('[role="dialog"]')).toEqual([]);
    expect(visible($('.sbwc-form'))).toBe(true);
    expect(document.activeElement).toBe(document.body); // rendering takes no focus
  });

  it('uses the configured form fields', async () => {
    const container = document.createElement('div');
    document.body.append(container);
    await setup({
      container,
      preEngagementConfig: {
        description: 'Order help',
        submitLabel: 'Go',
        fields: [
          { name: 'friendlyName', label: 'Name', required: true },
          { name: 'email', label: 'Email', type: 'email', required: true, autocomplete: 'email' },
        ],
      },
    });
    expect($$('.sbwc-form .sbwc-input').map((i) => `${i.getAttribute('name')}:${i.getAttribute('type')}`)).toEqual([
      'friendlyName:text',
      'email:email',
    ]);
    expect($('.sbwc-form button').textContent).toBe('Go');
    await expect(
      webchat.actions.invokeAction('StartEngagement', { formData: { friendlyName: 'Ada' } }),
    ).rejects.toMatchObject({ message: 'StartEngagement: required form field "email" is empty' });
  });
});
