import { isError, isSwitchboardError } from '@switchboard/actions';
import { RuntimeOwner, runOwnedInit } from '@switchboard/actions/runtime';
import type { Logger, PluginApi, PluginDefinition, PluginPermissions, PluginRegistration } from '@switchboard/plugin';
import { PLUGIN_NAME } from '@switchboard/plugin';
import { HostError, type HostErrorCode } from '../errors';
import { fetchManifest, parseManifest } from '../manifest/manifest';
import { PluginAdmission, type Admission, type ShownEntry } from './PluginAdmission';
import type {
  LoadedBundle,
  ManifestEntry,
  PluginErrorSource,
  PluginFailure,
  PluginLoader,
  PluginManifest,
  PluginState,
  PluginStatus,
} from './types';

/** What the plugin manager needs from the host. */
export interface PluginManagerDeps {
  hostVersion: string;
  timeoutMs: number;
  loader: PluginLoader;
  baseUrl: string | undefined;
  log: Logger;
  /** `fail`: a plugin whose code throws at run time is unloaded and Failed; `report`: only logged. */
  errorPolicy: 'fail' | 'report';
  /** Makes the API a plugin's `init` receives, everything in it owned by `owner`. */
  createApi(entry: ManifestEntry, owner: RuntimeOwner): PluginApi;
  /** Leaves notices where a failed plugin's UI was (`undefined` reason: removes them again). */
  markFailedUi(ownerId: string, reason: string | undefined): void;
  /** Every status change, for the store and host events. */
  onStatus(status: PluginStatus): void;
  onStatusRemoved(id: string): void;
  /** Every run-time failure of a plugin's code, whether or not it fails the plugin. */
  onPluginError(id: string, source: PluginErrorSource, error: unknown): void;
  /**
   * A `loadManifest`'s plugins are all loaded (`pluginsLoaded`: each bundle Loaded or Failed),
   * then all initialized (`pluginsInitialized`: each Initialized or Failed), with their statuses.
   */
  onManifestSettled?(event: 'pluginsLoaded' | 'pluginsInitialized', statuses: PluginStatus[]): void;
  /**
   * Keeps a plugin's store namespaces across a state-keeping reload: `hold` remembers the
   * state of every namespace the plugin's reducers own now, for its next activation's
   * `addReducer` of the same namespace; `release` forgets what was held and not re-added.
   */
  stateKeeper?: { hold(pluginId: string): void; release(pluginId: string): void };
}

/** What {@link PluginManagerApi.update} did, by plugin id (manifest order). */
export interface PluginUpdateResult {
  /** New in the manifest: loaded and initialised. */
  loaded: string[];
  /** Changed (version, src, integrity, permissions or enabled; or why it is refused): unloaded, then loaded again. */
  reloaded: string[];
  /** No longer in the manifest: unloaded and forgotten. */
  unloaded: string[];
  /** The same as before: left alone (not even re-initialised). */
  unchanged: string[];
}

/** Options of {@link PluginManagerApi.reload}. */
export interface PluginReloadOptions {
  /** Points the entry at a new bundle (a dev server after a rebuild). */
  src?: string;
  /** The new bundle's SRI hash (without it, a new `src` drops the old one). */
  integrity?: string;
  /**
   * Keep the state of the plugin's store namespaces: the new `init`'s `addReducer` of a
   * namespace the plugin had starts from the state it had (hot reload). Default false. A
   * plugin opts out with `definePlugin({ hotReload: { keepState: false } })`.
   */
  keepState?: boolean;
}

/** A plugin known to the host: one manifest entry, as admitted (see {@link PluginAdmission}), and its lifecycle. */
interface PluginRecord {
  /** Unique: the name, or for a manifest entry that could not be used, `name#index`. */
  id: string;
  name: string;
  /** The validated entry; undefined when the manifest entry was not valid. */
  entry: ManifestEntry | undefined;
  /** What the status shows: the manifest's own values, never placeholders. */
  shown: ShownEntry;
  /** Why the admission step refused the entry; it stays the reason (reloading fetches nothing). */
  rejection: HostError | undefined;
  state: PluginState;
  error: PluginFailure | undefined;
  definition: PluginDefinition | undefined;
  /** Set while its bundle is loading; a registration problem found meanwhile. */
  loading: boolean;
  registrationError: HostError | undefined;
  bundle: LoadedBundle | undefined;
  /** Aborts the load in flight (teardown: the loader removes what it added at once). */
  loadController: AbortController | undefined;
  /** The owner of the current activation (from init until unload or failure). */
  owner: RuntimeOwner | undefined;
  /** Bumped on unload and reload: late results of an earlier attempt are ignored. */
  generation: number;
  /** Its place among every manifest entry the host has seen (1, 2, …). */
  rank: number;
}

/** The host's plugin manager (`host.plugins`). */
export interface PluginManagerApi {
  /**
   * A bundle registering its plugin: what `window.Switchboard.Plugins.init` calls. A loader
   * for another transport (tests, a worker, a host without the global) calls it while the
   * bundle "runs". `bundleOf` names the plugin whose bundle is running, when known.
   */
  register(definition: unknown, registration?: PluginRegistration, bundleOf?: string): void;
  /**
   * Loads the plugins of a manifest (an object, or a URL to fetch). Every enabled bundle is
   * fetched at once, in parallel; each plugin starts its `init` as soon as its own bundle is
   * Loaded and every plugin of the earlier phases has settled (a plugin never waits for a
   * sibling of its own phase). Settles when each is Initialized or Failed; resolves with every
   * plugin's status. Rejects only when the manifest as a whole cannot be read.
   */
  loadManifest(manifest: string | PluginManifest | PluginManifest['plugins']): Promise<PluginStatus[]>;
  /** Every plugin the host knows, in manifest order. */
  list(): PluginStatus[];
  /** One plugin's status. */
  get(id: string): PluginStatus | undefined;
  /** Removes everything the plugin registered and its bundle's script; its state becomes NotStarted. */
  unload(id: string): Promise<void>;
  /**
   * Unloads, then loads and initialises the plugin again (its bundle is fetched again; a
   * disabled plugin is loaded too). `src` / `integrity` point the entry at a new bundle (a
   * dev server after a rebuild); `keepState` keeps its store namespaces' state (hot reload).
   * An entry the manifest step refused keeps its reason and nothing is fetched.
   *
   * @example
   * await host.plugins.reload('crm-sync', { src: '/dev/crm-sync.js?v=2', keepState: true });
   */
  reload(id: string, options?: PluginReloadOptions): Promise<PluginStatus>;
  /**
   * Applies a new manifest in place (a new release): a plugin no longer in it is unloaded
   * and forgotten; a new one is loaded and initialised; one whose version, src, integrity,
   * permissions or enabled changed (or whose refusal reason did) is reloaded; an unchanged
   * one is left alone: its `init` does not run again and what it registered stays. A phase or
   * `hostVersion` change alone (still admitted) only updates the entry. Removals happen
   * first, then the (re)loaded plugins start like a `loadManifest`'s (parallel fetches, phase
   * by phase), and `pluginsLoaded` / `pluginsInitialized` are emitted with their statuses
   * (not when nothing had to start). Updates run one after another. Works on a host that has
   * loaded nothing yet (everything is new).
   *
   * @example
   * const { reloaded, unloaded } = await host.plugins.update(await (await fetch('/plugins.json')).json());
   */
  update(manifest: string | PluginManifest | PluginManifest['plugins']): Promise<PluginUpdateResult>;
}

const message = (e: unknown) => (isError(e) ? e.message : String(e));

/**
 * The plugins' lifecycle (see {@link PluginManagerApi}): load → init → unload / reload, the
 * states, one owner per activation. Which entries and registrations are accepted at all is
 * {@link PluginAdmission}'s decision; how an owned init runs is `runOwnedInit`'s
 * (`@switchboard/actions/runtime`).
 */
export class PluginManager implements PluginManagerApi {
  private readonly records = new Map<string, PluginRecord>();
  private readonly admission: PluginAdmission;
  private disposed = false;
  /** The rank the next new plugin gets (ranks are never reused, even after an update removed some). */
  private nextRank = 1;
  /** The update in progress (updates run one after another). */
  private updating: Promise<unknown> = Promise.resolve();

  constructor(private readonly deps: PluginManagerDeps) {
    this.admission = new PluginAdmission(deps.hostVersion);
  }

  register(definition: unknown, registration?: PluginRegistration, bundleOf?: string): void {
    const { log } = this.deps;
    const target = bundleOf === undefined ? undefined : this.records.get(bundleOf);
    const name = (definition as { name?: unknown } | null)?.name;
    const valid =
      typeof name === 'string' &&
      PLUGIN_NAME.test(name) &&
      typeof (definition as { init?: unknown }).init === 'function';
    if (!valid) {
      const problem = `registered an invalid plugin (expected { name, init(api) }, got name ${JSON.stringify(name)})`;
      if (target?.loading)
        target.registrationError ??= new HostError(
          'PLUGIN_NOT_REGISTERED',
          `plugin "${target.id}": its bundle ${problem}`,
          { owner: target.id },
        );
      else log.error(`a bundle ${problem}; ignored`);
      return;
    }
    if (target && target.name !== name) {
      target.registrationError ??= new HostError(
        'PLUGIN_NOT_REGISTERED',
        `plugin "${target.id}": its bundle registered a plugin named "${name}"; the names must match`,
        { owner: target.id },
      );
      return;
    }
    const record = target ?? this.records.get(name);
    if (!record?.loading) {
      log.error(
        `a bundle registered plugin "${name}", which is ${record ? `already ${record.state}` : 'not in any manifest'}; ignored`,
      );
      return;
    }
    if (record.definition) {
      record.registrationError ??= new HostError(
        'PLUGIN_DUPLICATE',
        `plugin "${name}": registered twice (two bundles use the name "${name}")`,
        { owner: name },
      );
      return;
    }
    const contractProblem = this.admission.contractProblem(name, registration);
    if (contractProblem) {
      record.registrationError ??= contractProblem;
      return;
    }
    record.definition = definition as PluginDefinition;
  }

  async loadManifest(manifest: string | PluginManifest | PluginManifest['plugins']): Promise<PluginStatus[]> {
    this.alive('loadManifest');
    const parsed =
      typeof manifest === 'string'
        ? await fetchManifest(manifest, this.deps.baseUrl)
        : parseManifest(manifest, this.deps.baseUrl);
    const records = parsed.map((p) => this.add(this.admission.admit(p, (taken) => this.records.has(taken))));
    await this.run(records);
    return this.list();
  }

  update(manifest: string | PluginManifest | PluginManifest['plugins']): Promise<PluginUpdateResult> {
    this.alive('update');
    const run = this.updating.then(() => this.applyUpdate(manifest));
    this.updating = run.catch(() => undefined);
    return run;
  }

  list(): PluginStatus[] {
    return [...this.records.values()].map((r) => this.status(r));
  }

  get(id: string): PluginStatus | undefined {
    const record = this.records.get(id);
    return record && this.status(record);
  }

  async unload(id: string): Promise<void> {
    const record = this.find(id, 'unload');
    if (record.rejection) return; // nothing was loaded; the reason stays
    this.teardown(record, new HostError('PLUGIN_UNLOADED', `plugin "${id}" was unloaded`, { owner: id }));
    this.deps.markFailedUi(record.id, undefined);
    this.set(record, 'NotStarted', undefined);
    this.deps.log.info(`plugin "${id}" unloaded`);
  }

  async reload(id: string, options: PluginReloadOptions = {}): Promise<PluginStatus> {
    this.alive('reload');
    const record = this.find(id, 'reload');
    if (record.rejection) {
      // The manifest step refused this entry: fetching anything would only invent a new reason.
      this.set(record, 'Failed', failureOf(record.rejection));
      return this.status(record);
    }
    const { keepState = false, ...update } = options;
    if (update.src !== undefined || update.integrity !== undefined) {
      const [parsed] = parseManifest(
        [{ ...record.entry!, ...update, ...(update.integrity === undefined ? { integrity: undefined } : {}) }],
        this.deps.baseUrl,
        `reload("${id}")`,
      );
      if (!parsed?.entry) throw new HostError('MANIFEST_INVALID', parsed?.problems?.join('; ') ?? 'invalid update');
      record.entry = parsed.entry;
      record.shown = { ...record.shown, src: parsed.entry.src };
    }
    const keeper = keepState ? this.deps.stateKeeper : undefined;
    // Held before the teardown removes the namespaces (and their state) from the store.
    keeper?.hold(record.id);
    try {
      await this.unload(id);
      const generation = await this.load(record);
      // The new bundle's own word counts: an author who just added the opt-out gets it at once.
      if (record.definition?.hotReload?.keepState === false) {
        keeper?.release(record.id);
        if (keeper) this.deps.log.info(`plugin "${id}" opts out of keeping its state on reload`);
      }
      await this.init(record, generation);
    } finally {
      keeper?.release(record.id);
    }
    return this.status(record);
  }

  /** A plugin's code failed at run time (a render, for instance, seen by an error boundary). */
  pluginError(id: string, source: PluginErrorSource, error: unknown): void {
    const record = this.records.get(id);
    if (record?.owner) this.ownerReported(record, record.owner, source, error);
    else {
      this.deps.onPluginError(id, source, error);
      this.deps.log.error(`plugin "${id}" failed in its ${source}: ${message(error)}`, error);
    }
  }

  /** Unloads every plugin (host disposal). */
  disposeAll(): void {
    this.disposed = true;
    const reason = new HostError('HOST_DISPOSED', 'the host was disposed');
    for (const record of this.records.values()) {
      this.teardown(record, reason);
      this.deps.markFailedUi(record.id, undefined);
    }
    for (const id of this.records.keys()) this.deps.onStatusRemoved(id);
    this.records.clear();
  }

  // ---- internals ---------------------------------------------------------------------

  private alive(what: string): void {
    if (this.disposed) throw new HostError('HOST_DISPOSED', `${what}: the host was disposed; create a new one`);
  }

  private find(id: string, what: string): PluginRecord {
    const record = this.records.get(id);
    if (!record) {
      throw new HostError(
        'PLUGIN_NOT_FOUND',
        `${what}("${id}"): no such plugin; known: ${[...this.records.keys()].join(', ') || 'none'}`,
      );
    }
    return record;
  }

  /**
   * Starts a batch of new (or reset) records like a manifest: every bundle requested at once,
   * phase by phase, then `pluginsLoaded` and `pluginsInitialized` with the batch's statuses.
   */
  private async run(records: PluginRecord[]): Promise<void> {
    // The bundles are requested first (start() appends every script before it awaits), then
    // the statuses go out: status listeners and the store do not delay the downloads.
    const loads: Promise<unknown>[] = [];
    const started = this.start(records, loads);
    for (const record of records) {
      if (record.rejection) this.fail(record, record.rejection);
      else this.set(record, 'NotStarted', undefined);
    }
    const settled = (event: 'pluginsLoaded' | 'pluginsInitialized') =>
      this.deps.onManifestSettled?.(
        event,
        records.map((r) => this.status(r)),
      );
    // Loaded first, whatever order the promises settle in.
    const loaded = Promise.all(loads).then(() => settled('pluginsLoaded'));
    await started;
    await loaded;
    settled('pluginsInitialized');
  }

  /** See {@link PluginManagerApi.update}. */
  private async applyUpdate(
    manifest: string | PluginManifest | PluginManifest['plugins'],
  ): Promise<PluginUpdateResult> {
    const parsed =
      typeof manifest === 'string'
        ? await fetchManifest(manifest, this.deps.baseUrl)
        : parseManifest(manifest, this.deps.baseUrl);
    this.alive('update');
    // Admitted against the new manifest alone: a name stays taken only by its own entry.
    const ids = new Set<string>();
    const admitted = parsed.map((p) => {
      const a = this.admission.admit(p, (id) => ids.has(id));
      ids.add(a.id);
      return a;
    });
    const result: PluginUpdateResult = { loaded: [], reloaded: [], unloaded: [], unchanged: [] };

    // Removed first: a plugin renamed in the release frees its namespaces and slots before its successor starts.
    for (const [id, record] of this.records) {
      if (ids.has(id)) continue;
      this.teardown(
        record,
        new HostError('PLUGIN_UNLOADED', `plugin "${id}" was removed by a manifest update`, { owner: id }),
      );
      this.deps.markFailedUi(id, undefined);
      this.records.delete(id);
      this.deps.onStatusRemoved(id);
      this.deps.log.info(`plugin "${id}" unloaded: no longer in the manifest`);
      result.unloaded.push(id);
    }

    const order: PluginRecord[] = [];
    const batch: PluginRecord[] = [];
    for (const a of admitted) {
      const record = this.records.get(a.id);
      if (!record) {
        const added = this.add(a);
        order.push(added);
        batch.push(added);
        result.loaded.push(a.id);
        continue;
      }
      order.push(record);
      if (sameEntry(record, a)) {
        // What only matters at start (phase, a still-satisfied hostVersion) is taken as is.
        if (a.entry) record.entry = a.entry;
        if (record.shown.phase !== a.shown.phase) {
          record.shown = a.shown;
          this.deps.onStatus(this.status(record));
        } else record.shown = a.shown;
        result.unchanged.push(a.id);
        continue;
      }
      this.teardown(
        record,
        new HostError('PLUGIN_UNLOADED', `plugin "${a.id}" was reloaded by a manifest update`, { owner: a.id }),
      );
      this.deps.markFailedUi(record.id, undefined);
      Object.assign(record, { entry: a.entry, shown: a.shown, rejection: a.rejection, error: undefined });
      record.state = 'NotStarted';
      batch.push(record);
      result.reloaded.push(a.id);
    }
    // The records follow the new manifest's order (list() is in manifest order).
    this.records.clear();
    for (const record of order) this.records.set(record.id, record);
    if (result.loaded.length || result.reloaded.length || result.unloaded.length) {
      const summary = (['loaded', 'reloaded', 'unloaded'] as const)
        .filter((k) => result[k].length)
        .map((k) => `${k} ${result[k].join(', ')}`)
        .join('; ');
      this.deps.log.info(`manifest update: ${summary}`);
    }
    if (batch.length) await this.run(batch);
    return result;
  }

  /** Makes the record of an admitted manifest entry. Entries the admission step refused are Failed with the reason. */
  private add({ id, name, entry, shown, rejection }: Admission): PluginRecord {
    const record: PluginRecord = {
      id,
      name,
      entry,
      shown,
      rejection,
      state: 'NotStarted',
      error: undefined,
      definition: undefined,
      loading: false,
      registrationError: undefined,
      bundle: undefined,
      loadController: undefined,
      owner: undefined,
      generation: 0,
      rank: this.nextRank++,
    };
    this.records.set(id, record);
    return record;
  }

  /**
   * Fetches every enabled bundle of `batch` at once, and starts each plugin as soon as its
   * bundle is Loaded and every plugin of the earlier phases has settled.
   *
   * A plugin whose phase may start goes from Loaded through Initializing to Initialized (when
   * its `init` is synchronous) in one synchronous run, inside its bundle's load event: the
   * store and React see one burst of changes per plugin, not one per state.
   */
  private async start(batch: PluginRecord[], loads: Promise<unknown>[] = []): Promise<void> {
    const phases = [...new Set(batch.map((r) => r.shown.phase))].sort((a, b) => a - b);
    let earlierPhases: Promise<unknown> = Promise.resolve();
    let earlierSettled = true;
    for (const phase of phases) {
      const gate = earlierPhases;
      const open = { now: earlierSettled };
      if (!open.now) void gate.then(() => (open.now = true));
      earlierPhases = Promise.all(
        batch.filter((r) => r.shown.phase === phase).map((r) => this.startOne(r, gate, open, loads)),
      );
      earlierSettled = false;
    }
    await earlierPhases;
  }

  /** Loads `record` and initialises it once `gate` (the earlier phases) has settled. */
  private async startOne(
    record: PluginRecord,
    gate: Promise<unknown>,
    open: { now: boolean },
    loads: Promise<unknown>[] = [],
  ): Promise<void> {
    if (record.rejection || record.state !== 'NotStarted' || !record.entry?.enabled) return void (await gate);
    let initializing: Promise<void> | undefined;
    const loading = this.load(record, (g) => {
      if (open.now) initializing = this.init(record, g);
    });
    loads.push(loading.catch(() => undefined));
    const generation = await loading;
    if (initializing) return initializing;
    await gate;
    await this.init(record, generation);
  }

  /**
   * Loads the bundle; resolves with the attempt's generation (its init must match it).
   * `onLoaded` runs once the plugin is Loaded, in the same synchronous run (no microtask in
   * between).
   */
  private async load(record: PluginRecord, onLoaded?: (generation: number) => void): Promise<number> {
    const entry = record.entry!;
    const { timeoutMs } = this.deps;
    this.deps.markFailedUi(record.id, undefined);
    const generation = ++record.generation;
    record.loading = true;
    record.definition = undefined;
    record.registrationError = undefined;
    const controller = (record.loadController = new AbortController());
    const timer = setTimeout(
      () =>
        controller.abort(
          new HostError(
            'PLUGIN_LOAD_FAILED',
            `plugin "${entry.name}": its bundle did not load within ${timeoutMs} ms`,
            {
              owner: entry.name,
              kind: 'timeout',
            },
          ),
        ),
      timeoutMs,
    );
    let loaded = false;
    try {
      const bundle = (await this.deps.loader(entry, controller.signal)) || undefined;
      if (generation !== record.generation) {
        bundle?.dispose?.();
        return generation;
      }
      record.bundle = bundle;
      if (record.registrationError) throw record.registrationError;
      if (!record.definition) {
        throw new HostError(
          'PLUGIN_NOT_REGISTERED',
          `plugin "${entry.name}": its bundle ran but never registered (call loadPlugin(definePlugin({ name: "${entry.name}", init })))`,
          { owner: entry.name },
        );
      }
      this.set(record, 'Loaded', undefined);
      loaded = true;
    } catch (error) {
      if (generation === record.generation)
        this.fail(record, this.asHostError(error, 'PLUGIN_LOAD_FAILED', entry.name, 'could not be loaded'));
    } finally {
      clearTimeout(timer);
      // A stale attempt must not end the loading of the attempt that replaced it.
      if (generation === record.generation) {
        record.loading = false;
        record.loadController = undefined;
      }
    }
    if (loaded) onLoaded?.(generation);
    return generation;
  }

  /** Runs `init` with a new owner, bounded by the timeout; only for the load attempt `generation`. */
  private async init(record: PluginRecord, generation: number): Promise<void> {
    if (record.state !== 'Loaded' || !record.definition || record.generation !== generation) return;
    const entry = record.entry!;
    const { definition } = record;
    const { timeoutMs } = this.deps;
    const owner = (record.owner = new RuntimeOwner({
      id: record.id,
      name: record.name,
      rank: record.rank,
      onReport: (o, source, error) => this.ownerReported(record, o, source as PluginErrorSource, error),
    }));
    this.set(record, 'Initializing', undefined);
    await runOwnedInit(owner, (o) => definition.init(this.deps.createApi(entry, o)), {
      timeoutMs,
      failure: (error, timedOut) =>
        timedOut
          ? new HostError('PLUGIN_INIT_TIMEOUT', `plugin "${entry.name}": init did not finish within ${timeoutMs} ms`, {
              owner: entry.name,
            })
          : this.asHostError(error, 'PLUGIN_INIT_FAILED', entry.name, 'init failed'),
      // Before the owner is disposed: the notices go where the plugin's UI still is.
      onFailure: (error) => this.fail(record, error),
      // At once: a synchronous init is Initialized in the same run (one burst of store updates).
      onSettled: (outcome) => {
        // Unload, reload or a run-time failure during init disposed the owner (a `disposed` run).
        if (
          outcome.status === 'initialized' &&
          record.owner === owner &&
          (record.state as PluginState) === 'Initializing'
        )
          this.set(record, 'Initialized', undefined);
      },
    });
  }

  /** A failure reported by (or for) a plugin's owner. */
  private ownerReported(record: PluginRecord, owner: RuntimeOwner, source: PluginErrorSource, error: unknown): void {
    const text = `plugin "${record.id}" failed in its ${source}: ${message(error)}`;
    this.deps.onPluginError(record.id, source, error);
    // Only the current activation of a running plugin fails; anything else is logged.
    if (
      record.owner !== owner ||
      this.deps.errorPolicy === 'report' ||
      source === 'dispose' ||
      (record.state !== 'Initialized' && record.state !== 'Initializing')
    ) {
      this.deps.log.error(text, error);
      return;
    }
    this.fail(record, new HostError('PLUGIN_RUNTIME_ERROR', text, { owner: record.id, cause: error }));
  }

  private asHostError(error: unknown, code: HostErrorCode, name: string, what: string): HostError {
    if (error instanceof HostError || (isSwitchboardError(error) && String(error.code).startsWith('PLUGIN_')))
      return error as HostError;
    return new HostError(code, `plugin "${name}": ${what}: ${message(error)}`, { owner: name, cause: error });
  }

  /**
   * Undoes everything the plugin did and removes its script. `reason` says why (unloaded,
   * failed, host disposed): a load in flight is abandoned with it, and the owner's signal is
   * aborted with it. What undoing throws is reported through the owner (logged with the plugin).
   */
  private teardown(record: PluginRecord, reason: HostError): void {
    record.generation++;
    record.loading = false;
    record.loadController?.abort(reason);
    record.loadController = undefined;
    record.definition = undefined;
    const owner = record.owner;
    record.owner = undefined;
    owner?.dispose(reason);
    record.bundle?.dispose?.();
    record.bundle = undefined;
  }

  private fail(record: PluginRecord, error: HostError): void {
    if (record.owner) this.deps.markFailedUi(record.id, error.message);
    this.teardown(record, error);
    this.set(record, 'Failed', failureOf(error));
    this.deps.log.error(error.message, ...(error.cause === undefined ? [] : [error.cause]));
  }

  private set(record: PluginRecord, state: PluginState, error: PluginFailure | undefined): void {
    record.state = state;
    record.error = error;
    this.deps.onStatus(this.status(record));
  }

  private status(record: PluginRecord): PluginStatus {
    const { version, src, phase, enabled } = record.shown;
    return {
      id: record.id,
      name: record.name,
      ...(version === undefined ? {} : { version }),
      ...(src === undefined ? {} : { src }),
      phase,
      enabled,
      state: record.state,
      ...(record.error ? { error: record.error } : {}),
      ...(record.entry?.permissions ? { permissions: record.entry.permissions } : {}),
    };
  }
}

/** Whether an admitted entry is what the record runs already: nothing a reload would change. */
function sameEntry(record: PluginRecord, a: Admission): boolean {
  if (record.rejection || a.rejection)
    return record.rejection?.code === a.rejection?.code && record.rejection?.message === a.rejection?.message;
  const was = record.entry!;
  const now = a.entry!;
  return (
    was.version === now.version &&
    was.src === now.src &&
    was.integrity === now.integrity &&
    was.enabled === now.enabled &&
    samePermissions(was.permissions, now.permissions)
  );
}

const samePermissions = (a: PluginPermissions | null | undefined, b: PluginPermissions | null | undefined): boolean => {
  if (!a || !b) return !a === !b;
  const key = (p: PluginPermissions) => JSON.stringify([p.actions, p.slots, p.origins].map((l) => [...l].sort()));
  return key(a) === key(b);
};

const failureOf = (error: HostError): PluginFailure => ({
  code: error.code,
  message: error.message,
  ...(error.kind ? { kind: error.kind } : {}),
});
