/**
 * @jest-environment jsdom
 */
/**
 * Nothing the customer writes is lost: a message shows as sending until the contact center
 * stores it, however long it is away; only a refusal takes it out, with its reason shown and
 * the text given back; a page reload resends what was on its way, with the same key.
 */
import { ContactCenterError } from '@switchboard/contact-center';
import { createWebChat } from './createWebChat';
import { PluginRegistry } from './PluginRegistry';
import { FakeClient, flush, until } from './test-utils';
import type { WebChat } from './types';

const SERVER = 'http://cc.test';
const OUTBOX_KEY = `switchboard-webchat:${SERVER}:outbox`;
let client: FakeClient;
const created: WebChat[] = [];

async function load(): Promise<WebChat> {
  const webchat = await createWebChat({ serverUrl: SERVER, client, startOpen: true }, new PluginRegistry());
  created.push(webchat);
  await webchat.init();
  return webchat;
}

const sending = () => [...document.querySelectorAll('.sbwc-msg--sending p')].map((p) => p.textContent);
const stored = () => [...document.querySelectorAll('.sbwc-msg:not(.sbwc-msg--sending) p')].map((p) => p.textContent);

async function chatting(): Promise<{ webchat: WebChat; channelSid: string }> {
  const webchat = await load();
  const { channelSid } = await webchat.actions.invokeAction('StartEngagement', { formData: { name: 'Ada' } });
  await until(() => webchat.getState().connection === 'connected', 1000, 'connected');
  return { webchat, channelSid: channelSid! };
}

beforeEach(() => {
  client = new FakeClient();
  localStorage.clear();
});
afterEach(() => {
  for (const w of created.splice(0)) w.destroy();
  document.body.innerHTML = '';
});

it('shows a message as sending while the contact center is away, then once, stored', async () => {
  const { webchat, channelSid } = await chatting();
  let release!: () => void;
  client.last.sendGate = new Promise((r) => (release = r));
  const first = webchat.actions.invokeAction('SendMessage', { channelSid, body: 'Hello?' });
  const second = webchat.actions.invokeAction('SendMessage', { channelSid, body: 'Hello?', clientId: 'second' });
  await flush();
  expect(webchat.getState().outbox.map((o) => o.body)).toEqual(['Hello?', 'Hello?']);
  expect(sending()).toEqual(['Hello?', 'Hello?']);
  expect(JSON.parse(localStorage.getItem(OUTBOX_KEY)!)).toHaveLength(2);

  release();
  await Promise.all([first, second]);
  expect(webchat.getState().outbox).toEqual([]);
  expect(sending()).toEqual([]);
  expect(stored()).toEqual(['Hello?', 'Hello?']);
  expect(localStorage.getItem(OUTBOX_KEY)).toBeNull();
});

it('takes a refused message out, shows why, and gives the text back', async () => {
  const { webchat } = await chatting();
  client.last.sendError = new ContactCenterError('CC_RATE_LIMITED', 'Too many sendMessage frames; slow down');
  const input = document.querySelector<HTMLTextAreaElement>('.sbwc-composer .sbwc-input')!;
  input.value = 'Are you there?';
  input.dispatchEvent(new Event('input', { bubbles: true }));
  input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
  await until(() => webchat.getState().error !== undefined, 1000, 'refused');
  expect(webchat.getState().outbox).toEqual([]);
  expect(document.querySelector('.sbwc-error')?.textContent).toBe('Too many sendMessage frames; slow down');
  await until(() => input.value === 'Are you there?', 1000, 'text given back');
});

it('resends after a reload what was on its way, with the same key, once', async () => {
  const { webchat, channelSid } = await chatting();
  client.last.sendGate = new Promise(() => {}); // the contact center never answers this page
  void webchat.actions.invokeAction('SendMessage', { channelSid, body: 'Written offline', clientId: 'k1' });
  await flush();
  expect(JSON.parse(localStorage.getItem(OUTBOX_KEY)!)).toMatchObject([{ clientId: 'k1', body: 'Written offline' }]);
  webchat.destroy();

  let release!: () => void;
  client.sendGate = new Promise((r) => (release = r));
  const again = await load();
  expect(sending()).toEqual(['Written offline']);
  release();
  await until(() => again.getState().outbox.length === 0, 1000, 'resent');
  expect(client.last.asked).toEqual([{ body: 'Written offline', clientId: 'k1' }]);
  expect(stored()).toEqual(['Written offline']);
  expect(localStorage.getItem(OUTBOX_KEY)).toBeNull();
});
