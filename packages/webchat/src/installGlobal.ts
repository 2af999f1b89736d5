import { createActions, type ActionsApi, type Disposable } from '@switchboard/actions';
import { createWebChat } from './createWebChat';
import { WebChatError } from './errors';
import { loadPluginScripts } from './loadPluginScripts';
import { webChatPlugins } from './PluginRegistry';
import type { WebChat, WebChatActions, WebChatConfig, WebChatPlugin } from './types';
import { VERSION } from './version';

/**
 * `window.SwitchboardWebChat`, set by the one-script build (`dist/webchat.js`).
 *
 * @example
 * SwitchboardWebChat.createWebChat({ serverUrl: 'http://127.0.0.1:4100' }).then((webchat) => webchat.init());
 */
export interface SwitchboardWebChatGlobal {
  /** {@link createWebChat}; the first webchat uses {@link SwitchboardWebChatGlobal.Actions}. */
  createWebChat(config: WebChatConfig): Promise<WebChat>;
  /**
   * The actions of the (first) webchat, like Flex's `FlexWebChat.Actions`. It exists before
   * `createWebChat`, so listeners added early are kept.
   */
  readonly Actions: ActionsApi<WebChatActions>;
  /** Plugins for the webchats of this page; plugin scripts call `register` before `createWebChat`. */
  readonly plugins: {
    register(plugin: WebChatPlugin): Disposable;
    list(): readonly WebChatPlugin[];
  };
  /** Loads plugin scripts listed in a JSON file (see `loadPluginScripts`). */
  loadPluginScripts: typeof loadPluginScripts;
  WebChatError: typeof WebChatError;
  readonly version: string;
}

/** A page may queue plugins before the widget's script runs: `window.SwitchboardWebChat = { plugins: [plugin] }`. */
interface Queue {
  plugins?: unknown;
  version?: unknown;
}

/**
 * Sets `target.SwitchboardWebChat` (once: a second copy of the script keeps the first one's
 * global, so plugins and listeners stay with the webchats they belong to) and returns it.
 */
export function installGlobal(target: { SwitchboardWebChat?: unknown }): SwitchboardWebChatGlobal {
  const existing = target.SwitchboardWebChat as (Queue & Partial<SwitchboardWebChatGlobal>) | undefined;
  if (existing && typeof existing.version === 'string' && typeof existing.createWebChat === 'function') {
    if (existing.version !== VERSION) {
      console.warn(
        `[webchat] SwitchboardWebChat ${existing.version} is already on this page; ${VERSION} is not installed`,
      );
    }
    return existing as SwitchboardWebChatGlobal;
  }
  const Actions = createActions<WebChatActions>();
  const api: SwitchboardWebChatGlobal = {
    createWebChat: (config) =>
      createWebChat(
        // The shared instance goes to the first webchat, and to the next one once it is free again.
        config.actions || Actions.describe('StartEngagement')?.registered ? config : { ...config, actions: Actions },
      ),
    Actions,
    plugins: {
      register: (plugin) => webChatPlugins.register(plugin),
      list: () => webChatPlugins.list(),
    },
    loadPluginScripts,
    WebChatError,
    version: VERSION,
  };
  target.SwitchboardWebChat = api;
  if (existing && Array.isArray(existing.plugins)) {
    for (const plugin of existing.plugins as unknown[]) {
      try {
        api.plugins.register(plugin as WebChatPlugin);
      } catch (error) {
        console.error('[webchat] a queued plugin was ignored:', error);
      }
    }
  }
  return api;
}
