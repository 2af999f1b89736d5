import { createActions, isSwitchboardError, type Disposable } from '@switchboard/actions';
import type { RuntimeOwner } from '@switchboard/actions/runtime';
import { createCallMedia, createCustomerClient } from '@switchboard/contact-center';
import { CallController } from './CallController';
import { EngagementController, shownError } from './EngagementController';
import { defaultStorageKey, EngagementStorage } from './EngagementStorage';
import { WebChatError } from './errors';
import { checkPlugin, webChatPlugins, type PluginRegistry } from './PluginRegistry';
import { PluginRunner } from './PluginRunner';
import { registerCallActions } from './registerCallActions';
import { registerNativeActions } from './registerNativeActions';
import type {
  EngagementStore,
  StateListener,
  WebChat,
  WebChatActions,
  WebChatCallClient,
  WebChatClient,
  WebChatConfig,
  WebChatPluginApi,
  WebChatVoiceConfig,
} from './types';
import { renderWebChat } from './ui/renderWebChat';
import { DEFAULT_FIELDS, DEFAULT_STRINGS } from './ui/strings';
import { initialState, WebChatStore } from './WebChatStore';

/** `localStorage`, when the page may use it (reading it throws where storage is blocked). */
function pageStorage(): EngagementStore | undefined {
  try {
    return globalThis.localStorage ?? undefined;
  } catch {
    return undefined;
  }
}

function checkConfig(config: WebChatConfig): void {
  const fail = (problem: string) => {
    throw new WebChatError('WEBCHAT_INVALID_CONFIG', `createWebChat: ${problem}`);
  };
  if (typeof config !== 'object' || config === null) fail('the config must be an object ({ serverUrl, … })');
  if (typeof config.serverUrl !== 'string' || !config.serverUrl) {
    fail('serverUrl is required (the contact center, e.g. "http://127.0.0.1:4100")');
  }
  const names = (config.preEngagementConfig?.fields ?? DEFAULT_FIELDS).map((f) => f?.name);
  const bad = names.find((n, i) => typeof n !== 'string' || !n || names.indexOf(n) !== i);
  if (bad !== undefined) fail(`preEngagementConfig.fields: each field needs a unique name, got "${String(bad)}"`);
  for (const plugin of config.plugins ?? []) checkPlugin(plugin, 'createWebChat: config.plugins');
}

/** The client, when it can start calls too (the local contact center's can). */
function callClientOf(client: WebChatClient): WebChatCallClient | undefined {
  const candidate = client as WebChatClient & Partial<WebChatCallClient>;
  return typeof candidate.startCall === 'function' ? (candidate as WebChatCallClient) : undefined;
}

/**
 * Creates a webchat widget with its own Actions instance, initializes its plugins and
 * resolves with it; `init()` then renders it and resumes a stored engagement. The config is
 * Flex WebChat's `appConfig`, typed.
 *
 * @example
 * const webchat = await createWebChat({ serverUrl: 'http://127.0.0.1:4100' });
 * webchat.actions.on('afterStartEngagement', ({ formData }) => console.log('started', formData));
 * await webchat.init();
 */
export async function createWebChat(
  config: WebChatConfig,
  registry: PluginRegistry = webChatPlugins,
): Promise<WebChat> {
  checkConfig(config);
  const { serverUrl } = config;
  const actions = config.actions ?? createActions<WebChatActions>();
  const store = new WebChatStore(initialState(config.startOpen ?? !!config.container));
  const storage = new EngagementStorage(
    config.storage === null ? undefined : (config.storage ?? pageStorage()),
    config.storageKey ?? defaultStorageKey(serverUrl),
  );
  const client =
    config.client ??
    createCustomerClient({
      serverUrl,
      ...(config.WebSocket && { WebSocket: config.WebSocket }),
      ...(config.fetch && { fetch: config.fetch }),
      ...(config.reconnect !== undefined && { reconnect: config.reconnect }),
    });
  const voice: WebChatVoiceConfig | undefined = config.voice === true ? {} : config.voice || undefined;
  const calls = new CallController(store, {
    client: voice ? (voice.client ?? callClientOf(client)) : undefined,
    createCallMedia: voice?.createCallMedia ?? createCallMedia,
    ...(voice?.iceServers && { iceServers: voice.iceServers }),
  });
  const engagement = new EngagementController(store, client, storage, config.typingIndicatorMs ?? 5000);
  const required = (config.preEngagementConfig?.fields ?? DEFAULT_FIELDS).filter((f) => f.required).map((f) => f.name);
  const natives = registerNativeActions(actions, store, engagement, required);
  const callActions = registerCallActions(actions, calls);
  // With a handler the core stops logging by itself: a refused payload (WEBCHAT_NO_CHANNEL, …)
  // already rejects to its caller, while a listener's failure would otherwise go unseen.
  const errors = actions.onError((error, { action, phase, owner }) => {
    if (phase === 'payloadUpdate' || phase === 'body') return;
    console.error(`[webchat] ${phase} listener of "${action}"${owner ? ` (${owner})` : ''} failed:`, error);
  });

  const getState = () => store.state;
  const makeApi = ({ id, name, disposables, signal }: RuntimeOwner): WebChatPluginApi => {
    // Registrations go to the plugin's owner; listener failures go to the onError above.
    const owner = { id, disposables };
    return {
      name,
      actions: actions.scope(owner),
      config,
      getState,
      subscribe: (listener: StateListener) => store.subscribe(listener, owner),
      signal,
    };
  };
  const plugins = new PluginRunner(makeApi, config.pluginTimeoutMs ?? 10_000);

  let rendering: Promise<void> | undefined;
  let rendered: Disposable | undefined;
  let destroyed = false;
  const registration = registry.onChange((plugin, added) =>
    added ? void plugins.add(plugin) : plugins.remove(plugin),
  );

  const webchat: WebChat = {
    actions,
    config,
    getState,
    subscribe: (listener) => store.subscribe(listener),
    get plugins() {
      return plugins.statuses;
    },
    init() {
      return (rendering ??= (async () => {
        if (destroyed) throw new WebChatError('WEBCHAT_DESTROYED', 'init: this webchat was destroyed');
        const doc = config.container?.ownerDocument ?? globalThis.document;
        if (!doc) {
          throw new WebChatError(
            'WEBCHAT_INVALID_CONFIG',
            'init: there is no document to render into (pass config.container)',
          );
        }
        rendered = renderWebChat({
          doc,
          config,
          strings: { ...DEFAULT_STRINGS, ...config.strings },
          getState,
          run: (name, ...payload) =>
            actions.invokeAction(name, ...payload).catch((error: unknown) => {
              if (!isSwitchboardError(error, 'ACTION_ABORTED')) store.update({ error: shownError(error) });
              return undefined;
            }),
          subscribe: (listener) => store.subscribe(listener),
          typingThrottleMs: config.typingThrottleMs ?? 2000,
          ...(voice && { voice }),
        });
        engagement.resume();
      })());
    },
    destroy() {
      if (destroyed) return;
      destroyed = true;
      registration.dispose();
      plugins.dispose();
      rendered?.dispose();
      engagement.dispose();
      calls.dispose();
      natives.dispose();
      callActions.dispose();
      errors.dispose();
    },
  };

  for (const plugin of [...(config.plugins ?? []), ...registry.list()]) await plugins.add(plugin);
  return webchat;
}
