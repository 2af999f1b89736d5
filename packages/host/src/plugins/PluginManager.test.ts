/** @jest-environment jsdom */
import type { PluginStatus } from '@switchboard/host';
import type { PluginApi } from '@switchboard/plugin';
import { busyPlugin, entry, makeHost, NO_RESIDUE, residue, src, states } from '../../test/helpers';

const later = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('loading a manifest', () => {
  it('takes every plugin through NotStarted, Loaded, Initializing, Initialized', async () => {
    const { host } = makeHost({ [src('a')]: { plugin: busyPlugin('a') } });
    const seen: string[] = [];
    host.events.on('pluginStateChanged', (s: PluginStatus) => seen.push(`${s.name}:${s.state}`));
    const result = await host.plugins.loadManifest({ plugins: [entry('a')] });
    expect(seen).toEqual(['a:NotStarted', 'a:Loaded', 'a:Initializing', 'a:Initialized']);
    expect(result).toEqual([
      { id: 'a', name: 'a', version: '1.0.0', src: src('a'), phase: 0, enabled: true, state: 'Initialized' },
    ]);
    expect(host.plugins.get('a')?.state).toBe('Initialized');
    // The store mirrors the statuses, for status panels.
    expect(host.store.getState().switchboard).toEqual({
      plugins: { a: result[0] },
      invocations: [],
      pluginMetrics: {},
    });
  });

  it('fetches every bundle in parallel before initialising any', async () => {
    const order: string[] = [];
    const plugin = (name: string) => ({ name, init: () => void order.push(`init ${name}`) });
    const { host, fake } = makeHost({
      [src('a')]: { plugin: plugin('a') },
      [src('b')]: { plugin: plugin('b') },
      [src('c')]: { plugin: plugin('c') },
    });
    await host.plugins.loadManifest([entry('a'), entry('b'), entry('c')]);
    expect(fake.maxInFlight()).toBe(3);
    expect(order).toEqual(['init a', 'init b', 'init c']);
  });

  it('requests every bundle before it announces the statuses', async () => {
    const { host, fake } = makeHost({
      [src('a')]: { plugin: busyPlugin('a') },
      [src('b')]: { plugin: busyPlugin('b') },
    });
    const requestedWhenAnnounced: number[] = [];
    host.events.on('pluginStateChanged', (s: PluginStatus) => {
      if (s.state === 'NotStarted') requestedWhenAnnounced.push(fake.loads.length);
    });
    await host.plugins.loadManifest([entry('a'), entry('b')]);
    expect(requestedWhenAnnounced).toEqual([2, 2]);
  });

  it('takes a plugin with a synchronous init from Loaded to Initialized in one synchronous run', async () => {
    // One burst of store updates per plugin: React renders once, not once per state.
    const sync = {
      name: 'a',
      init(api: PluginApi) {
        api.store.addReducer('a', (s: number = 0) => s);
        api.contributions.add('MainHeader.Right', () => null, { key: 'a' });
      },
    };
    const { host } = makeHost({ [src('a')]: { plugin: sync } });
    let microtaskRan: boolean | undefined;
    const seen: Array<[string, boolean | undefined]> = [];
    host.events.on('pluginStateChanged', (s: PluginStatus) => {
      if (s.state === 'Loaded') {
        microtaskRan = false;
        queueMicrotask(() => (microtaskRan = true));
      }
      seen.push([s.state, microtaskRan]);
    });
    await host.plugins.loadManifest([entry('a')]);
    expect(seen).toEqual([
      ['NotStarted', undefined],
      ['Loaded', false],
      ['Initializing', false],
      ['Initialized', false],
    ]);
  });

  it('initialises phase by phase, in manifest order within a phase', async () => {
    const log: string[] = [];
    const slow = (name: string, ms: number) => ({
      name,
      async init() {
        log.push(`start ${name}`);
        await later(ms);
        log.push(`end ${name}`);
      },
    });
    const { host } = makeHost({
      [src('late')]: { plugin: slow('late', 1) },
      [src('first-slow')]: { plugin: slow('first-slow', 30) },
      [src('first-fast')]: { plugin: slow('first-fast', 1) },
    });
    await host.plugins.loadManifest([entry('late', { phase: 1 }), entry('first-slow'), entry('first-fast')]);
    expect(log).toEqual([
      'start first-slow',
      'start first-fast',
      'end first-fast',
      'end first-slow',
      'start late',
      'end late',
    ]);
  });

  it('gives init a scoped API: owned registrations, namespaced state, plugin-named logs', async () => {
    let api: PluginApi | undefined;
    const { host } = makeHost(
      { [src('crm')]: { plugin: busyPlugin('crm', (a) => void (api = a)) } },
      { hostVersion: '1.2.3' },
    );
    const logs: string[] = [];
    host.events.on('log', (e) => logs.push(`${e.source}: ${e.message}`));
    await host.plugins.loadManifest([entry('crm', { hostVersion: '^1.0.0' })]);
    expect(api).toMatchObject({ name: 'crm', version: '1.0.0', hostVersion: '1.2.3' });
    expect(Object.isFrozen(api)).toBe(true);
    expect(host.actions.describe('Ping')?.before).toEqual([{ owner: 'crm', name: '(anonymous)' }]);
    expect(host.actions.describe('crm.Custom')?.owner).toBe('crm');
    expect(host.store.getState().crm).toBe(0);
    expect(host.contributions.describe()).toEqual([expect.objectContaining({ owner: 'crm', key: 'crm' })]);
    api!.log.info('hello');
    expect(logs).toContain('crm: hello');
  });

  it('skips disabled plugins, listing them as NotStarted', async () => {
    const { host, fake } = makeHost({ [src('off')]: { plugin: busyPlugin('off') } });
    await host.plugins.loadManifest([entry('off', { enabled: false })]);
    expect(states(host)).toEqual({ off: 'NotStarted' });
    expect(fake.loads).toEqual([]);
  });

  it('rejects a manifest that cannot be read at all, and the host stays usable', async () => {
    const { host } = makeHost({});
    await expect(host.plugins.loadManifest({ nope: true } as never)).rejects.toMatchObject({
      code: 'MANIFEST_INVALID',
    });
    await expect(host.actions.invokeAction('Ping')).resolves.toBe('pong');
  });
});

describe('failures while loading the bundle', () => {
  it('fails a bundle that cannot be loaded, keeping the loader’s classification', async () => {
    const { host } = makeHost({ [src('gone')]: { http: 404 } });
    await host.plugins.loadManifest([entry('gone')]);
    expect(host.plugins.get('gone')?.error).toEqual({
      code: 'PLUGIN_LOAD_FAILED',
      kind: 'http',
      message: `plugin "gone": GET ${src('gone')} answered HTTP 404`,
    });
  });

  it('fails a bundle that does not load in time', async () => {
    const { host } = makeHost({ [src('slow')]: { hangs: true } }, { pluginTimeoutMs: 30 });
    await host.plugins.loadManifest([entry('slow')]);
    expect(host.plugins.get('slow')?.error).toMatchObject({
      code: 'PLUGIN_LOAD_FAILED',
      kind: 'timeout',
      message: 'plugin "slow": its bundle did not load within 30 ms',
    });
  });

  it('fails a bundle that never registers, saying how to register', async () => {
    const { host } = makeHost({ [src('mute')]: { silent: true } });
    await host.plugins.loadManifest([entry('mute')]);
    expect(host.plugins.get('mute')?.error).toEqual({
      code: 'PLUGIN_NOT_REGISTERED',
      message:
        'plugin "mute": its bundle ran but never registered (call loadPlugin(definePlugin({ name: "mute", init })))',
    });
  });

  it('fails a bundle that registers the same name twice; ignores registrations nobody expects', async () => {
    const errors: string[] = [];
    const { host } = makeHost({
      [src('double')]: { registers: [busyPlugin('double'), busyPlugin('double')] },
      [src('stranger')]: { registers: [busyPlugin('not-in-manifest'), busyPlugin('stranger')] },
    });
    host.events.on('log', (e) => e.level === 'error' && errors.push(e.message));
    await host.plugins.loadManifest([entry('double'), entry('stranger')]);
    expect(states(host)).toEqual({ double: 'Failed PLUGIN_DUPLICATE', stranger: 'Initialized' });
    expect(errors).toContain('a bundle registered plugin "not-in-manifest", which is not in any manifest; ignored');
  });

  it('ignores a malformed registration and says so', async () => {
    const errors: string[] = [];
    const { host } = makeHost({ [src('odd')]: { registers: [{ name: 'odd' } as never] } });
    host.events.on('log', (e) => e.level === 'error' && errors.push(e.message));
    await host.plugins.loadManifest([entry('odd')]);
    expect(host.plugins.get('odd')?.error?.code).toBe('PLUGIN_NOT_REGISTERED');
    expect(errors[0]).toMatch(/registered an invalid plugin \(expected \{ name, init\(api\) \}, got name "odd"\)/);
  });
});

describe('failures in init', () => {
  it.each([
    [
      'throws',
      () => {
        throw new Error('bad config');
      },
    ],
    [
      'rejects',
      async () => {
        await later(1);
        throw new Error('bad config');
      },
    ],
  ])('fails a plugin whose init %s, undoing what it registered', async (_how, fail) => {
    const { host } = makeHost({ [src('bad')]: { plugin: busyPlugin('bad', fail) } });
    await host.plugins.loadManifest([entry('bad')]);
    expect(host.plugins.get('bad')?.error).toEqual({
      code: 'PLUGIN_INIT_FAILED',
      message: 'plugin "bad": init failed: bad config',
    });
    expect(residue(host, 'bad')).toEqual(NO_RESIDUE);
  });

  it('fails a plugin whose init never settles, and refuses what it registers afterwards', async () => {
    let api: PluginApi | undefined;
    const { host } = makeHost(
      { [src('hang')]: { plugin: busyPlugin('hang', (a) => ((api = a), new Promise(() => {}))) } },
      { pluginTimeoutMs: 40 },
    );
    const warnings: string[] = [];
    host.events.on('log', (e) => e.level === 'warn' && warnings.push(`${e.source}: ${e.message}`));
    await host.plugins.loadManifest([entry('hang')]);
    expect(host.plugins.get('hang')?.error).toEqual({
      code: 'PLUGIN_INIT_TIMEOUT',
      message: 'plugin "hang": init did not finish within 40 ms',
    });
    expect(residue(host, 'hang')).toEqual(NO_RESIDUE);
    // The init "finishes" late: nothing it registers now sticks.
    api!.actions.addListener('beforePing', () => {});
    api!.store.addReducer('late', (s: number = 0) => s);
    api!.contributions.add('MainHeader.Right', () => null, { key: 'late' });
    expect(residue(host, 'hang')).toEqual(NO_RESIDUE);
    expect(host.store.getState()).not.toHaveProperty('late');
    expect(warnings).toEqual(
      expect.arrayContaining([
        'host: scope "hang" is disposed: registration ignored',
        'hang: store.addReducer("late") after the plugin was unloaded (or failed) was ignored',
      ]),
    );
  });
});

describe('unload and reload', () => {
  it('unload leaves zero residue: actions, reducers, middleware, contributions, subscriptions, script', async () => {
    const seenByMiddleware: string[] = [];
    const disposed = jest.fn();
    const notified = jest.fn();
    const { host, fake } = makeHost({
      [src('full')]: {
        plugin: busyPlugin('full', (api) => {
          api.store.addMiddleware(() => (next) => (action) => {
            seenByMiddleware.push((action as { type: string }).type);
            return next(action);
          });
          api.store.subscribe(notified);
          api.actions.replaceAction('Ping', (p, _o, next) => next(p));
          api.actions.blockAction('Never');
          api.onDispose(disposed);
        }),
      },
    });
    const baselineListeners = host.actions.listenerCount();
    await host.plugins.loadManifest([entry('full')]);
    expect(residue(host, 'full')).not.toEqual(NO_RESIDUE);
    expect(residue(host, 'full').ui).toEqual([
      'notification full.Note',
      'shown full.Note',
      'view v-full',
      'string full.Text',
    ]);

    await host.plugins.unload('full');
    expect(host.plugins.get('full')?.state).toBe('NotStarted');
    expect(residue(host, 'full')).toEqual(NO_RESIDUE);
    expect(host.actions.listenerCount()).toBe(baselineListeners);
    expect(host.actions.findBlockedActions('Never')).toEqual({});
    expect(disposed).toHaveBeenCalledTimes(1);
    expect(fake.disposed).toEqual([src('full')]);
    seenByMiddleware.length = 0;
    notified.mockClear();
    host.store.dispatch({ type: 'after-unload' });
    expect(seenByMiddleware).toEqual([]);
    expect(notified).not.toHaveBeenCalled();
    await expect(host.actions.invokeAction('Ping')).resolves.toBe('pong');
  });

  it('reload fetches and initialises the plugin again, registering once', async () => {
    let inits = 0;
    const { host, fake } = makeHost({ [src('hot')]: { plugin: busyPlugin('hot', () => void inits++) } });
    await host.plugins.loadManifest([entry('hot')]);
    const status = await host.plugins.reload('hot');
    expect(status.state).toBe('Initialized');
    expect(inits).toBe(2);
    expect(fake.loads).toEqual([src('hot'), src('hot')]);
    expect(host.actions.describe('Ping')?.before).toHaveLength(1);
    expect(host.contributions.describe().filter((c) => c.owner === 'hot')).toHaveLength(1);
  });

  it('reload brings a failed plugin back', async () => {
    let fail = true;
    const { host } = makeHost({
      [src('flaky')]: {
        plugin: busyPlugin('flaky', () => {
          if (fail) throw new Error('not yet');
        }),
      },
    });
    await host.plugins.loadManifest([entry('flaky')]);
    expect(host.plugins.get('flaky')?.state).toBe('Failed');
    fail = false;
    await expect(host.plugins.reload('flaky')).resolves.toMatchObject({ state: 'Initialized' });
    expect(host.plugins.get('flaky')).not.toHaveProperty('error');
  });

  it('unloading during init discards that init', async () => {
    let release!: () => void;
    const { host } = makeHost({
      [src('slow')]: { plugin: busyPlugin('slow', () => new Promise<void>((r) => (release = r))) },
    });
    const loading = host.plugins.loadManifest([entry('slow')]);
    while (host.plugins.get('slow')?.state !== 'Initializing') await later(1);
    await host.plugins.unload('slow');
    release();
    await loading;
    expect(host.plugins.get('slow')?.state).toBe('NotStarted');
    expect(residue(host, 'slow')).toEqual(NO_RESIDUE);
  });

  it('names unknown plugins', async () => {
    const { host } = makeHost({});
    await expect(host.plugins.unload('ghost')).rejects.toMatchObject({
      code: 'PLUGIN_NOT_FOUND',
      message: 'unload("ghost"): no such plugin; known: none',
    });
    await expect(host.plugins.reload('ghost')).rejects.toMatchObject({ code: 'PLUGIN_NOT_FOUND' });
  });
});

describe('failures at run time', () => {
  it('fails and unloads a plugin whose listener throws; the action and other plugins go on', async () => {
    const { host, pings } = makeHost({
      [src('fragile')]: {
        plugin: busyPlugin('fragile', (api) => {
          api.actions.addListener('afterPing', () => {
            throw new Error('listener broke');
          });
        }),
      },
      [src('steady')]: { plugin: busyPlugin('steady') },
    });
    const reports: string[] = [];
    host.events.on('pluginError', (r) => reports.push(`${r.plugin}/${r.source}`));
    await host.plugins.loadManifest([entry('fragile'), entry('steady')]);
    await expect(host.actions.invokeAction('Ping', 1)).resolves.toBe('pong');
    expect(pings).toEqual([1]);
    expect(states(host)).toEqual({ fragile: 'Failed PLUGIN_RUNTIME_ERROR', steady: 'Initialized' });
    expect(host.plugins.get('fragile')?.error?.message).toBe('plugin "fragile" failed in its listener: listener broke');
    expect(reports).toEqual(['fragile/listener']);
    expect(residue(host, 'fragile')).toEqual(NO_RESIDUE);
    // Its UI is replaced by a notice until it is unloaded or reloaded.
    expect(host.contributions.describe().filter((c) => c.owner === 'fragile')).toEqual([
      expect.objectContaining({ failed: true }),
    ]);
    await host.plugins.unload('fragile');
    expect(host.contributions.describe().filter((c) => c.owner === 'fragile')).toEqual([]);
  });

  it('fails a plugin whose reducer throws', async () => {
    const { host } = makeHost({
      [src('reducer')]: {
        plugin: {
          name: 'reducer',
          init: (api) =>
            void api.store.addReducer('counts', (s: number = 0, a: { type: string }) => {
              if (a.type === 'explode') throw new Error('reducer broke');
              return s;
            }),
        },
      },
    });
    await host.plugins.loadManifest([entry('reducer')]);
    host.store.dispatch({ type: 'explode' });
    await later(0);
    expect(host.plugins.get('reducer')?.error).toEqual({
      code: 'PLUGIN_RUNTIME_ERROR',
      message: 'plugin "reducer" failed in its reducer: reducer broke',
    });
    expect(host.store.getState()).not.toHaveProperty('counts');
  });

  it('with onPluginError "report", keeps the plugin running and logs', async () => {
    const { host } = makeHost(
      {
        [src('noisy')]: {
          plugin: busyPlugin(
            'noisy',
            (api) =>
              void api.actions.addListener('beforePing', () => {
                throw new Error('meh');
              }),
          ),
        },
      },
      { onPluginError: 'report' },
    );
    const errors: string[] = [];
    host.events.on('log', (e) => e.level === 'error' && errors.push(e.message));
    await host.plugins.loadManifest([entry('noisy')]);
    await host.actions.invokeAction('Ping');
    expect(host.plugins.get('noisy')?.state).toBe('Initialized');
    expect(errors).toEqual(['plugin "noisy" failed in its listener: meh']);
  });

  it('a store subscriber that throws does not break dispatch', async () => {
    const { host } = makeHost({
      [src('sub')]: {
        plugin: {
          name: 'sub',
          init: (api) =>
            void api.store.subscribe(() => {
              throw new Error('subscriber broke');
            }),
        },
      },
    });
    await host.plugins.loadManifest([entry('sub')]);
    expect(() => host.store.dispatch({ type: 'anything' })).not.toThrow();
    expect(host.plugins.get('sub')?.error?.message).toBe('plugin "sub" failed in its subscriber: subscriber broke');
  });

  it('a body failure rejects to its caller without failing the plugin', async () => {
    const { host } = makeHost({
      [src('crm')]: {
        plugin: {
          name: 'crm',
          init: (api) =>
            void api.actions.registerAction('SaveContact', async () => Promise.reject(new Error('CRM offline'))),
        },
      },
    });
    await host.plugins.loadManifest([entry('crm')]);
    await expect(host.actions.invokeAction('SaveContact')).rejects.toThrow('CRM offline');
    expect(host.plugins.get('crm')?.state).toBe('Initialized');
  });
});

describe('host disposal', () => {
  it('unloads every plugin and removes the global', async () => {
    const { host } = makeHost({ [src('a')]: { plugin: busyPlugin('a') } });
    await host.plugins.loadManifest([entry('a')]);
    expect(globalThis.Switchboard?.version).toBe(host.version);
    host.dispose();
    host.dispose();
    expect(globalThis.Switchboard).toBeUndefined();
    expect(residue(host, 'a')).toEqual(NO_RESIDUE);
    expect(host.plugins.list()).toEqual([]);
    await expect(host.plugins.loadManifest([entry('a')])).rejects.toMatchObject({
      code: 'HOST_DISPOSED',
      message: 'loadManifest: the host was disposed; create a new one',
    });
    await expect(host.plugins.reload('a')).rejects.toMatchObject({ code: 'HOST_DISPOSED' });
  });
});

describe('when plugins start (a slow bundle holds back only itself)', () => {
  /** Records when each plugin reached each state. */
  const timeline = (host: ReturnType<typeof makeHost>['host']) => {
    const t0 = Date.now();
    const seen: Record<string, Record<string, number>> = {};
    host.events.on('pluginStateChanged', (s) => ((seen[s.id] ??= {})[s.state] = Date.now() - t0));
    return seen;
  };

  it('a plugin initialises as soon as its own bundle is Loaded, not when its siblings’ are', async () => {
    const { host } = makeHost(
      {
        [src('fast')]: { plugin: busyPlugin('fast') },
        [src('cdn-down')]: { hangs: true },
        [src('also-fast')]: { plugin: busyPlugin('also-fast') },
      },
      { pluginTimeoutMs: 1_000 },
    );
    const seen = timeline(host);
    const loading = host.plugins.loadManifest([entry('fast'), entry('cdn-down'), entry('also-fast')]);
    while (host.plugins.get('also-fast')?.state !== 'Initialized') await later(5);
    // The hanging bundle has not failed yet, and did not hold anyone back.
    expect(host.plugins.get('cdn-down')?.state).toBe('NotStarted');
    expect(seen.fast!.Initialized).toBeLessThan(500);
    expect(seen['also-fast']!.Initialized).toBeLessThan(500);
    await loading;
    expect(states(host)).toEqual({
      fast: 'Initialized',
      'cdn-down': 'Failed PLUGIN_LOAD_FAILED',
      'also-fast': 'Initialized',
    });
  });

  it('a later phase waits until every plugin of the earlier phases has settled, then starts at once', async () => {
    let release!: () => void;
    const log: string[] = [];
    const plugin = (name: string, wait?: Promise<void>) => ({
      name,
      async init() {
        log.push(`start ${name}`);
        await wait;
        log.push(`end ${name}`);
      },
    });
    const { host } = makeHost({
      [src('first')]: { plugin: plugin('first', new Promise<void>((r) => (release = r))) },
      [src('second')]: { plugin: plugin('second') },
    });
    const loading = host.plugins.loadManifest([entry('second', { phase: 1 }), entry('first')]);
    while (host.plugins.get('second')?.state !== 'Loaded') await later(1);
    await later(20);
    expect(log).toEqual(['start first']); // loaded long ago, still waiting for phase 0
    release();
    await loading;
    expect(log).toEqual(['start first', 'end first', 'start second', 'end second']);
  });

  it('a failed or hanging bundle of an earlier phase holds a later phase back only until it settles', async () => {
    const { host } = makeHost(
      { [src('down')]: { hangs: true }, [src('later')]: { plugin: busyPlugin('later') } },
      { pluginTimeoutMs: 60 },
    );
    const seen = timeline(host);
    await host.plugins.loadManifest([entry('down'), entry('later', { phase: 1 })]);
    expect(states(host)).toEqual({ down: 'Failed PLUGIN_LOAD_FAILED', later: 'Initialized' });
    expect(seen.later!.Initializing).toBeGreaterThanOrEqual(seen.down!.Failed!);
  });

  it('the UI does not depend on which bundle arrived first: contributions keep manifest order', async () => {
    const delays: Record<string, number> = { [src('slow')]: 40, [src('quick')]: 1 };
    const plugin = (name: string) => ({
      name,
      init: (api: PluginApi) => void api.contributions.add('MainHeader.Right', () => null, { key: name }),
    });
    const { host } = makeHost(
      {},
      {
        loader: async (e) => {
          await later(delays[e.src]!);
          globalThis.Switchboard!.Plugins.init(plugin(e.name));
        },
      },
    );
    const order: string[] = [];
    host.events.on('pluginStateChanged', (s) => s.state === 'Initialized' && order.push(s.id));
    await host.plugins.loadManifest([entry('slow'), entry('quick')]);
    expect(order).toEqual(['quick', 'slow']); // started as their bundles arrived
    expect(host.contributions.resolve('MainHeader.Right', {}).map((c) => c.key)).toEqual(['slow', 'quick']);
  });

  it('an unload or reload during loadManifest is not undone by it (no double init)', async () => {
    let inits = 0;
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const { host } = makeHost({
      [src('first')]: { plugin: { name: 'first', init: () => gate } },
      [src('p')]: { plugin: busyPlugin('p', () => void inits++) },
    });
    const loading = host.plugins.loadManifest([entry('first'), entry('p', { phase: 1 })]);
    while (host.plugins.get('p')?.state !== 'Loaded') await later(1);
    await host.plugins.reload('p');
    release();
    await loading;
    expect(inits).toBe(1);
    expect(host.plugins.get('p')?.state).toBe('Initialized');
  });
});

describe('reload and the status tell the truth', () => {
  it("a duplicate's teardown cannot clear the notices of the original plugin", async () => {
    const { host } = makeHost({
      [src('twin')]: {
        plugin: busyPlugin('twin', (api) => {
          api.actions.addListener('beforePing', () => {
            throw new Error('bug');
          });
        }),
      },
    });
    await host.plugins.loadManifest([entry('twin'), entry('twin', { src: 'https://cdn.test/other.js' })]);
    await host.actions.invokeAction('Ping');
    const notices = () => host.contributions.describe().filter((c) => c.failed);
    expect(host.plugins.get('twin')?.state).toBe('Failed');
    expect(notices()).toEqual([expect.objectContaining({ owner: 'twin' })]);
    await host.plugins.unload('twin#1');
    await host.plugins.reload('twin#1');
    expect(notices()).toEqual([expect.objectContaining({ owner: 'twin' })]);
  });

  it('reloading a disabled plugin loads it', async () => {
    const { host } = makeHost({ [src('off')]: { plugin: busyPlugin('off') } });
    await host.plugins.loadManifest([entry('off', { enabled: false })]);
    await expect(host.plugins.reload('off')).resolves.toMatchObject({ state: 'Initialized', enabled: false });
  });
});

describe("a plugin's owner and api.signal", () => {
  const capture = () => {
    const seen: { api?: PluginApi; other?: PluginApi } = {};
    return { seen, init: (api: PluginApi) => void (seen.api = api) };
  };

  it('is aborted when the plugin unloads, with the reason', async () => {
    const { seen, init } = capture();
    const { host } = makeHost({ [src('p')]: { plugin: busyPlugin('p', init) } });
    await host.plugins.loadManifest([entry('p')]);
    expect(seen.api!.signal.aborted).toBe(false);
    await host.plugins.unload('p');
    expect(seen.api!.signal.aborted).toBe(true);
    expect(seen.api!.signal.reason).toMatchObject({ code: 'PLUGIN_UNLOADED', message: 'plugin "p" was unloaded' });
  });

  it('is aborted with the init failure when init throws, and with HOST_DISPOSED when the host goes', async () => {
    const { seen, init } = capture();
    const { host } = makeHost({
      [src('bad')]: {
        plugin: busyPlugin('bad', (api) => {
          init(api);
          throw new Error('bad config');
        }),
      },
      [src('p')]: { plugin: busyPlugin('p', (api) => void (seen.other = api)) },
    });
    await host.plugins.loadManifest([entry('bad'), entry('p')]);
    expect(seen.api!.signal.reason).toMatchObject({
      code: 'PLUGIN_INIT_FAILED',
      message: 'plugin "bad": init failed: bad config',
    });
    host.dispose();
    expect(seen.other!.signal.reason).toMatchObject({ code: 'HOST_DISPOSED' });
  });

  it('an unload while the bundle loads abandons the load with the same reason', async () => {
    const signals: AbortSignal[] = [];
    const { host } = makeHost(
      {},
      {
        loader: (_entry, signal) =>
          new Promise((_, reject) => {
            signals.push(signal);
            signal.addEventListener('abort', () => reject(signal.reason));
          }),
      },
    );
    const loading = host.plugins.loadManifest([entry('slow')]);
    while (!signals.length) await later(1);
    await host.plugins.unload('slow');
    await loading;
    expect(signals[0]!.reason).toMatchObject({ code: 'PLUGIN_UNLOADED' });
    expect(host.plugins.get('slow')?.state).toBe('NotStarted');
  });

  it('is aborted when the plugin fails, with the failure', async () => {
    const { seen, init } = capture();
    const { host } = makeHost({
      [src('p')]: {
        plugin: busyPlugin('p', (api) => {
          init(api);
          api.actions.addListener('afterPing', () => {
            throw new Error('boom');
          });
        }),
      },
    });
    await host.plugins.loadManifest([entry('p')]);
    await host.actions.invokeAction('Ping');
    expect(seen.api!.signal.aborted).toBe(true);
    expect(seen.api!.signal.reason).toMatchObject({ code: 'PLUGIN_RUNTIME_ERROR' });
  });

  it('is aborted when init times out, so the pending work can stop', async () => {
    let stoppedWaiting = false;
    let reason: unknown;
    const { host } = makeHost(
      {
        [src('p')]: {
          plugin: {
            name: 'p',
            init: (api) =>
              new Promise((_, reject) =>
                api.signal.addEventListener('abort', () => {
                  stoppedWaiting = true;
                  reason = api.signal.reason;
                  reject(api.signal.reason);
                }),
              ),
          },
        },
      },
      { pluginTimeoutMs: 30 },
    );
    await host.plugins.loadManifest([entry('p')]);
    expect(stoppedWaiting).toBe(true);
    expect(host.plugins.get('p')?.error?.code).toBe('PLUGIN_INIT_TIMEOUT');
    expect(reason).toMatchObject({ code: 'PLUGIN_INIT_TIMEOUT' });
  });

  it('a reload gets a fresh signal', async () => {
    const apis: PluginApi[] = [];
    const { host } = makeHost({ [src('p')]: { plugin: busyPlugin('p', (api) => void apis.push(api)) } });
    await host.plugins.loadManifest([entry('p')]);
    await host.plugins.reload('p');
    expect(apis.map((a) => a.signal.aborted)).toEqual([true, false]);
  });
});
