import { ListenerList, toDisposable, type Disposable } from '@switchboard/actions';
import { WebChatError } from './errors';
import type { WebChatPlugin } from './types';

/** Throws unless `plugin` is `{ name, init }`. */
export function checkPlugin(plugin: unknown, where: string): asserts plugin is WebChatPlugin {
  const p = plugin as Partial<WebChatPlugin> | null | undefined;
  if (typeof p?.name !== 'string' || !p.name || typeof p.init !== 'function') {
    throw new WebChatError(
      'WEBCHAT_INVALID_PLUGIN',
      `${where}: a plugin is { name: string, init(webchat) }, got ${typeof p?.name === 'string' ? `"${p.name}" without an init function` : String(p && typeof p)}`,
    );
  }
}

/**
 * Plugins registered before (or after) a webchat is created: what a plugin script does with
 * `SwitchboardWebChat.plugins.register(plugin)`. Webchats initialize the registered plugins
 * when created and those registered later as they come; disposing a registration undoes the
 * plugin in every webchat.
 */
export class PluginRegistry {
  #plugins: readonly WebChatPlugin[] = [];
  readonly #changes = new ListenerList<(plugin: WebChatPlugin, added: boolean) => void>();

  /**
   * Registers `plugin` (once: registering the same object again changes nothing).
   *
   * @example
   * SwitchboardWebChat.plugins.register({ name: 'greeting', init(webchat) { … } });
   */
  register(plugin: WebChatPlugin): Disposable {
    checkPlugin(plugin, 'plugins.register');
    if (!this.#plugins.includes(plugin)) {
      this.#plugins = [...this.#plugins, plugin];
      this.#emit(plugin, true);
    }
    return toDisposable(() => {
      if (!this.#plugins.includes(plugin)) return;
      this.#plugins = this.#plugins.filter((p) => p !== plugin);
      this.#emit(plugin, false);
    });
  }

  /** The registered plugins, in registration order. */
  list(): readonly WebChatPlugin[] {
    return this.#plugins;
  }

  /** Calls `listener` on every later registration (`added`) and unregistration. */
  onChange(listener: (plugin: WebChatPlugin, added: boolean) => void): Disposable {
    return this.#changes.add(listener);
  }

  #emit(plugin: WebChatPlugin, added: boolean): void {
    this.#changes.call([plugin, added], (error) =>
      console.error('[webchat] a plugin registry listener failed:', error),
    );
  }
}

/** The page's registry: `SwitchboardWebChat.plugins`. */
export const webChatPlugins: PluginRegistry = new PluginRegistry();
