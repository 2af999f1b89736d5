/**
 * @jest-environment jsdom
 */
/**
 * The "Call us" entry in jsdom against a fake contact center and a fake CallMedia: the
 * button and its panel, the pre-call form, the call's status, Mute, the dial pad, Hang up,
 * focus and labels; floating and inline.
 */
import { FakeCallClient, FakeCallMedia } from '../callTestUtils';
import { createWebChat } from '../createWebChat';
import { PluginRegistry } from '../PluginRegistry';
import { FakeClient, flush, MemoryStorage, until } from '../test-utils';
import type { WebChat, WebChatConfig } from '../types';

let calls: FakeCallClient;
let webchat: WebChat;

const $ = <E extends Element = HTMLElement>(selector: string, root: ParentNode = document): E => {
  const el = root.querySelector<E>(selector);
  if (!el) throw new Error(`no ${selector}`);
  return el;
};
const visible = (el: HTMLElement) => !el.closest('[hidden]');
const byText = (text: string) => {
  const el = [...document.querySelectorAll<HTMLButtonElement>('button')].find((b) => b.textContent === text);
  if (!el) throw new Error(`no button "${text}"`);
  return el;
};
const labelOf = (input: HTMLElement) => document.querySelector(`label[for="${input.id}"]`)?.textContent;

async function setup(config: Partial<WebChatConfig> = {}) {
  calls = new FakeCallClient();
  FakeCallMedia.made = [];
  webchat = await createWebChat(
    {
      serverUrl: 'http://cc.test',
      client: new FakeClient(),
      storage: new MemoryStorage(),
      voice: { client: calls, createCallMedia: FakeCallMedia.create },
      ...config,
    },
    new PluginRegistry(),
  );
  await webchat.init();
}

afterEach(() => {
  webchat?.destroy();
  document.body.innerHTML = '';
});

/** Opens the panel, types a name and submits the form. */
async function placeCall(name = 'Ada') {
  const panel = $('.sbwc-call');
  if (!visible(panel)) byText('Call us').click();
  const input = $<HTMLInputElement>('input[name="name"]', panel);
  input.value = name;
  $<HTMLFormElement>('form', panel).dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
  await until(() => webchat.getState().call.phase === 'calling', 1000, 'calling');
  await flush();
}

describe('floating', () => {
  beforeEach(() => setup());

  it('puts a "Call us" button beside the launcher that opens a labelled dialog with a name field', () => {
    const button = byText('Call us');
    const panel = $('.sbwc-call');
    expect(button.parentElement).toBe($('.sbwc-launcher').parentElement);
    expect(button.getAttribute('aria-controls')).toBe(panel.id);
    expect(button.getAttribute('aria-expanded')).toBe('false');
    expect(visible(panel)).toBe(false);
    button.click();
    expect(button.getAttribute('aria-expanded')).toBe('true');
    expect(visible(panel)).toBe(true);
    expect(panel.getAttribute('role')).toBe('dialog');
    expect(document.getElementById(panel.getAttribute('aria-labelledby')!)?.textContent).toBe('Call us');
    const name = $<HTMLInputElement>('input[name="name"]', panel);
    expect(document.activeElement).toBe(name);
    expect(labelOf(name)).toBe('Your name *');
    expect(name.required).toBe(true);
  });

  it('runs a call: calling, connected, mute, dial pad, hold, hang up, call again', async () => {
    await placeCall();
    const panel = $('.sbwc-call');
    const status = $('[role="status"]', panel);
    expect(calls.started).toEqual([{ name: 'Ada' }]);
    expect(status.textContent).toMatch(/^Calling/);
    expect(visible($('form', panel))).toBe(false);
    const mute = byText('Mute');
    expect(document.activeElement).toBe(mute);
    const pad = $('[role="group"]', panel);
    expect(pad.getAttribute('aria-label')).toBe('Dial pad');
    expect([...pad.querySelectorAll('button')].map((b) => b.textContent).join('')).toBe('123456789*0#');
    // Digits wait for an agent.
    $<HTMLButtonElement>('[data-digit="5"]', pad).click();
    await flush();
    expect(calls.last.dtmf).toEqual([]);

    calls.last.agentAnswers();
    expect(status.textContent).toBe('Connected');
    $<HTMLButtonElement>('[data-digit="5"]', pad).click();
    $<HTMLButtonElement>('[data-digit="#"]', pad).click();
    await until(() => calls.last.dtmf.length === 2, 1000, 'digits');
    expect(calls.last.dtmf).toEqual(['5', '#']);
    await until(() => $('.sbwc-digits', panel).textContent === 'Sent: 5#', 1000, 'digits shown');

    expect(mute.getAttribute('aria-pressed')).toBe('false');
    mute.click();
    await until(() => mute.getAttribute('aria-pressed') === 'true', 1000, 'muted');
    expect(calls.last.call.participants[0]?.muted).toBe(true);

    calls.last.hold(true);
    expect(status.textContent).toBe('On hold');
    calls.last.hold(false);
    expect(status.textContent).toBe('Connected');

    const session = calls.last;
    byText('Hang up').click();
    await until(() => webchat.getState().call.phase === 'ended', 1000, 'ended');
    expect(session.left).toBe(true);
    expect(FakeCallMedia.made[0]?.closed).toBe(true);
    expect(status.textContent).toBe('Call ended');
    expect(visible($('form', panel))).toBe(true);
    expect(byText('Call again')).toBeTruthy();
    expect(document.activeElement).toBe($('input[name="name"]', panel));
    await placeCall('Ada');
    expect(calls.sessions).toHaveLength(2);
  });

  it('shows a failure in an alert', async () => {
    await placeCall();
    FakeCallMedia.made[0]!.fail(new Error('Permission denied'));
    expect($('.sbwc-call [role="alert"]').textContent).toBe('Permission denied');
  });

  it('closes with Escape (the call goes on) and gives the focus back to the button', async () => {
    await placeCall();
    const panel = $('.sbwc-call');
    byText('Mute').dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, cancelable: true }));
    expect(visible(panel)).toBe(false);
    expect(document.activeElement).toBe(byText('Call us'));
    expect(webchat.getState().call.phase).toBe('calling');
    byText('Call us').click();
    expect(document.activeElement).toBe(byText('Mute'));
  });

  it('shows one window at a time: the chat opening hides the call panel, and the other way round', async () => {
    byText('Call us').click();
    $('.sbwc-launcher').click();
    await until(() => webchat.getState().visible, 1000, 'chat open');
    expect(visible($('.sbwc-call'))).toBe(false);
    byText('Call us').click();
    await until(() => !webchat.getState().visible, 1000, 'chat closed');
    expect(visible($('.sbwc-call'))).toBe(true);
    expect(document.activeElement).toBe($('.sbwc-call input[name="name"]'));
  });
});

it('has no "Call us" without voice', async () => {
  await setup({ voice: false });
  expect(document.querySelector('.sbwc-call')).toBeNull();
  expect([...document.querySelectorAll('button')].some((b) => b.textContent === 'Call us')).toBe(false);
});

it('inline: "Call us" sits in the header and the panel is a labelled region', async () => {
  const container = document.createElement('div');
  document.body.append(container);
  await setup({ container });
  const button = byText('Call us');
  expect(button.closest('.sbwc-header')).not.toBeNull();
  button.click();
  const panel = $('.sbwc-call', container);
  expect(panel.getAttribute('role')).toBe('region');
  expect(visible(panel)).toBe(true);
  await placeCall();
  expect($('[role="status"]', panel).textContent).toMatch(/^Calling/);
});
