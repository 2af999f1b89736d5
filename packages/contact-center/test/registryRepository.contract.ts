/**
 * The RegistryRepository contract: what the plugin registry relies on from its storage,
 * asserted the same way against every implementation (`registryRepository.test.ts` runs it
 * on memory and on SQLite).
 */
import { isSwitchboardError } from '@switchboard/actions';
import type { BundleRecord, HealthRecord, PluginRecord, RegistryRepository } from '../src/registry/RegistryRepository';
import type { RegistryConfiguration, RegistryRelease, RegistryVersion } from '../src/registry/types';

export interface RegistryRepositoryUnderTest {
  repo: RegistryRepository;
  close(): Promise<void>;
}

const bytes = (text: string) => new TextEncoder().encode(text);
const plugin = (name: string, over: Partial<PluginRecord> = {}): PluginRecord => ({
  name,
  description: `${name} plugin`,
  createdAt: 1,
  ...over,
});
const bundle = (hash: string, text = `bundle ${hash}`): BundleRecord => ({
  hash,
  integrity: `sha384-${hash}`,
  size: bytes(text).length,
  content: bytes(text),
});
const version = (name: string, v: string, over: Partial<RegistryVersion> = {}): RegistryVersion => ({
  plugin: name,
  version: v,
  bundleHash: `hash-${name}-${v}`,
  integrity: `sha384-hash-${name}-${v}`,
  size: 10,
  changelog: `changes of ${v}`,
  hostVersion: '^1.0.0',
  permissions: { actions: ['AcceptTask'], slots: ['TaskCanvasTabs'], origins: ['https://crm.example.com'] },
  phase: 0,
  archived: false,
  createdAt: 100,
  createdBy: 'admin',
  ...over,
});
const configuration = (sid: string, over: Partial<RegistryConfiguration> = {}): RegistryConfiguration => ({
  sid,
  name: `config ${sid}`,
  description: '',
  plugins: [{ plugin: 'crm-sync', version: '1.0.0', phase: 0, enabled: true }],
  createdAt: 200,
  createdBy: 'admin',
  ...over,
});
const release = (sid: string, over: Partial<RegistryRelease> = {}): RegistryRelease => ({
  sid,
  configurationSid: 'PC1',
  target: { kind: 'all' },
  previousReleaseSid: null,
  status: 'live',
  thresholds: { maxFailingDesktops: 2, maxErrorRate: 0.2, minInvocations: 20 },
  createdAt: 300,
  createdBy: 'admin',
  ...over,
});
const health = (
  releaseSid: string,
  name: string,
  workerSid: string,
  over: Partial<HealthRecord> = {},
): HealthRecord => ({
  releaseSid,
  plugin: name,
  workerSid,
  version: '1.0.0',
  state: 'Initialized',
  failed: false,
  failure: null,
  errors: 0,
  aborts: 0,
  timeouts: 0,
  invocations: 0,
  actions: null,
  updatedAt: 400,
  ...over,
});

export function registryRepositoryContract(open: () => Promise<RegistryRepositoryUnderTest>): void {
  let t: RegistryRepositoryUnderTest;
  beforeEach(async () => {
    t = await open();
  });
  afterEach(() => t.close());

  it('stores a version with its plugin and its bundle, and reads them back', async () => {
    const v = version('crm-sync', '1.0.0', { permissions: null });
    await t.repo.addVersion(plugin('crm-sync'), v, bundle(v.bundleHash, 'window.x = 1;'));
    expect(await t.repo.plugin('crm-sync')).toEqual(plugin('crm-sync'));
    expect(await t.repo.version('crm-sync', '1.0.0')).toEqual(v);
    expect(await t.repo.versions('crm-sync')).toEqual([v]);
    expect(new TextDecoder().decode(await t.repo.bundle(v.bundleHash))).toBe('window.x = 1;');
    expect(await t.repo.bundle('nope')).toBeUndefined();
    expect(await t.repo.version('crm-sync', '2.0.0')).toBeUndefined();
    expect(await t.repo.plugin('other')).toBeUndefined();
  });

  it('refuses the same version twice with CC_CONFLICT and keeps the first', async () => {
    const first = version('crm-sync', '1.0.0');
    await t.repo.addVersion(plugin('crm-sync'), first, bundle(first.bundleHash));
    const again = version('crm-sync', '1.0.0', { changelog: 'sneaky', bundleHash: 'other-hash' });
    const error = await t.repo
      .addVersion(plugin('crm-sync', { description: 'changed' }), again, bundle('other-hash'))
      .catch((e: unknown) => e);
    expect(isSwitchboardError(error, 'CC_CONFLICT')).toBe(true);
    expect((error as Error).message).toMatch(/crm-sync.*1\.0\.0/);
    expect(await t.repo.version('crm-sync', '1.0.0')).toEqual(first);
    expect((await t.repo.plugin('crm-sync'))!.description).toBe('crm-sync plugin');
    // Nothing of the refused write stays: its bundle neither.
    expect(await t.repo.bundle('other-hash')).toBeUndefined();
  });

  it('stores a bundle once per content hash, shared by versions', async () => {
    await t.repo.addVersion(plugin('a'), version('a', '1.0.0', { bundleHash: 'h' }), bundle('h', 'same'));
    await t.repo.addVersion(plugin('a'), version('a', '1.0.1', { bundleHash: 'h' }), bundle('h', 'same'));
    expect((await t.repo.versions('a')).map((v) => v.version)).toEqual(['1.0.0', '1.0.1']);
    expect(new TextDecoder().decode(await t.repo.bundle('h'))).toBe('same');
  });

  it('updates the plugin row (description) with a later version, keeping when it was created', async () => {
    await t.repo.addVersion(plugin('a'), version('a', '1.0.0'), bundle('hash-a-1.0.0'));
    await t.repo.addVersion(
      plugin('a', { description: 'better words' }),
      version('a', '1.1.0', { createdAt: 101 }),
      bundle('hash-a-1.1.0'),
    );
    expect(await t.repo.plugin('a')).toEqual({ name: 'a', description: 'better words', createdAt: 1 });
  });

  it('lists plugins by name and versions in creation order, of one plugin or all', async () => {
    await t.repo.addVersion(plugin('zeta'), version('zeta', '1.0.0', { createdAt: 1 }), bundle('hash-zeta-1.0.0'));
    await t.repo.addVersion(plugin('alpha'), version('alpha', '2.0.0', { createdAt: 2 }), bundle('hash-alpha-2.0.0'));
    await t.repo.addVersion(plugin('alpha'), version('alpha', '1.5.0', { createdAt: 3 }), bundle('hash-alpha-1.5.0'));
    expect((await t.repo.plugins()).map((p) => p.name)).toEqual(['alpha', 'zeta']);
    expect((await t.repo.versions()).map((v) => `${v.plugin}@${v.version}`)).toEqual([
      'zeta@1.0.0',
      'alpha@2.0.0',
      'alpha@1.5.0',
    ]);
    expect((await t.repo.versions('alpha')).map((v) => v.version)).toEqual(['2.0.0', '1.5.0']);
  });

  it('archives one version or all of a plugin, counting what changed', async () => {
    for (const v of ['1.0.0', '1.1.0', '1.2.0'])
      await t.repo.addVersion(plugin('a'), version('a', v), bundle(`hash-a-${v}`));
    await t.repo.addVersion(plugin('b'), version('b', '1.0.0'), bundle('hash-b-1.0.0'));
    expect(await t.repo.archive('a', '1.0.0')).toBe(1);
    expect(await t.repo.archive('a', '1.0.0')).toBe(0);
    expect((await t.repo.versions('a')).map((v) => v.archived)).toEqual([true, false, false]);
    expect(await t.repo.archive('a')).toBe(2);
    expect((await t.repo.versions('a')).every((v) => v.archived)).toBe(true);
    expect((await t.repo.version('b', '1.0.0'))!.archived).toBe(false);
  });

  it('stores configurations as they were given, in creation order', async () => {
    const one = configuration('PC1', { description: 'first', createdAt: 1 });
    const two = configuration('PC2', {
      plugins: [
        { plugin: 'a', version: '1.0.0', phase: 2, enabled: false },
        { plugin: 'b', version: '3.0.0-beta.1', phase: 0, enabled: true },
      ],
      createdAt: 2,
    });
    await t.repo.addConfiguration(one);
    await t.repo.addConfiguration(two);
    expect(await t.repo.configuration('PC2')).toEqual(two);
    expect(await t.repo.configurations()).toEqual([one, two]);
    expect(await t.repo.configuration('PC3')).toBeUndefined();
  });

  it('inserts a release and updates the status and rollback of others in one write', async () => {
    await t.repo.addConfiguration(configuration('PC1'));
    const first = release('PR1', { createdAt: 1 });
    await t.repo.saveReleases(first, []);
    expect(await t.repo.release('PR1')).toEqual(first);
    const cohort = release('PR2', {
      target: { kind: 'percent', percent: 10 },
      previousReleaseSid: 'PR1',
      thresholds: { maxFailingDesktops: 0, maxErrorRate: 0.5, minInvocations: 3 },
      createdAt: 2,
    });
    await t.repo.saveReleases(cohort, []);
    const rollback = { automatic: true, reason: 'plugin "a" failed', at: 5, by: 'registry' };
    await t.repo.saveReleases(null, [{ ...cohort, status: 'rolled-back', rollback }]);
    expect(await t.repo.release('PR2')).toEqual({ ...cohort, status: 'rolled-back', rollback });
    const agents = release('PR3', { target: { kind: 'agents', identities: ['alice', 'bob'] }, createdAt: 3 });
    await t.repo.saveReleases(agents, [{ ...first, status: 'superseded' }]);
    expect((await t.repo.releases()).map((r) => [r.sid, r.status])).toEqual([
      ['PR1', 'superseded'],
      ['PR2', 'rolled-back'],
      ['PR3', 'live'],
    ]);
    expect((await t.repo.release('PR3'))!.target).toEqual({ kind: 'agents', identities: ['alice', 'bob'] });
    expect(await t.repo.release('PR9')).toBeUndefined();
  });

  it('writes nothing of a release change when one of its updates names no release', async () => {
    await t.repo.addConfiguration(configuration('PC1'));
    await t.repo.saveReleases(release('PR1'), []);
    const error = await t.repo
      .saveReleases(release('PR2'), [{ ...release('PR1'), status: 'superseded' }, release('PR404')])
      .catch((e: unknown) => e);
    expect(isSwitchboardError(error, 'CC_NOT_FOUND')).toBe(true);
    expect((await t.repo.releases()).map((r) => [r.sid, r.status])).toEqual([['PR1', 'live']]);
  });

  it('upserts health rows by (release, plugin, worker) and reads one release', async () => {
    await t.repo.addConfiguration(configuration('PC1'));
    await t.repo.saveReleases(release('PR1'), []);
    await t.repo.saveReleases(release('PR2', { createdAt: 301 }), []);
    await t.repo.saveHealth([
      health('PR1', 'a', 'WK1', { invocations: 3 }),
      health('PR1', 'a', 'WK2'),
      health('PR1', 'b', 'WK1'),
      health('PR2', 'a', 'WK1'),
    ]);
    const failed = health('PR1', 'a', 'WK1', {
      state: 'Failed',
      failed: true,
      failure: { code: 'PLUGIN_INIT_FAILED', message: 'boom' },
      errors: 2,
      aborts: 1,
      timeouts: 1,
      invocations: 9,
      actions: { AcceptTask: { p50: 1.5, p95: 4, count: 9 } },
      updatedAt: 500,
    });
    await t.repo.saveHealth([failed]);
    const rows = await t.repo.health('PR1');
    expect(rows).toHaveLength(3);
    expect(rows).toContainEqual(failed);
    expect(rows).toContainEqual(health('PR1', 'b', 'WK1'));
    expect(await t.repo.health('PR2')).toEqual([health('PR2', 'a', 'WK1')]);
    expect(await t.repo.health('PR3')).toEqual([]);
    await t.repo.saveHealth([]);
  });

  it('returns copies: changing what was read changes nothing stored', async () => {
    const v = version('a', '1.0.0');
    await t.repo.addVersion(plugin('a'), v, bundle(v.bundleHash, 'abc'));
    const read = (await t.repo.version('a', '1.0.0'))!;
    read.permissions!.actions.push('HangupCall');
    const content = (await t.repo.bundle(v.bundleHash))!;
    content[0] = 0;
    expect((await t.repo.version('a', '1.0.0'))!.permissions!.actions).toEqual(['AcceptTask']);
    expect(new TextDecoder().decode(await t.repo.bundle(v.bundleHash))).toBe('abc');
  });
}
