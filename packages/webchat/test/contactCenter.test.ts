/**
 * The widget against a REAL local contact center (in-process, 127.0.0.1, in-memory), with
 * a real agent client over `ws` playing the agent. The widget renders into a jsdom page (its
 * own document and localStorage), talks to the server over Node's fetch and `ws`:
 * a customer starts an engagement through the form, the agent accepts, types and replies, a
 * page reload resumes the chat without a message twice, the agent completes the task, the
 * customer starts again.
 */
import type { ContactCenterServer } from '@switchboard/contact-center/server';
import { JSDOM } from 'jsdom';
import { createWebChat, PluginRegistry, type WebChat } from '@switchboard/webchat';
import { NodeWebSocket, startAgent, startLocalContactCenter, until, type TestAgent } from './helpers';

jest.setTimeout(20_000);

let cc: ContactCenterServer;
let agent: TestAgent;
let dom: JSDOM;
const widgets: WebChat[] = [];

beforeAll(async () => {
  cc = await startLocalContactCenter();
  agent = await startAgent(cc.url);
  dom = new JSDOM('<!doctype html><html lang="en"><body><main><h1>Shop</h1></main></body></html>', {
    url: `${cc.url}/shop/`,
  });
});

afterAll(async () => {
  for (const w of widgets) w.destroy();
  agent?.stop();
  dom?.window.close();
  await cc?.close();
});

/** A page load: the widget in a fresh container of the page, on the page's localStorage. */
async function loadWidget(): Promise<{ webchat: WebChat; root: HTMLElement }> {
  const doc = dom.window.document;
  doc.querySelector('#chat')?.remove();
  const root = doc.createElement('div');
  root.id = 'chat';
  doc.body.append(root);
  const webchat = await createWebChat(
    {
      serverUrl: cc.url,
      container: root,
      storage: dom.window.localStorage,
      WebSocket: NodeWebSocket,
      fetch: (input, init) => fetch(input, init),
      reconnect: { initialDelayMs: 50, maxDelayMs: 200 },
      typingIndicatorMs: 400,
    },
    new PluginRegistry(),
  );
  widgets.push(webchat);
  await webchat.init();
  return { webchat, root };
}

const q = <E extends Element = HTMLElement>(root: ParentNode, selector: string): E => {
  const el = root.querySelector<E>(selector);
  if (!el) throw new Error(`no ${selector}`);
  return el;
};
const transcript = (root: HTMLElement) =>
  [...root.querySelectorAll('.sbwc-msg')].map((m) => {
    const author = m.querySelector('.sbwc-author')?.textContent ?? 'me';
    return `${author}: ${m.querySelector('p')!.textContent}`;
  });
const input = (el: HTMLInputElement | HTMLTextAreaElement, value: string) => {
  el.value = value;
  el.dispatchEvent(new dom.window.Event('input', { bubbles: true }));
};
const submit = (form: HTMLFormElement) =>
  form.dispatchEvent(new dom.window.Event('submit', { bubbles: true, cancelable: true }));

it('carries a whole engagement: form, reply, typing, reload, completion, and a new chat', async () => {
  let { webchat, root } = await loadWidget();
  const started: unknown[] = [];
  webchat.actions.on('afterStartEngagement', (payload) => void started.push(payload.formData));
  // As the Flex WebChat docs show: the pre-engagement question becomes the first message.
  webchat.actions.on('afterStartEngagement', async ({ formData, channelSid }) => {
    if (formData.question) await webchat.actions.invokeAction('SendMessage', { channelSid, body: formData.question });
  });

  // The customer fills in the form.
  input(q(root, 'input[name="name"]'), 'Ada');
  input(q(root, 'textarea[name="question"]'), 'Where is my parcel?');
  submit(q(root, 'form.sbwc-form'));
  await until(() => webchat.getState().connection === 'connected', 'customer connected');
  expect(started).toEqual([{ name: 'Ada', question: 'Where is my parcel?' }]);
  const { channelSid, taskSid } = webchat.getState().engagement!;
  await until(() => transcript(root).length === 1, 'the question is in the transcript');
  expect(transcript(root)).toEqual(['me: Where is my parcel?']);

  // The agent accepts, types, replies.
  await until(() => agent.accepted.some((r) => r.taskSid === taskSid), 'agent accepted');
  agent.client.sendTyping(channelSid);
  await until(() => root.querySelector('.sbwc-typing')!.textContent === 'Alice is typing…', 'typing shown');
  await agent.client.sendMessage(channelSid, 'Hi Ada, let me check.');
  await until(() => transcript(root).length === 2, 'agent reply shown');
  expect(transcript(root)).toEqual(['me: Where is my parcel?', 'Alice: Hi Ada, let me check.']);
  expect(root.querySelector('.sbwc-typing')!.textContent).toBe('');

  // The customer answers with Enter; the agent gets it.
  const composer = q<HTMLTextAreaElement>(root, '.sbwc-composer textarea');
  input(composer, 'Thank you!');
  composer.dispatchEvent(new dom.window.KeyboardEvent('keydown', { key: 'Enter', bubbles: true, cancelable: true }));
  await until(() => agent.bodies(channelSid).includes('Thank you!'), 'agent got the answer');
  await until(() => transcript(root).length === 3, 'answer shown');

  // A page reload: a new widget on the same localStorage resumes the same chat.
  webchat.destroy();
  ({ webchat, root } = await loadWidget());
  await until(() => webchat.getState().connection === 'connected', 'resumed');
  expect(webchat.getState().engagement).toMatchObject({ channelSid, taskSid });
  expect(transcript(root)).toEqual(['me: Where is my parcel?', 'Alice: Hi Ada, let me check.', 'me: Thank you!']);
  await agent.client.sendMessage(channelSid, 'It arrives tomorrow.');
  await until(() => transcript(root).length === 4, 'reply after reload');
  const sids = webchat.getState().messages.map((m) => m.sid);
  expect(new Set(sids).size).toBe(sids.length);
  expect((await agent.client.getMessages(channelSid)).map((m) => m.body)).toEqual([
    'Where is my parcel?',
    'Hi Ada, let me check.',
    'Thank you!',
    'It arrives tomorrow.',
  ]);

  // The agent completes the task: the chat has ended.
  await agent.client.completeTask(taskSid);
  await until(() => webchat.getState().phase === 'ended', 'chat ended');
  expect(q(root, '.sbwc-ended [role="status"]').textContent).toBe('This chat has ended.');
  expect(q(root, '.sbwc-composer').closest('[hidden]')).not.toBeNull();

  // Start a new chat: back to the form, the stored engagement forgotten, a new task routed.
  q<HTMLButtonElement>(root, '.sbwc-ended button').click();
  await until(() => webchat.getState().phase === 'form', 'form again');
  expect(dom.window.localStorage.getItem(`switchboard-webchat:${cc.url}`)).toBeNull();
  input(q(root, 'input[name="name"]'), 'Ada');
  submit(q(root, 'form.sbwc-form'));
  await until(() => webchat.getState().connection === 'connected', 'second engagement');
  const second = webchat.getState().engagement!;
  expect(second.channelSid).not.toBe(channelSid);
  expect(transcript(root)).toEqual([]);
  await until(() => agent.accepted.some((r) => r.taskSid === second.taskSid), 'second task accepted');

  // The customer leaves: the task is canceled, nothing is kept.
  await webchat.actions.invokeAction('RestartEngagement');
  expect(dom.window.localStorage.length).toBe(0);
});

it('afterStartEngagement can send a message, as the Flex docs show', async () => {
  const { webchat, root } = await loadWidget();
  webchat.actions.on('afterStartEngagement', async (payload) => {
    const { channelSid } = webchat.getState().engagement!;
    await webchat.actions.invokeAction('SendMessage', { channelSid, body: `Order number: ${payload.formData.order}` });
  });
  await webchat.actions.invokeAction('StartEngagement', { formData: { name: 'Bob', order: 'A-1001' } });
  const { channelSid } = webchat.getState().engagement!;
  await until(() => agent.bodies(channelSid).includes('Order number: A-1001'), 'agent got the order number');
  await until(() => transcript(root).length === 1, 'shown once');
  expect(transcript(root)).toEqual(['me: Order number: A-1001']);
  await webchat.actions.invokeAction('RestartEngagement');
});
