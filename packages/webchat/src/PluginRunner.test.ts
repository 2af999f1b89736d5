/**
 * WebChat plugins: config and global registrations, scoped and undoable registrations,
 * isolation of a plugin that throws, rejects or hangs, and the greeting use case.
 */
import { createWebChat } from './createWebChat';
import { PluginRegistry } from './PluginRegistry';
import { FakeClient, flush, MemoryStorage } from './test-utils';
import type { WebChat, WebChatPlugin } from './types';

const SERVER = 'http://127.0.0.1:4100';
let registry: PluginRegistry;
let client: FakeClient;
const created: WebChat[] = [];
let errors: jest.SpyInstance;

beforeEach(() => {
  registry = new PluginRegistry();
  client = new FakeClient();
  errors = jest.spyOn(console, 'error').mockImplementation(() => {});
});
afterEach(() => {
  for (const w of created.splice(0)) w.destroy();
  errors.mockRestore();
});

const make = async (plugins: WebChatPlugin[] = [], pluginTimeoutMs?: number) => {
  const webchat = await createWebChat(
    { serverUrl: SERVER, client, storage: new MemoryStorage(), plugins, ...(pluginTimeoutMs && { pluginTimeoutMs }) },
    registry,
  );
  created.push(webchat);
  return webchat;
};

/** A greeting plugin, as the sample will be: a message after StartEngagement. */
const greeting: WebChatPlugin = {
  name: 'greeting',
  init(webchat) {
    webchat.actions.on('afterStartEngagement', () => {
      const { channelSid } = webchat.getState().engagement!;
      return webchat.actions.invokeAction('SendMessage', { channelSid, body: 'Hello from the greeting plugin' });
    });
  },
};

it('gives each plugin the webchat with actions scoped to its name', async () => {
  let api: Parameters<WebChatPlugin['init']>[0] | undefined;
  const webchat = await make([
    {
      name: 'crm',
      init(w) {
        api = w;
        w.actions.on('beforeSendMessage', () => {});
      },
    },
  ]);
  expect(api).toMatchObject({ name: 'crm', config: webchat.config });
  expect(api!.actions.owner).toBe('crm');
  expect(api!.getState()).toBe(webchat.getState());
  expect(webchat.actions.describe('SendMessage')!.before).toEqual([{ owner: 'crm', name: '(anonymous)' }]);
  expect(webchat.plugins).toEqual([{ name: 'crm', state: 'initialized' }]);
});

it('sends a greeting after StartEngagement, after the question', async () => {
  const webchat = await make([greeting]);
  await webchat.actions.invokeAction('StartEngagement', { formData: { name: 'Ada', question: 'Hi?' } });
  await flush(10);
  expect(webchat.getState().messages.map((m) => m.body)).toEqual(['Hi?', 'Hello from the greeting plugin']);
});

it('isolates a plugin that throws: logged with its name, its registrations undone, the others run', async () => {
  const webchat = await make([
    {
      name: 'broken',
      init(w) {
        w.actions.on('afterStartEngagement', () => {});
        w.subscribe(() => {});
        throw new Error('boom');
      },
    },
    greeting,
  ]);
  expect(webchat.plugins).toEqual([
    {
      name: 'broken',
      state: 'failed',
      error: { code: 'WEBCHAT_PLUGIN_FAILED', message: 'plugin "broken" failed to initialize: boom' },
    },
    { name: 'greeting', state: 'initialized' },
  ]);
  expect(errors).toHaveBeenCalledWith(
    expect.stringContaining('plugin "broken" failed to initialize: boom'),
    expect.any(Error),
  );
  expect(webchat.actions.describe('StartEngagement')!.after.map((a) => a.owner)).toEqual(['greeting']);
  await webchat.actions.invokeAction('StartEngagement', { formData: { name: 'Ada' } });
  await flush(10);
  expect(webchat.getState().messages.map((m) => m.body)).toEqual(['Hello from the greeting plugin']);
});

it('isolates a plugin that rejects or never settles', async () => {
  const signals: AbortSignal[] = [];
  const webchat = await make(
    [
      { name: 'rejects', init: async () => Promise.reject(new Error('no CRM')) },
      {
        name: 'hangs',
        init: (w) => {
          signals.push(w.signal);
          return new Promise<void>(() => {});
        },
      },
      greeting,
    ],
    50,
  );
  expect(webchat.plugins.map((p) => `${p.name}:${p.state}`)).toEqual([
    'rejects:failed',
    'hangs:failed',
    'greeting:initialized',
  ]);
  expect(webchat.plugins[1]!.error!.message).toBe(
    'plugin "hangs" failed to initialize: init did not settle within 50 ms',
  );
  expect(signals[0]!.aborted).toBe(true);
});

it('a listener of a plugin that throws later is logged with the plugin, and the action still succeeds', async () => {
  const webchat = await make([
    {
      name: 'flaky',
      init: (w) => void w.actions.on('afterToggleChatVisibility', () => Promise.reject(new Error('flaky after'))),
    },
  ]);
  await expect(webchat.actions.invokeAction('ToggleChatVisibility')).resolves.toEqual({ visible: true });
  await flush();
  expect(errors).toHaveBeenCalledWith(
    '[webchat] after listener of "ToggleChatVisibility" (flaky) failed:',
    expect.objectContaining({ message: 'flaky after' }),
  );
});

it('refuses a second plugin with the same name', async () => {
  const webchat = await make([greeting, { name: 'greeting', init: () => {} }]);
  expect(webchat.plugins[1]).toMatchObject({ state: 'failed', error: { code: 'WEBCHAT_PLUGIN_DUPLICATE' } });
  expect(webchat.plugins[0]).toMatchObject({ state: 'initialized' });
});

it('initializes plugins registered globally, before or after createWebChat; unregistering undoes them', async () => {
  const early = registry.register(greeting);
  const webchat = await make();
  expect(webchat.plugins).toEqual([{ name: 'greeting', state: 'initialized' }]);
  const late = registry.register({ name: 'late', init: (w) => void w.actions.on('afterMinimizeChat', () => {}) });
  await flush();
  expect(webchat.plugins.map((p) => p.name)).toEqual(['greeting', 'late']);
  expect(webchat.actions.listenerCount('afterMinimizeChat')).toBe(1);
  late.dispose();
  expect(webchat.actions.listenerCount('afterMinimizeChat')).toBe(0);
  expect(webchat.plugins.map((p) => p.name)).toEqual(['greeting']);
  early.dispose();
  expect(webchat.actions.listenerCount('afterStartEngagement')).toBe(0);
});

it('refuses to register something that is not a plugin', () => {
  expect(() => registry.register({ name: 'x' } as never)).toThrow(
    expect.objectContaining({
      code: 'WEBCHAT_INVALID_PLUGIN',
      message: expect.stringContaining('"x" without an init'),
    }),
  );
});

it("undoes a plugin's state subscriptions with it", async () => {
  const webchat = await make();
  const listener = jest.fn();
  const registration = registry.register({ name: 'watcher', init: (w) => void w.subscribe(listener) });
  await flush();
  await webchat.actions.invokeAction('ToggleChatVisibility');
  expect(listener).toHaveBeenCalledTimes(1);
  registration.dispose();
  await webchat.actions.invokeAction('ToggleChatVisibility');
  expect(listener).toHaveBeenCalledTimes(1);
});

it("aborts a plugin's signal when it is undone: unregistered, or the webchat destroyed", async () => {
  const signals: AbortSignal[] = [];
  const plugin = (name: string): WebChatPlugin => ({
    name,
    init: (w) => {
      signals.push(w.signal);
      w.actions.on('afterMinimizeChat', () => {});
    },
  });
  const webchat = await make([plugin('kept')]);
  const registration = registry.register(plugin('unregistered'));
  await flush();
  expect(signals.map((s) => s.aborted)).toEqual([false, false]);
  registration.dispose();
  expect(signals[1]!.aborted).toBe(true);
  expect(webchat.actions.listenerCount('afterMinimizeChat')).toBe(1);
  webchat.destroy();
  expect(signals[0]!.reason).toMatchObject({ code: 'WEBCHAT_DESTROYED' });
  expect(webchat.actions.listenerCount()).toBe(0);
});

it('destroy undoes every plugin and every native action', async () => {
  const webchat = await make([greeting]);
  expect(webchat.actions.listenerCount('afterStartEngagement')).toBe(1);
  webchat.destroy();
  expect(webchat.actions.listenerCount()).toBe(0);
  expect(webchat.actions.describe()).toEqual([]);
});
