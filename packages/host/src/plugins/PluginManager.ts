import { isError, isSwitchboardError } from '@switchboard/actions';
import type { Logger, PluginDefinition } from '@switchboard/plugin';
import { PLUGIN_NAME } from '@switchboard/plugin';
import satisfies from 'semver/functions/satisfies.js';
import { HostError, type HostErrorCode } from '../errors';
import { fetchManifest, parseManifest, type ParsedEntry } from '../manifest/manifest';
import type { PluginScope } from './pluginScope';
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
  onPluginError: 'fail' | 'report';
  createScope(entry: ManifestEntry): PluginScope;
  /** Leave notices where a failed plugin's UI was (`clear`: remove them again). */
  markFailedUi(owner: string, reason: string | undefined): void;
  /** Every status change, for the store and host events. */
  onStatus(status: PluginStatus): void;
  onStatusRemoved(id: string): void;
}

/** A plugin known to the host. */
interface PluginRecord {
  /** Unique: the name, or for a manifest entry that could not be used, `name#index`. */
  id: string;
  entry: ManifestEntry;
  state: PluginState;
  error: PluginFailure | undefined;
  definition: PluginDefinition | undefined;
  /** Set while its bundle is loading; a registration problem found meanwhile. */
  loading: boolean;
  registrationError: HostError | undefined;
  bundle: LoadedBundle | undefined;
  /** Aborts the load in flight (teardown: the loader removes what it added at once). */
  loadController: AbortController | undefined;
  scope: PluginScope | undefined;
  /** Bumped on unload and reload: late results of an earlier attempt are ignored. */
  generation: number;
}

/** The host's plugin manager (`host.plugins`). */
export interface PluginManagerApi {
  /**
   * Loads the plugins of a manifest (an object, or a URL to fetch): fetches every enabled
   * bundle in parallel, then initialises them phase by phase, in manifest order within a
   * phase. Settles when each is Initialized or Failed; resolves with every plugin's status.
   * Rejects only when the manifest as a whole cannot be read.
   */
  loadManifest(manifest: string | PluginManifest | PluginManifest['plugins']): Promise<PluginStatus[]>;
  /** Every plugin the host knows, in manifest order. */
  list(): PluginStatus[];
  /** One plugin's status. */
  get(name: string): PluginStatus | undefined;
  /** Removes everything the plugin registered and its bundle's script; its state becomes NotStarted. */
  unload(name: string): Promise<void>;
  /** Unloads, then loads and initialises the plugin again (its bundle is fetched again). */
  reload(name: string): Promise<PluginStatus>;
}

const message = (e: unknown) => (isError(e) ? e.message : String(e));

/** Manages plugins: see {@link PluginManagerApi}. */
export class PluginManager implements PluginManagerApi {
  private readonly records = new Map<string, PluginRecord>();
  private disposed = false;

  constructor(private readonly deps: PluginManagerDeps) {}

  /** The host's `Switchboard.Plugins.init`: a bundle registering its plugin. */
  register(definition: unknown, bundleOf?: string): void {
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
    if (target && target.entry.name !== name) {
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
    record.definition = definition as PluginDefinition;
  }

  async loadManifest(manifest: string | PluginManifest | PluginManifest['plugins']): Promise<PluginStatus[]> {
    this.alive('loadManifest');
    const parsed =
      typeof manifest === 'string'
        ? await fetchManifest(manifest, this.deps.baseUrl)
        : parseManifest(manifest, this.deps.baseUrl);
    const batch = parsed.map((p) => this.add(p));
    await Promise.all(batch.filter((r) => r.state === 'NotStarted' && r.entry.enabled).map((r) => this.load(r)));
    const phases = [...new Set(batch.map((r) => r.entry.phase))].sort((a, b) => a - b);
    for (const phase of phases) {
      // Started in manifest order; a slow init does not hold back the others of its phase.
      await Promise.all(batch.filter((r) => r.entry.phase === phase).map((r) => this.init(r)));
    }
    return this.list();
  }

  list(): PluginStatus[] {
    return [...this.records.values()].map((r) => this.status(r));
  }

  get(name: string): PluginStatus | undefined {
    const record = this.records.get(name);
    return record && this.status(record);
  }

  async unload(name: string): Promise<void> {
    const record = this.find(name, 'unload');
    this.teardown(record);
    this.deps.markFailedUi(record.entry.name, undefined);
    this.set(record, 'NotStarted', undefined);
    this.deps.log.info(`plugin "${name}" unloaded`);
  }

  async reload(name: string): Promise<PluginStatus> {
    this.alive('reload');
    const record = this.find(name, 'reload');
    await this.unload(name);
    await this.load(record);
    await this.init(record);
    return this.status(record);
  }

  /** A plugin's code failed at run time (a listener, reducer, middleware, render, …). */
  pluginError(owner: string, source: PluginErrorSource, error: unknown): void {
    const record = this.records.get(owner);
    const text = `plugin "${owner}" failed in its ${source}: ${message(error)}`;
    if (
      !record ||
      this.deps.onPluginError === 'report' ||
      source === 'dispose' ||
      (record.state !== 'Initialized' && record.state !== 'Initializing')
    ) {
      this.deps.log.error(text, error);
      return;
    }
    this.fail(record, new HostError('PLUGIN_RUNTIME_ERROR', text, { owner, cause: error }));
  }

  /** Unloads every plugin (host disposal). */
  disposeAll(): void {
    this.disposed = true;
    for (const record of this.records.values()) {
      this.teardown(record);
      this.deps.markFailedUi(record.entry.name, undefined);
    }
    for (const id of this.records.keys()) this.deps.onStatusRemoved(id);
    this.records.clear();
  }

  // ---- internals ---------------------------------------------------------------------

  private alive(what: string): void {
    if (this.disposed) throw new HostError('HOST_DISPOSED', `${what}: the host was disposed; create a new one`);
  }

  private find(name: string, what: string): PluginRecord {
    const record = this.records.get(name);
    if (!record) {
      throw new HostError(
        'PLUGIN_NOT_FOUND',
        `${what}("${name}"): no such plugin; known: ${[...this.records.keys()].join(', ') || 'none'}`,
      );
    }
    return record;
  }

  /** Makes the record of a manifest entry; entries that cannot be used become Failed records. */
  private add(p: ParsedEntry): PluginRecord {
    const taken = p.name !== undefined && this.records.has(p.name);
    const id = p.name !== undefined && !taken && !p.problems ? p.name : `${p.name ?? 'plugin'}#${p.index}`;
    const entry: ManifestEntry = p.entry ?? {
      name: p.name ?? id,
      version: '0.0.0',
      src: '',
      hostVersion: '*',
      phase: 0,
      enabled: false,
    };
    const record: PluginRecord = {
      id,
      entry,
      state: 'NotStarted',
      error: undefined,
      definition: undefined,
      loading: false,
      registrationError: undefined,
      bundle: undefined,
      loadController: undefined,
      scope: undefined,
      generation: 0,
    };
    this.records.set(id, record);
    if (p.problems) {
      this.fail(record, new HostError('MANIFEST_INVALID', p.problems.join('; '), { owner: entry.name }));
    } else if (taken) {
      this.fail(
        record,
        new HostError(
          'PLUGIN_DUPLICATE',
          `plugins[${p.index}] ("${entry.name}"): a plugin named "${entry.name}" is already loaded; names must be unique`,
          {
            owner: entry.name,
          },
        ),
      );
    } else {
      this.set(record, 'NotStarted', undefined);
    }
    return record;
  }

  private async load(record: PluginRecord): Promise<void> {
    const { entry } = record;
    const { hostVersion, timeoutMs } = this.deps;
    if (!satisfies(hostVersion, entry.hostVersion, { includePrerelease: true })) {
      this.fail(
        record,
        new HostError(
          'PLUGIN_HOST_VERSION',
          `plugin "${entry.name}" needs host ${entry.hostVersion}; this host is ${hostVersion}`,
          {
            owner: entry.name,
          },
        ),
      );
      return;
    }
    this.deps.markFailedUi(entry.name, undefined);
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
    try {
      const bundle = (await this.deps.loader(entry, controller.signal)) || undefined;
      if (generation !== record.generation) return void bundle?.dispose?.();
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
  }

  private async init(record: PluginRecord): Promise<void> {
    if (record.state !== 'Loaded' || !record.definition) return;
    const { entry, generation, definition } = record;
    const { timeoutMs } = this.deps;
    this.set(record, 'Initializing', undefined);
    // Unload, reload or a runtime failure may happen while init runs: then its outcome is stale.
    const current = () => generation === record.generation && (record.state as PluginState) === 'Initializing';
    const scope = (record.scope = this.deps.createScope(entry));
    let timer: ReturnType<typeof setTimeout> | undefined;
    try {
      await Promise.race([
        new Promise<void>((resolve) => resolve(definition.init(scope.api))),
        new Promise<never>((_, reject) => {
          timer = setTimeout(
            () =>
              reject(
                new HostError(
                  'PLUGIN_INIT_TIMEOUT',
                  `plugin "${entry.name}": init did not finish within ${timeoutMs} ms`,
                  { owner: entry.name },
                ),
              ),
            timeoutMs,
          );
        }),
      ]);
      if (current()) this.set(record, 'Initialized', undefined);
    } catch (error) {
      if (current()) this.fail(record, this.asHostError(error, 'PLUGIN_INIT_FAILED', entry.name, 'init failed'));
    } finally {
      clearTimeout(timer);
    }
  }

  private asHostError(error: unknown, code: HostErrorCode, name: string, what: string): HostError {
    if (error instanceof HostError || (isSwitchboardError(error) && String(error.code).startsWith('PLUGIN_')))
      return error as HostError;
    return new HostError(code, `plugin "${name}": ${what}: ${message(error)}`, { owner: name, cause: error });
  }

  /** Undoes everything the plugin did and removes its script. */
  private teardown(record: PluginRecord): void {
    record.generation++;
    record.loading = false;
    record.loadController?.abort(
      new HostError('PLUGIN_LOAD_FAILED', `plugin "${record.entry.name}": loading was abandoned`, {
        owner: record.entry.name,
      }),
    );
    record.loadController = undefined;
    record.definition = undefined;
    record.scope?.dispose();
    record.scope = undefined;
    record.bundle?.dispose?.();
    record.bundle = undefined;
  }

  private fail(record: PluginRecord, error: HostError): void {
    if (record.scope) this.deps.markFailedUi(record.entry.name, error.message);
    this.teardown(record);
    this.set(record, 'Failed', {
      code: error.code,
      message: error.message,
      ...(error.kind ? { kind: error.kind } : {}),
    });
    this.deps.log.error(error.message, ...(error.cause === undefined ? [] : [error.cause]));
  }

  private set(record: PluginRecord, state: PluginState, error: PluginFailure | undefined): void {
    record.state = state;
    record.error = error;
    this.deps.onStatus(this.status(record));
  }

  private status(record: PluginRecord): PluginStatus {
    const { entry } = record;
    return {
      id: record.id,
      name: entry.name,
      version: entry.version,
      src: entry.src,
      phase: entry.phase,
      enabled: entry.enabled,
      state: record.state,
      ...(record.error ? { error: record.error } : {}),
    };
  }
}
