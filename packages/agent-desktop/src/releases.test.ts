/**
 * The desktop's side of releases on a real host (`createHost`) on the real contact center in
 * memory (the test kit's `TestContactCenter`): the merged manifest, a new release applied in
 * place between tasks (never in a live call; after a chat is done; at once when idle; after
 * the longest wait), and the health reports. The registry here is an in-memory one with the
 * client's two calls the desktop makes (the registry server has its own tests; the Chromium
 * E2E `packages/local-stack/test/rollout.e2e.test.ts` runs the desktop on the real one).
 */
import type { ActiveRelease, HealthReport } from '@switchboard/contact-center';
import { createHost, selectNotifications, type Host, type PluginStatus } from '@switchboard/host';
import { TestContactCenter } from '@switchboard/host/testing';
import { definePlugin, type PluginDefinition } from '@switchboard/plugin';
import { mergeManifests, type DesktopManifestEntry } from './releaseManifest';
import { followReleases, type ReleaseFollower } from './releases';

const SERVER = 'http://cc.test';

/** The registry's two calls the desktop makes, in memory, with its push. */
class Registry {
  release: ActiveRelease = { releaseSid: null, configurationSid: null, cohort: false, plugins: [] };
  readonly reports: HealthReport[] = [];
  unreachable = false;
  readonly #listeners = new Set<(e: { releaseSid: string | null }) => void>();
  active = async (): Promise<ActiveRelease> => {
    if (this.unreachable) throw new Error('connect ECONNREFUSED');
    return structuredClone(this.release);
  };
  reportHealth = async (report: HealthReport): Promise<void> => {
    this.reports.push(structuredClone(report));
  };
  onReleaseChanged = (listener: (e: { releaseSid: string | null }) => void) => {
    this.#listeners.add(listener);
    return { dispose: () => void this.#listeners.delete(listener) };
  };
  /** Makes `plugins` live as release `sid` and tells the desktops. */
  publish(sid: string, plugins: Array<{ name: string; version: string }>): void {
    this.release = {
      releaseSid: sid,
      configurationSid: 'PC1',
      cohort: false,
      plugins: plugins.map((p) => ({
        ...p,
        src: `/api/registry/bundles/${p.name}-${p.version}.js`,
        integrity: `sha384-${'A'.repeat(64)}`,
        hostVersion: '*',
        phase: 0,
        enabled: true,
        permissions: null,
      })),
    };
    for (const l of this.#listeners) l({ releaseSid: sid });
  }
}

let cc: TestContactCenter;
let host: Host;
let registry: Registry;
let follower: ReleaseFollower | undefined;
/** The bundles, by URL: what each "runs" (registers). */
let bundles: Map<string, PluginDefinition>;
/** How many times each plugin@version's init ran. */
let inits: Map<string, number>;

const bundleUrl = (name: string, version: string) => `${SERVER}/api/registry/bundles/${name}-${version}.js`;

/** A plugin version whose init counts itself (and throws when `fails`). */
function plugin(
  name: string,
  version: string,
  setup: (api: Parameters<PluginDefinition['init']>[0]) => void = () => {},
) {
  bundles.set(
    bundleUrl(name, version),
    definePlugin({
      name,
      init(api) {
        inits.set(`${name}@${version}`, (inits.get(`${name}@${version}`) ?? 0) + 1);
        setup(api);
      },
    }),
  );
}

beforeEach(async () => {
  bundles = new Map();
  inits = new Map();
  registry = new Registry();
  cc = await TestContactCenter.start({ agent: 'alice' });
  host = createHost({
    logLevel: 'silent',
    global: false,
    pluginTimeoutMs: 2_000,
    contactCenter: cc.provider,
    loader: async (entry) => {
      // The integrity of these in-memory bundles is not checked: there are no bytes.
      const definition = bundles.get(entry.src);
      if (!definition) throw new Error(`no bundle at ${entry.src}`);
      host.plugins.register(definition, undefined, entry.name);
    },
  });
  await cc.connect();
});

afterEach(async () => {
  follower?.dispose();
  follower = undefined;
  host.dispose();
  await cc.close();
});

const follow = (options: { folder?: DesktopManifestEntry[]; maxWaitMs?: number; healthIntervalMs?: number } = {}) => {
  follower = followReleases({
    host,
    registry,
    serverUrl: SERVER,
    folder: options.folder ?? [],
    onReleaseChanged: registry.onReleaseChanged,
    healthIntervalMs: options.healthIntervalMs ?? 60_000,
    ...(options.maxWaitMs === undefined ? {} : { maxWaitMs: options.maxWaitMs }),
  });
  return follower;
};

const versions = () => Object.fromEntries(host.plugins.list().map((s: PluginStatus) => [s.name, s.version]));
const until = async (check: () => boolean, what: string, ms = 3_000) => {
  for (const end = Date.now() + ms; !check(); await new Promise((r) => setTimeout(r, 5)))
    if (Date.now() > end) throw new Error(`not in time: ${what}`);
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const desktop = () => (host.store.getState() as { desktop: import('@switchboard/host').DesktopState }).desktop;
const notices = () => selectNotifications(host.store.getState()).map((n) => n.id);

describe('the merged manifest', () => {
  it('a registry entry wins over a folder entry of the same name; folder order first, then the release', () => {
    const folder = [
      { name: 'crm-sync', version: '0.1.0', src: 'http://x/crm-sync.js' },
      { name: 'local-only', version: '0.1.0', src: 'http://x/local-only.js' },
    ];
    const merged = mergeManifests(folder, {
      releaseSid: 'PR1',
      entries: [
        { name: 'banner', version: '1.0.0', src: 'http://cc/banner.js' },
        { name: 'crm-sync', version: '2.0.0', src: 'http://cc/crm-sync.js' },
      ],
    });
    expect(merged.plugins.map((p) => `${p.name}@${p.version}`)).toEqual([
      'crm-sync@2.0.0',
      'local-only@0.1.0',
      'banner@1.0.0',
    ]);
    expect(merged.origins).toEqual({ 'crm-sync': 'registry', 'local-only': 'folder', banner: 'registry' });
  });

  it('loads the folder plugins and the release as one manifest on the real host', async () => {
    plugin('local-only', '0.1.0');
    plugin('crm-sync', '2.0.0');
    registry.publish('PR1', [{ name: 'crm-sync', version: '2.0.0' }]);
    const statuses = await follow({
      folder: [
        { name: 'crm-sync', version: '0.1.0', src: `${SERVER}/plugins/crm-sync.js`, hostVersion: '*' },
        { name: 'local-only', version: '0.1.0', src: bundleUrl('local-only', '0.1.0'), hostVersion: '*' },
      ],
    }).started;
    expect(statuses.map((s) => [s.name, s.version, s.state])).toEqual([
      ['crm-sync', '2.0.0', 'Initialized'],
      ['local-only', '0.1.0', 'Initialized'],
    ]);
    expect(follower!.releaseSid).toBe('PR1');
  });

  it('an unreachable registry leaves the folder plugins working', async () => {
    plugin('local-only', '0.1.0');
    registry.unreachable = true;
    const warnings: string[] = [];
    host.events.on('log', (e) => void (e.level === 'warn' && warnings.push(e.message)));
    const statuses = await follow({
      folder: [{ name: 'local-only', version: '0.1.0', src: bundleUrl('local-only', '0.1.0'), hostVersion: '*' }],
    }).started;
    expect(statuses.map((s) => s.state)).toEqual(['Initialized']);
    expect(warnings.join('\n')).toMatch(/registry could not be read/);
  });
});

describe('a new release is applied between tasks', () => {
  beforeEach(async () => {
    plugin('banner', '1.0.0');
    plugin('banner', '1.1.0');
    plugin('steady', '1.0.0');
    registry.publish('PR1', [
      { name: 'banner', version: '1.0.0' },
      { name: 'steady', version: '1.0.0' },
    ]);
  });
  const release2 = () =>
    registry.publish('PR2', [
      { name: 'banner', version: '1.1.0' },
      { name: 'steady', version: '1.0.0' },
    ]);

  it('idle: at once, in place (the unchanged plugin is left alone), and says so', async () => {
    await follow().started;
    release2();
    await until(() => versions().banner === '1.1.0', 'banner 1.1.0');
    await follower!.idle();
    expect(follower!.releaseSid).toBe('PR2');
    expect(inits).toEqual(
      new Map([
        ['banner@1.0.0', 1],
        ['steady@1.0.0', 1],
        ['banner@1.1.0', 1],
      ]),
    );
    expect(notices()).toContain('switchboard.releaseApplied');
    const shown = selectNotifications(host.store.getState()).find((n) => n.id === 'switchboard.releaseApplied');
    expect(shown?.context).toEqual({ releaseSid: 'PR2', plugins: 'banner' });
  });

  it('a chat accepted, then wrapping: waits; applied once the task is completed', async () => {
    await follow().started;
    const chat = await cc.createTask({ customerName: 'Ada' });
    await host.actions.invokeAction('AcceptTask', { sid: chat.reservationSid });
    release2();
    await until(() => follower!.waiting?.releaseSid === 'PR2', 'the release waits');
    await host.actions.invokeAction('WrapupTask', { sid: chat.reservationSid });
    await sleep(50);
    expect(versions().banner).toBe('1.0.0');
    expect(desktop().tasks[chat.reservationSid]?.status).toBe('wrapping');
    await host.actions.invokeAction('CompleteTask', { sid: chat.reservationSid });
    await until(() => versions().banner === '1.1.0', 'applied after the task');
    expect(follower!.waiting).toBeUndefined();
  });

  it('a chat that lasts: applied after the longest wait, with the task still open', async () => {
    await follow({ maxWaitMs: 150 }).started;
    const chat = await cc.createTask({ customerName: 'Ada' });
    await host.actions.invokeAction('AcceptTask', { sid: chat.reservationSid });
    const released = Date.now();
    release2();
    await until(() => versions().banner === '1.1.0', 'applied after the longest wait');
    expect(Date.now() - released).toBeGreaterThanOrEqual(140);
    expect(desktop().tasks[chat.reservationSid]?.status).toBe('accepted');
  });

  it('a live call: never, even past the longest wait; applied once the call has ended and the wait is over', async () => {
    await follow({ maxWaitMs: 100 }).started;
    const call = await cc.createCall({ customerName: 'Ada' });
    await host.actions.invokeAction('AcceptTask', { sid: call.reservationSid });
    await until(() => desktop().calls[call.callSid]?.status === 'in-progress', 'the call is live');
    release2();
    await until(() => follower!.waiting?.releaseSid === 'PR2', 'the release waits');
    await sleep(250); // past the longest wait
    expect(versions().banner).toBe('1.0.0');
    await host.actions.invokeAction('HangupCall', { sid: call.reservationSid });
    // The call ended (the task wraps): the wait is over, so it goes now.
    await until(() => versions().banner === '1.1.0', 'applied after the call');
    expect(desktop().tasks[call.reservationSid]?.status).toBe('wrapping');
  });

  it('a release pushed while the socket was down is fetched after the reconnect', async () => {
    await follow().started;
    // Released without a push (the desktop's socket was down).
    registry.release = { ...registry.release, releaseSid: 'PR2' };
    registry.release.plugins[0] = {
      ...registry.release.plugins[0]!,
      version: '1.1.0',
      src: '/api/registry/bundles/banner-1.1.0.js',
    };
    expect(versions().banner).toBe('1.0.0');
    await cc.reconnect();
    await until(() => versions().banner === '1.1.0', 'applied after the reconnect');
    expect(follower!.releaseSid).toBe('PR2');
  });

  it('an offer that rings is not work: applied at once', async () => {
    await follow().started;
    const chat = await cc.createTask({ customerName: 'Ada' });
    expect(desktop().tasks[chat.reservationSid]?.status).toBe('pending');
    release2();
    await until(() => versions().banner === '1.1.0', 'applied');
  });
});

describe('health reports', () => {
  it('a release plugin failing its init is reported at once, with its failure; folder plugins are not', async () => {
    plugin('local-only', '0.1.0');
    plugin('good', '1.0.0');
    plugin('bad', '1.1.0', () => {
      throw new Error('boom');
    });
    registry.publish('PR1', [{ name: 'good', version: '1.0.0' }]);
    await follow({
      folder: [{ name: 'local-only', version: '0.1.0', src: bundleUrl('local-only', '0.1.0'), hostVersion: '*' }],
    }).started;
    await until(() => registry.reports.length === 1, 'the first report');
    expect(registry.reports[0]).toEqual({
      releaseSid: 'PR1',
      plugins: [
        { name: 'good', version: '1.0.0', state: 'Initialized', errors: 0, aborts: 0, timeouts: 0, invocations: 0 },
      ],
    });

    registry.publish('PR2', [
      { name: 'good', version: '1.0.0' },
      { name: 'bad', version: '1.1.0' },
    ]);
    await until(() => registry.reports.some((r) => r.releaseSid === 'PR2'), 'the failure reported');
    const report = registry.reports.find((r) => r.releaseSid === 'PR2')!;
    expect(report.plugins.find((p) => p.name === 'bad')).toMatchObject({
      version: '1.1.0',
      state: 'Failed',
      failure: { code: 'PLUGIN_INIT_FAILED', message: expect.stringContaining('boom') },
    });
  });

  it('counts aborts and run-time errors per plugin since the last report; nothing new, nothing sent', async () => {
    plugin('guard', '1.0.0', (api) => {
      api.actions.addListener('beforeSetActivity', (payload, abort) => {
        if ((payload as { activityName?: string }).activityName === 'Busy') abort();
      });
      api.actions.addListener('afterSetActivity', () => {
        throw new Error('listener bug');
      });
    });
    registry.publish('PR1', [{ name: 'guard', version: '1.0.0' }]);
    await follow().started;
    await until(() => registry.reports.length === 1, 'the first report');
    await expect(host.actions.invokeAction('SetActivity', { activityName: 'Busy' })).rejects.toMatchObject({
      code: 'ACTION_ABORTED',
    });
    await host.actions.invokeAction('SetActivity', { activityName: 'Offline' });
    // The host fails a plugin whose listener throws: that failure goes at once, with the counts.
    await until(() => registry.reports.length === 2, 'the failure reported');
    expect(registry.reports[1]?.plugins).toEqual([
      {
        name: 'guard',
        version: '1.0.0',
        state: 'Failed',
        failure: { code: 'PLUGIN_RUNTIME_ERROR', message: 'plugin "guard" failed in its listener: listener bug' },
        errors: 1,
        aborts: 1,
        timeouts: 0,
        // The host's metrics count the hooked invocations (the failure goes at once: the second
        // may not be counted yet) and time its listeners per action.
        invocations: expect.any(Number),
        actions: { SetActivity: expect.objectContaining({ count: expect.any(Number) }) },
      },
    ]);
    expect(registry.reports[1]!.plugins[0]!.invocations).toBeGreaterThanOrEqual(1);
    // Whatever was still counted goes once (at most one more report); then nothing new, nothing sent.
    await follower!.reportHealth();
    const sent = registry.reports.length;
    expect(sent).toBeLessThanOrEqual(3);
    expect(registry.reports.slice(1).reduce((n, r) => n + r.plugins[0]!.invocations, 0)).toBe(2);
    await follower!.reportHealth();
    expect(registry.reports).toHaveLength(sent);
  });

  it('goes every interval when something changed, and not when nothing did', async () => {
    plugin('guard', '1.0.0', (api) => {
      api.actions.addListener('beforeSetActivity', (payload, abort) => {
        if ((payload as { activityName?: string }).activityName === 'Busy') abort();
      });
    });
    registry.publish('PR1', [{ name: 'guard', version: '1.0.0' }]);
    await follow({ healthIntervalMs: 100 }).started;
    await until(() => registry.reports.length === 1, 'the first report');
    await sleep(250);
    expect(registry.reports).toHaveLength(1);
    await expect(host.actions.invokeAction('SetActivity', { activityName: 'Busy' })).rejects.toMatchObject({
      code: 'ACTION_ABORTED',
    });
    await until(() => registry.reports.length === 2, 'the report of the interval');
    expect(registry.reports[1]?.plugins).toEqual([
      {
        name: 'guard',
        version: '1.0.0',
        state: 'Initialized',
        errors: 0,
        aborts: 1,
        timeouts: 0,
        invocations: 1,
        actions: { SetActivity: expect.objectContaining({ count: 1 }) },
      },
    ]);
    await sleep(250);
    expect(registry.reports).toHaveLength(2);
  });
});
