import { DisposableStore, toDisposable, type Disposable } from '@switchboard/actions';
import { WebChatError } from './errors';
import type { WebChatPlugin, WebChatPluginApi, WebChatPluginStatus } from './types';

interface Entry {
  plugin: WebChatPlugin;
  status: WebChatPluginStatus;
  disposables: DisposableStore;
}

/** Makes the API a plugin gets, owned by `disposables`. */
export type PluginApiFactory = (name: string, disposables: DisposableStore, signal: AbortSignal) => WebChatPluginApi;

/**
 * Initializes one webchat's plugins, each isolated: a plugin whose `init` throws, rejects or
 * times out is logged with its name and everything it registered is undone (its owner's
 * store is disposed), and the next plugin still runs.
 */
export class PluginRunner implements Disposable {
  readonly #entries: Entry[] = [];
  #disposed = false;

  constructor(
    private readonly makeApi: PluginApiFactory,
    private readonly timeoutMs: number,
  ) {}

  get statuses(): readonly WebChatPluginStatus[] {
    return this.#entries.map((e) => ({ ...e.status }));
  }

  /** Initializes `plugin` (once per plugin object); resolves when its init settled. */
  async add(plugin: WebChatPlugin): Promise<void> {
    if (this.#disposed || this.#entries.some((e) => e.plugin === plugin)) return;
    const { name } = plugin;
    const entry: Entry = { plugin, status: { name, state: 'initializing' }, disposables: new DisposableStore() };
    const taken = this.#entries.some((e) => e.status.name === name && e.status.state !== 'failed');
    this.#entries.push(entry);
    if (taken) {
      return this.#fail(
        entry,
        new WebChatError(
          'WEBCHAT_PLUGIN_DUPLICATE',
          `plugin "${name}": another plugin with this name is already running`,
          {
            owner: name,
          },
        ),
      );
    }
    const abort = new AbortController();
    entry.disposables.add(toDisposable(() => abort.abort()));
    let timer: ReturnType<typeof setTimeout> | undefined;
    try {
      await Promise.race([
        // Called at once (not in a later tick): what init registers synchronously is in place on return.
        (async () => plugin.init(this.makeApi(name, entry.disposables, abort.signal)))(),
        new Promise<never>((_, reject) => {
          timer = setTimeout(
            () => reject(new Error(`init did not settle within ${this.timeoutMs} ms`)),
            this.timeoutMs,
          );
        }),
      ]);
      if (entry.status.state === 'initializing') entry.status.state = 'initialized';
    } catch (error) {
      this.#fail(
        entry,
        new WebChatError(
          'WEBCHAT_PLUGIN_FAILED',
          `plugin "${name}" failed to initialize: ${error instanceof Error ? error.message : String(error)}`,
          { owner: name, cause: error },
        ),
      );
    } finally {
      clearTimeout(timer);
    }
  }

  /** Undoes `plugin` (it was unregistered). */
  remove(plugin: WebChatPlugin): void {
    const i = this.#entries.findIndex((e) => e.plugin === plugin);
    if (i < 0) return;
    const [entry] = this.#entries.splice(i, 1);
    this.#undo(entry!);
  }

  dispose(): void {
    this.#disposed = true;
    for (const entry of this.#entries.splice(0).reverse()) this.#undo(entry);
  }

  #fail(entry: Entry, error: WebChatError): void {
    entry.status = { name: entry.status.name, state: 'failed', error: { code: error.code, message: error.message } };
    console.error(
      `[webchat] ${error.message}; its registrations were undone`,
      (error as { cause?: unknown }).cause ?? '',
    );
    this.#undo(entry);
  }

  #undo(entry: Entry): void {
    try {
      entry.disposables.dispose();
    } catch (error) {
      console.error(`[webchat] undoing plugin "${entry.status.name}" failed:`, error);
    }
  }
}
