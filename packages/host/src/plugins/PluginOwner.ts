import { DisposableStore, type Owner } from '@switchboard/actions';

/** Where a plugin's run-time failure came from. */
export type PluginErrorSource = 'listener' | 'reducer' | 'middleware' | 'render' | 'subscriber' | 'dispose';

/**
 * The one owner of one activation of a plugin, made by the plugin manager when the plugin
 * starts to initialise. Everything the plugin registers hangs on `disposables`; `dispose()`
 * aborts `signal` (so the plugin's pending work can stop) and undoes all of it. A reload
 * makes a new owner with the same id.
 */
export class PluginOwner implements Owner {
  readonly disposables = new DisposableStore();
  readonly #controller = new AbortController();
  readonly #onReport: (owner: PluginOwner, source: PluginErrorSource, error: unknown) => void;

  /**
   * @param id the plugin's id (its name, or `name#index` for an entry the host could not use)
   * @param name the plugin's name
   * @param rank the plugin's place in the manifest (1, 2, …): orders its contributions
   * @param onReport where failures of the plugin's code go (the plugin manager)
   */
  constructor(
    readonly id: string,
    readonly name: string,
    readonly rank: number,
    onReport: (owner: PluginOwner, source: PluginErrorSource, error: unknown) => void,
  ) {
    this.#onReport = onReport;
  }

  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  /** True once the plugin unloaded, failed or timed out. */
  get disposed(): boolean {
    return this.disposables.disposed;
  }

  report(source: string, error: unknown): void {
    this.#onReport(this, source as PluginErrorSource, error);
  }

  /**
   * Aborts `signal` with `reason`, then undoes everything the plugin registered (newest
   * first). Throws what undoing threw (every registration is still undone).
   */
  dispose(reason: unknown): void {
    if (!this.#controller.signal.aborted) this.#controller.abort(reason);
    this.disposables.dispose();
  }
}
