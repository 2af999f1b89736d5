/**
 * The desktop's side of plugin releases: load the folder plugins and the registry's active
 * release as one manifest after sign-in; when the contact center says a release changed,
 * fetch it again and apply it in place (`host.plugins.update`) once the agent is between
 * tasks; report the release's plugins' health to the registry.
 */
import type { Disposable } from '@switchboard/actions';
import type { Host, PluginStatus } from '@switchboard/host';
import { agentWork, type AgentWork } from './agentWork';
import { HealthCollector } from './HealthCollector';
import { mergeManifests, registryEntries, type DesktopManifestEntry, type ReleaseManifest } from './releaseManifest';
import type { ActiveRelease, HealthReport } from '@switchboard/contact-center';

/** The registry as the desktop uses it (`createRegistryClient({ serverUrl, token })` is one). */
export interface ReleaseSource {
  active(): Promise<ActiveRelease>;
  reportHealth(report: HealthReport): Promise<void>;
}

/** Options of {@link followReleases}. */
export interface FollowReleasesOptions {
  host: Host;
  /** The registry, with this agent's token. */
  registry: ReleaseSource;
  /** The contact center's origin: the release's bundle URLs are relative to it. */
  serverUrl: string;
  /** The folder plugins (`/plugins.json`, read with `readFolderManifest`), or a promise of them. */
  folder: readonly DesktopManifestEntry[] | Promise<readonly DesktopManifestEntry[]>;
  /** Subscribes to the contact center's `releaseChanged` (the agent client's `on('releaseChanged', …)`). */
  onReleaseChanged(listener: (e: { releaseSid: string | null }) => void): Disposable;
  /** The longest a release waits for the agent to finish a task (never a live call). Default 10 minutes. */
  maxWaitMs?: number;
  /** How often a health report goes when something changed (a failure goes at once). Default 10 s. */
  healthIntervalMs?: number;
}

/** A running {@link followReleases}. */
export interface ReleaseFollower extends Disposable {
  /** Settles when the first manifest is loaded (each plugin Initialized or Failed). */
  readonly started: Promise<PluginStatus[]>;
  /** The release the desktop runs (null: none). */
  readonly releaseSid: string | null;
  /** A release fetched and waiting for the agent to be between tasks (undefined: none waits). */
  readonly waiting: { releaseSid: string | null; since: number } | undefined;
  /** Sends a health report now if anything changed since the last one (tests; the timer does it too). */
  reportHealth(): Promise<void>;
  /** Settles when the updates fetched so far are applied (or wait for the agent). */
  idle(): Promise<void>;
}

const DEFAULT_MAX_WAIT_MS = 10 * 60_000;
const DEFAULT_HEALTH_INTERVAL_MS = 10_000;

/**
 * Loads the folder plugins and the agent's active release, then follows the releases.
 *
 * @example
 * const follower = followReleases({
 *   host, serverUrl,
 *   registry: createRegistryClient({ serverUrl, token: contactCenter.token! }),
 *   folder: readFolderManifest('/plugins.json'),
 *   onReleaseChanged: (listener) => contactCenter.on('releaseChanged', listener),
 * });
 * await follower.started;
 */
export function followReleases(options: FollowReleasesOptions): ReleaseFollower {
  const { host, registry, serverUrl } = options;
  const maxWaitMs = options.maxWaitMs ?? DEFAULT_MAX_WAIT_MS;
  const health = new HealthCollector(host);
  const subscriptions: Disposable[] = [health];
  let disposed = false;
  let current: ReleaseManifest = { releaseSid: null, plugins: [], origins: {} };
  let waiting: { manifest: ReleaseManifest; since: number } | undefined;
  let waitTimer: ReturnType<typeof setTimeout> | undefined;
  let folder: readonly DesktopManifestEntry[] = [];
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(step: () => Promise<T>): Promise<T> => {
    const run = queue.then(step);
    queue = run.catch(() => undefined);
    return run;
  };

  const fetchActive = async (): Promise<ActiveRelease | undefined> => {
    try {
      return await registry.active();
    } catch (error) {
      host.log.warn('the plugin registry could not be read: the folder plugins run without a release', error);
      return undefined;
    }
  };
  const manifestOf = (active: ActiveRelease | undefined): ReleaseManifest =>
    mergeManifests(folder, {
      releaseSid: active?.releaseSid ?? null,
      entries: active ? registryEntries(active, serverUrl) : [],
    });
  const releaseNames = () =>
    new Set(Object.entries(current.origins).flatMap(([name, origin]) => (origin === 'registry' ? [name] : [])));

  const reportHealth = async (): Promise<void> => {
    if (disposed || current.releaseSid === null) return;
    const { report, changed } = health.take(current.releaseSid, releaseNames());
    if (!changed || report.plugins.length === 0) return;
    await registry.reportHealth(report).catch((error: unknown) => {
      host.log.warn('the plugin health report could not be sent', error);
    });
  };

  const started = serial(async () => {
    folder = await Promise.resolve(options.folder).catch((error: unknown) => {
      host.log.error('the folder plugins (plugins.json) could not be read', error);
      return [];
    });
    const active = await fetchActive();
    if (active && active.plugins.length === 0)
      host.log.info('no plugin release for this agent yet: the folder plugins run alone');
    current = manifestOf(active);
    const statuses = await host.plugins.loadManifest(current.plugins);
    return statuses;
  });

  const apply = async (): Promise<void> => {
    const next = waiting;
    if (!next || disposed) return;
    waiting = undefined;
    if (waitTimer !== undefined) clearTimeout(waitTimer);
    waitTimer = undefined;
    // The desktop moves to the new release now: a failure while it loads is the new release's.
    const previous = current;
    current = next.manifest;
    let result: Awaited<ReturnType<Host['plugins']['update']>>;
    try {
      result = await host.plugins.update({ plugins: current.plugins });
    } catch (error) {
      // The manifest as a whole was refused: nothing changed, the desktop stays where it was.
      current = previous;
      throw error;
    }
    const changed = [...result.loaded, ...result.reloaded, ...result.unloaded];
    host.log.info(`release ${current.releaseSid ?? '(none)'} applied`, result);
    if (changed.length) {
      host.notifications.show(RELEASE_APPLIED, {
        releaseSid: current.releaseSid ?? 'none',
        plugins: changed.join(', '),
      });
    }
    void reportHealth();
  };

  /** Applies the waiting release if the agent's work allows it now. */
  const maybeApply = (work: AgentWork = agentWork(desktopOf(host))): void => {
    if (!waiting || work === 'live-call') return;
    if (work === 'busy' && Date.now() - waiting.since < maxWaitMs) return;
    void serial(apply).catch((error: unknown) => host.log.error('the new plugin release could not be applied', error));
  };

  const onReleaseChanged = (e: { releaseSid: string | null }) => {
    void serial(async () => {
      const active = await fetchActive();
      if (!active || disposed) return;
      const manifest = manifestOf(active);
      // Told again of what runs (a reconnect, a release for other agents): nothing to do.
      if (!waiting && sameManifest(manifest, current)) return;
      host.log.info(`release changed (${e.releaseSid ?? 'none'}): ${manifest.releaseSid ?? 'none'} for this agent`);
      // The wait is bounded from the first release that waited, however many follow.
      waiting = { manifest, since: waiting?.since ?? Date.now() };
      const work = agentWork(desktopOf(host));
      if (work !== 'idle') host.log.info(`release ${manifest.releaseSid ?? 'none'} waits: the agent is ${work}`);
      setWaitTimer();
      maybeApply(work);
    });
  };

  const setWaitTimer = () => {
    if (waitTimer !== undefined || !waiting) return;
    waitTimer = setTimeout(
      () => {
        waitTimer = undefined;
        maybeApply();
      },
      Math.max(0, waiting.since + maxWaitMs - Date.now()),
    );
  };

  void started.then(
    () => {
      if (disposed) return;
      registerNotification(host, subscriptions);
      subscriptions.push(options.onReleaseChanged(onReleaseChanged));
      // A release that went live while the socket was down was not pushed: ask after a reconnect.
      subscriptions.push(
        host.events.on('connectionStateChanged', (state) => {
          if (state === 'connected') onReleaseChanged({ releaseSid: null });
        }),
      );
      // The agent's work changes with the store: a task wrapped up, a call ended.
      const unsubscribe = host.store.subscribe(() => maybeApply());
      subscriptions.push({ dispose: unsubscribe });
      // A failure to load or init goes at once; the rest every interval, when something changed.
      subscriptions.push(
        host.events.on('pluginStateChanged', (status) => {
          if (status.state === 'Failed' && current.origins[status.name] === 'registry') void reportHealth();
        }),
      );
      const interval = setInterval(() => void reportHealth(), options.healthIntervalMs ?? DEFAULT_HEALTH_INTERVAL_MS);
      subscriptions.push({ dispose: () => clearInterval(interval) });
      void reportHealth();
    },
    (error: unknown) => host.log.error('the plugins could not be loaded', error),
  );

  return {
    started,
    get releaseSid() {
      return current.releaseSid;
    },
    get waiting() {
      return waiting ? { releaseSid: waiting.manifest.releaseSid, since: waiting.since } : undefined;
    },
    reportHealth,
    idle: () => queue.then(() => undefined),
    dispose() {
      disposed = true;
      if (waitTimer !== undefined) clearTimeout(waitTimer);
      for (const s of subscriptions.splice(0)) s.dispose();
    },
  };
}

/** The notification that says a release was applied (its context: `releaseSid`, `plugins`). */
export const RELEASE_APPLIED = 'switchboard.releaseApplied';

function registerNotification(host: Host, subscriptions: Disposable[]): void {
  try {
    subscriptions.push(
      host.notifications.register({
        id: RELEASE_APPLIED,
        type: 'information',
        content: 'Plugins updated (release {{releaseSid}}): {{plugins}}',
      }),
    );
  } catch (error) {
    // Registered already (a second follower on the same host): the first one's serves.
    host.log.debug('the release notification is registered already', error);
  }
}

/** The same release and the same entries (so nothing to apply). */
const sameManifest = (a: ReleaseManifest, b: ReleaseManifest) =>
  a.releaseSid === b.releaseSid && JSON.stringify(a.plugins) === JSON.stringify(b.plugins);

const desktopOf = (host: Host) => (host.store.getState() as { desktop?: Parameters<typeof agentWork>[0] }).desktop;
