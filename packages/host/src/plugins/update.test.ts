/** @jest-environment jsdom */
import type { PluginStatus } from '@switchboard/host';
import type { PluginApi, PluginDefinition } from '@switchboard/plugin';
import { busyPlugin, entry, makeHost, NO_RESIDUE, residue, src, states } from '../../test/helpers';

/** A plugin counting its inits, with a counter namespace `<name>_count` that `inc/<name>` bumps. */
function counted(name: string, inits: Record<string, number>): PluginDefinition {
  return busyPlugin(name, (api: PluginApi) => {
    inits[name] = (inits[name] ?? 0) + 1;
    api.store.addReducer(`${name}_count`, (s: number = 0, action) => (action.type === `inc/${name}` ? s + 1 : s));
  });
}

const v2 = (name: string) => `${src(name)}?v=2`;

function setup() {
  const inits: Record<string, number> = {};
  const made = makeHost({
    [src('a')]: { plugin: counted('a', inits) },
    [src('b')]: { plugin: counted('b', inits) },
    [v2('b')]: { plugin: counted('b', inits) },
    [src('c')]: { plugin: counted('c', inits) },
    [src('d')]: { plugin: counted('d', inits) },
  });
  const settled: Array<[string, string[]]> = [];
  made.host.events.on('pluginsLoaded', (s: PluginStatus[]) => settled.push(['loaded', s.map((p) => p.id)]));
  made.host.events.on('pluginsInitialized', (s: PluginStatus[]) => settled.push(['initialized', s.map((p) => p.id)]));
  return { ...made, inits, settled };
}

const state = (host: ReturnType<typeof makeHost>['host']) => host.store.getState() as Record<string, unknown>;

describe('host.plugins.update', () => {
  it('unloads the removed, loads the new, reloads the changed and leaves the unchanged alone', async () => {
    const { host, fake, inits, settled } = setup();
    await host.plugins.loadManifest([entry('a'), entry('b'), entry('c')]);
    host.store.dispatch({ type: 'inc/a' });
    host.store.dispatch({ type: 'inc/b' });
    const aBefore = residue(host, 'a');
    const aOwner = host.actions.describe('a.Custom');
    settled.length = 0;
    fake.loads.length = 0;

    const result = await host.plugins.update([entry('a'), entry('b', { version: '1.1.0', src: v2('b') }), entry('d')]);

    expect(result).toEqual({ loaded: ['d'], reloaded: ['b'], unloaded: ['c'], unchanged: ['a'] });
    // The unchanged plugin: init not run again, its registrations and its state as they were.
    expect(inits.a).toBe(1);
    expect(residue(host, 'a')).toEqual(aBefore);
    expect(host.actions.describe('a.Custom')).toEqual(aOwner);
    expect(state(host).a_count).toBe(1);
    // The changed one: the new bundle, initialised again, from a fresh state.
    expect(inits.b).toBe(2);
    expect(host.plugins.get('b')).toMatchObject({ version: '1.1.0', src: v2('b'), state: 'Initialized' });
    expect(state(host).b_count).toBe(0);
    expect(host.actions.describe('Ping')?.before.map((r) => r.owner)).toEqual(['a', 'b', 'd']);
    // The removed one: nothing left, not listed any more (nor in the store).
    expect(residue(host, 'c')).toEqual(NO_RESIDUE);
    expect(state(host).c_count).toBeUndefined();
    expect(host.plugins.get('c')).toBeUndefined();
    expect(Object.keys((state(host).switchboard as { plugins: object }).plugins)).toEqual(['a', 'b', 'd']);
    expect(fake.disposed).toContain(src('c'));
    // Only what had to start was fetched, and the events name just those.
    expect(fake.loads.sort()).toEqual([src('d'), v2('b')].sort());
    expect(settled).toEqual([
      ['loaded', ['b', 'd']],
      ['initialized', ['b', 'd']],
    ]);
    expect(states(host)).toEqual({ a: 'Initialized', b: 'Initialized', d: 'Initialized' });
    expect(host.plugins.list().map((p) => p.id)).toEqual(['a', 'b', 'd']);
  });

  it('reloads a plugin whose integrity, permissions or enabled changed; a phase change alone only updates it', async () => {
    const { host, inits } = setup();
    await host.plugins.loadManifest([entry('a'), entry('b'), entry('c')]);
    const sha = `sha384-${'B'.repeat(64)}`;
    const result = await host.plugins.update([
      entry('a', { permissions: { actions: ['*'], slots: ['*'], origins: [] } }),
      entry('b', { enabled: false }),
      entry('c', { phase: 3 }),
    ]);
    expect(result).toEqual({ loaded: [], reloaded: ['a', 'b'], unloaded: [], unchanged: ['c'] });
    expect(inits).toEqual({ a: 2, b: 1, c: 1 });
    expect(host.plugins.get('a')?.permissions).toEqual({ actions: ['*'], slots: ['*'], origins: [] });
    expect(states(host)).toEqual({ a: 'Initialized', b: 'NotStarted', c: 'Initialized' });
    expect(residue(host, 'b')).toEqual(NO_RESIDUE);
    expect(host.plugins.get('c')?.phase).toBe(3);

    // The same permissions in another order are the same declaration.
    expect(
      await host.plugins.update([
        entry('a', { permissions: { slots: ['*'], actions: ['*'] } }),
        entry('b', { enabled: false }),
        entry('c', { phase: 3, integrity: sha }),
      ]),
    ).toEqual({ loaded: [], reloaded: ['c'], unloaded: [], unchanged: ['a', 'b'] });
  });

  it('changes nothing and emits nothing for the same manifest', async () => {
    const { host, inits, settled, fake } = setup();
    await host.plugins.loadManifest([entry('a'), entry('b')]);
    settled.length = 0;
    const loads = fake.loads.length;
    const result = await host.plugins.update({ plugins: [entry('a'), entry('b')] });
    expect(result).toEqual({ loaded: [], reloaded: [], unloaded: [], unchanged: ['a', 'b'] });
    expect(inits).toEqual({ a: 1, b: 1 });
    expect(settled).toEqual([]);
    expect(fake.loads).toHaveLength(loads);
  });

  it('loads everything on a host that loaded nothing yet, and keeps a failing new entry contained', async () => {
    const { host } = setup();
    const result = await host.plugins.update([entry('a'), entry('gone'), { name: 'bad', src: 'x.js' }]);
    expect(result).toEqual({ loaded: ['a', 'gone', 'bad#2'], reloaded: [], unloaded: [], unchanged: [] });
    expect(states(host)).toEqual({
      a: 'Initialized',
      gone: 'Failed PLUGIN_LOAD_FAILED',
      'bad#2': 'Failed MANIFEST_INVALID',
    });
  });

  it('runs updates one after another', async () => {
    const { host } = setup();
    await host.plugins.loadManifest([entry('a')]);
    const first = host.plugins.update([entry('a'), entry('b')]);
    const second = host.plugins.update([entry('b'), entry('c')]);
    await expect(first).resolves.toEqual({ loaded: ['b'], reloaded: [], unloaded: [], unchanged: ['a'] });
    await expect(second).resolves.toEqual({ loaded: ['c'], reloaded: [], unloaded: ['a'], unchanged: ['b'] });
    expect(states(host)).toEqual({ b: 'Initialized', c: 'Initialized' });
    expect(residue(host, 'a')).toEqual(NO_RESIDUE);
  });

  it('rejects a manifest that cannot be read, changing nothing', async () => {
    const { host, inits } = setup();
    await host.plugins.loadManifest([entry('a')]);
    await expect(host.plugins.update({ plugin: [] } as never)).rejects.toMatchObject({ code: 'MANIFEST_INVALID' });
    expect(states(host)).toEqual({ a: 'Initialized' });
    expect(inits).toEqual({ a: 1 });
    // And the next update still runs.
    await expect(host.plugins.update([entry('a'), entry('b')])).resolves.toMatchObject({ loaded: ['b'] });
  });
});
