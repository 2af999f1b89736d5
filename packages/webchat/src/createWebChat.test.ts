/**
 * @jest-environment jsdom
 */
/**
 * Persistence: the engagement survives a page reload (localStorage), is resumed on init
 * without a message twice, and is forgotten when it cannot come back or the customer starts
 * again.
 */
import { ContactCenterError } from '@switchboard/contact-center';
import { createWebChat } from './createWebChat';
import { defaultStorageKey, EngagementStorage } from './EngagementStorage';
import { PluginRegistry } from './PluginRegistry';
import { FakeClient, flush, until } from './test-utils';
import type { WebChat, WebChatConfig } from './types';

const SERVER = 'http://cc.test';
const KEY = `switchboard-webchat:${SERVER}`;
let client: FakeClient;
const created: WebChat[] = [];

/** A page load: a new widget on the same localStorage (and the same contact center). */
async function load(config: Partial<WebChatConfig> = {}): Promise<WebChat> {
  const webchat = await createWebChat({ serverUrl: SERVER, client, ...config }, new PluginRegistry());
  created.push(webchat);
  await webchat.init();
  return webchat;
}
/** The page goes away (the socket closes; nothing is left). */
const unload = (webchat: WebChat) => webchat.destroy();

beforeEach(() => {
  client = new FakeClient();
  localStorage.clear();
});
afterEach(() => {
  for (const w of created.splice(0)) w.destroy();
  document.body.innerHTML = '';
});

const bodies = () => [...document.querySelectorAll('.sbwc-msg p')].map((p) => p.textContent);

it('resumes the engagement after a reload: same channel, the whole transcript, nothing twice', async () => {
  const first = await load();
  const { channelSid } = await first.actions.invokeAction('StartEngagement', {
    formData: { name: 'Ada', question: 'Where is my parcel?' },
  });
  await flush();
  client.last.agentSays('Let me check.');
  expect(JSON.parse(localStorage.getItem(KEY)!)).toMatchObject({ channelSid, token: expect.any(String) });
  unload(first);
  expect(client.last.left).toBe(false);

  const second = await load();
  await until(() => second.getState().connection === 'connected', 1000, 'resumed');
  expect(client.sessions).toHaveLength(2);
  expect(client.last.engagement.channelSid).toBe(channelSid);
  expect(second.getState()).toMatchObject({ phase: 'chat', engagement: { channelSid } });
  expect(second.getState().engagement).not.toHaveProperty('token');
  expect(bodies()).toEqual(['Where is my parcel?', 'Let me check.']);

  // A snapshot after a reconnect and a late duplicate event change nothing.
  const session = client.last;
  session.reconnect();
  session.events.emit('messageAdded', session.messages[1]!);
  expect(bodies()).toEqual(['Where is my parcel?', 'Let me check.']);
  await second.actions.invokeAction('SendMessage', { channelSid, body: 'Thanks' });
  expect(bodies()).toEqual(['Where is my parcel?', 'Let me check.', 'Thanks']);
});

it('resumes an ended chat as ended; starting again forgets it', async () => {
  const first = await load();
  await first.actions.invokeAction('StartEngagement', { formData: { name: 'Ada', question: 'Hi' } });
  await flush();
  client.last.close();
  unload(first);

  const second = await load();
  await until(() => second.getState().phase === 'ended', 1000, 'ended');
  expect(bodies()).toEqual(['Hi']);
  expect(document.querySelector('.sbwc-ended [role="status"]')!.textContent).toBe('This chat has ended.');
  await second.actions.invokeAction('RestartEngagement');
  expect(localStorage.getItem(KEY)).toBeNull();
  unload(second);
  const third = await load();
  expect(third.getState().phase).toBe('form');
  expect(client.sessions).toHaveLength(2);
});

it('forgets an engagement whose token is refused and shows the form', async () => {
  localStorage.setItem(
    KEY,
    JSON.stringify({ channelSid: 'CHgone', taskSid: 'WT1', identity: 'c', friendlyName: 'Ada', token: 'expired' }),
  );
  const webchat = await load();
  await until(() => webchat.getState().phase === 'form', 1000, 'form');
  expect(localStorage.getItem(KEY)).toBeNull();
  expect(webchat.getState().error).toEqual({ code: 'CC_UNAUTHORIZED', message: 'The token is not valid' });
  expect(client.last.disconnected).toBe(true);
});

it('keeps the engagement when the contact center is only unreachable', async () => {
  const first = await load();
  await first.actions.invokeAction('StartEngagement', { formData: { name: 'Ada' } });
  unload(first);
  const realSession = client.session.bind(client);
  client.session = (engagement) => {
    const s = realSession(engagement);
    s.connectError = new ContactCenterError('CC_DISCONNECTED', 'Cannot reach the contact center');
    return s;
  };
  const second = await load();
  await until(() => second.getState().error !== undefined, 1000, 'error');
  expect(second.getState().phase).toBe('chat');
  expect(localStorage.getItem(KEY)).not.toBeNull();
});

it('ignores and removes what is not an engagement under the key', async () => {
  localStorage.setItem(KEY, '{"channelSid":42}');
  const webchat = await load();
  expect(webchat.getState().phase).toBe('form');
  expect(client.sessions).toEqual([]);
  expect(localStorage.getItem(KEY)).toBeNull();
  localStorage.setItem(KEY, 'not json');
  expect(new EngagementStorage(localStorage, KEY).load()).toBeUndefined();
  expect(localStorage.getItem(KEY)).toBeNull();
});

it('uses a configured key, or no storage at all', async () => {
  const custom = await load({ storageKey: 'my-chat' });
  const { channelSid } = await custom.actions.invokeAction('StartEngagement', { formData: { name: 'Ada' } });
  expect(JSON.parse(localStorage.getItem('my-chat')!).channelSid).toBe(channelSid);
  expect(localStorage.getItem(KEY)).toBeNull();
  unload(custom);
  localStorage.clear();
  const none = await load({ storage: null });
  await none.actions.invokeAction('StartEngagement', { formData: { name: 'Ada' } });
  expect(localStorage.length).toBe(0);
});

it('works without persistence when the storage throws', async () => {
  const warn = jest.spyOn(console, 'warn').mockImplementation(() => {});
  const broken = {
    getItem: () => {
      throw new Error('SecurityError');
    },
    setItem: () => {
      throw new Error('QuotaExceededError');
    },
    removeItem: () => {
      throw new Error('SecurityError');
    },
  };
  const webchat = await load({ storage: broken });
  await webchat.actions.invokeAction('StartEngagement', { formData: { name: 'Ada' } });
  expect(webchat.getState().phase).toBe('chat');
  expect(warn).toHaveBeenCalledWith(expect.stringContaining('could not store the engagement'), expect.any(Error));
  await webchat.actions.invokeAction('RestartEngagement');
  warn.mockRestore();
});

it('derives the default key from the server URL, ignoring a trailing slash', () => {
  expect(defaultStorageKey('http://cc.test/')).toBe(KEY);
});

it('init is idempotent and renders once', async () => {
  const webchat = await load();
  await webchat.init();
  expect(document.querySelectorAll('.sbwc-root')).toHaveLength(1);
  webchat.destroy();
  await expect(
    createWebChat({ serverUrl: SERVER, client }, new PluginRegistry()).then((w) => (w.destroy(), w.init())),
  ).rejects.toMatchObject({ code: 'WEBCHAT_DESTROYED' });
});
