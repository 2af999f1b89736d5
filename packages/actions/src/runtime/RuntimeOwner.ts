import { DisposableStore, isError, type Owner } from '@switchboard/actions';

/** Where the failures of an owner's code go; `source` says where (`listener`, `render`, `dispose`, …). */
export type OwnerReporter = (owner: RuntimeOwner, source: string, error: unknown) => void;

/** Options of {@link RuntimeOwner}. */
export interface RuntimeOwnerOptions {
  /** Unique among the owners of one host (a plugin's name, or `name#index`). */
  id: string;
  /** The name shown to people. Default: the id. */
  name?: string;
  /** The owner's place among its peers (a plugin's position in the manifest). */
  rank?: number;
  /**
   * Where failures of the owner's code go (those the framework isolated, and what undoing its
   * registrations threw). Default: `console.error`, naming the owner.
   */
  onReport?: OwnerReporter;
}

const consoleReporter: OwnerReporter = (owner, source, error) =>
  console.error(`[${owner.name}] failed in its ${source}: ${isError(error) ? error.message : String(error)}`, error);

/**
 * The owner of one activation of an extension (a plugin): everything it registers is added to
 * `disposables`, `signal` tells its pending work to stop, `report` takes the failures of its
 * code. `dispose(reason)` aborts `signal` with `reason`, then undoes everything (newest
 * first). A reload makes a new owner, with the same id.
 *
 * @example
 * const owner = new RuntimeOwner({ id: 'crm', onReport: (o, source, e) => log.error(`${o.name}: ${source}`, e) });
 * actions.scope(owner).on('afterAcceptTask', onAccepted); // owned
 * owner.dispose(new Error('unloaded')); // owner.signal aborts with that reason; the listener is gone
 * @public
 */
export class RuntimeOwner implements Owner {
  readonly id: string;
  readonly name: string;
  readonly rank: number | undefined;
  readonly disposables = new DisposableStore();
  readonly #controller = new AbortController();
  readonly #onReport: OwnerReporter;

  constructor(options: RuntimeOwnerOptions) {
    this.id = options.id;
    this.name = options.name ?? options.id;
    this.rank = options.rank;
    this.#onReport = options.onReport ?? consoleReporter;
  }

  /** Aborted, with the reason given to {@link RuntimeOwner.dispose}, when the owner goes away. */
  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  /** True once {@link RuntimeOwner.dispose} ran (the extension unloaded, failed or timed out). */
  get disposed(): boolean {
    return this.disposables.disposed;
  }

  report(source: string, error: unknown): void {
    this.#onReport(this, source, error);
  }

  /**
   * Aborts `signal` with `reason` (so pending work stops before its registrations go), then
   * undoes everything the owner registered, each even if another throws; what undoing threw
   * is reported with source `dispose`. Disposing again does nothing.
   */
  dispose(reason?: unknown): void {
    if (this.disposed) return;
    if (!this.#controller.signal.aborted) this.#controller.abort(reason);
    try {
      this.disposables.dispose();
    } catch (error) {
      this.report('dispose', error);
    }
  }
}
