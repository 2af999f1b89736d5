import { isError, type Disposable } from '@switchboard/actions';
import { RuntimeOwner, runOwnedInit } from '@switchboard/actions/runtime';
import { WebChatError } from './errors';
import type { WebChatPlugin, WebChatPluginApi, WebChatPluginStatus } from './types';

interface Entry {
  plugin: WebChatPlugin;
  status: WebChatPluginStatus;
  owner: RuntimeOwner;
}

/** Makes the API a plugin gets, everything in it owned by `owner`. */
export type PluginApiFactory = (owner: RuntimeOwner) => WebChatPluginApi;

/** Failures reported to a plugin's owner: what undoing it threw (it is undone all the same). */
const report = (owner: RuntimeOwner, source: string, error: unknown) =>
  console.error(
    source === 'dispose'
      ? `[webchat] undoing plugin "${owner.name}" failed:`
      : `[webchat] plugin "${owner.name}" failed in its ${source}:`,
    error,
  );

/**
 * Initializes one webchat's plugins, each isolated: a plugin whose `init` throws, rejects or
 * times out is logged with its name and everything it registered is undone, and the next
 * plugin still runs. Each plugin's init runs as the host's do (`runOwnedInit` of
 * `@switchboard/actions/runtime`): one owner per plugin, aborted and disposed when it fails,
 * is unregistered or the webchat is destroyed.
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
    const entry: Entry = {
      plugin,
      status: { name, state: 'initializing' },
      owner: new RuntimeOwner({ id: name, onReport: report }),
    };
    const taken = this.#entries.some((e) => e.status.name === name && e.status.state !== 'failed');
    this.#entries.push(entry);
    if (taken) {
      const error = new WebChatError(
        'WEBCHAT_PLUGIN_DUPLICATE',
        `plugin "${name}": another plugin with this name is already running`,
        { owner: name },
      );
      this.#failed(entry, error);
      entry.owner.dispose(error);
      return;
    }
    const outcome = await runOwnedInit(entry.owner, (owner) => plugin.init(this.makeApi(owner)), {
      timeoutMs: this.timeoutMs,
      failure: (error) =>
        new WebChatError(
          'WEBCHAT_PLUGIN_FAILED',
          `plugin "${name}" failed to initialize: ${isError(error) ? error.message : String(error)}`,
          { owner: name, cause: error },
        ),
      onFailure: (error) => this.#failed(entry, error),
    });
    if (outcome.status === 'initialized' && entry.status.state === 'initializing') entry.status.state = 'initialized';
  }

  /** Undoes `plugin` (it was unregistered). */
  remove(plugin: WebChatPlugin): void {
    const i = this.#entries.findIndex((e) => e.plugin === plugin);
    if (i < 0) return;
    const [entry] = this.#entries.splice(i, 1);
    entry!.owner.dispose();
  }

  dispose(): void {
    this.#disposed = true;
    const reason = new WebChatError('WEBCHAT_DESTROYED', 'the webchat was destroyed');
    for (const entry of this.#entries.splice(0).reverse()) entry.owner.dispose(reason);
  }

  /** Records and logs the failure; the owner is disposed next (by the caller or the runtime). */
  #failed(entry: Entry, error: WebChatError): void {
    entry.status = { name: entry.status.name, state: 'failed', error: { code: error.code, message: error.message } };
    console.error(
      `[webchat] ${error.message}; its registrations were undone`,
      (error as { cause?: unknown }).cause ?? '',
    );
  }
}
