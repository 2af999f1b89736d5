import { createHash } from 'node:crypto';
import { isSwitchboardError } from '@switchboard/actions';
import { cohortBucket, isInTarget } from './cohort';
import { MemoryRegistryRepository } from './MemoryRegistryRepository';
import { Registry } from './Registry';
import type { HealthReport, PluginHealthReport, PluginPermissions } from './types';

const code = (text: string) => new TextEncoder().encode(text);
const perms = (over: Partial<PluginPermissions> = {}): PluginPermissions => ({
  actions: [],
  slots: [],
  origins: [],
  ...over,
});
const rejection = async (p: Promise<unknown>) => {
  const e = await p.then(
    () => undefined,
    (error: unknown) => error,
  );
  if (!e) throw new Error('expected a rejection');
  return e as Error & { code: string };
};
const ok = (name: string, version: string, over: Partial<PluginHealthReport> = {}): PluginHealthReport => ({
  name,
  version,
  state: 'Initialized',
  errors: 0,
  aborts: 0,
  timeouts: 0,
  invocations: 0,
  ...over,
});
const failed = (name: string, version: string): PluginHealthReport =>
  ok(name, version, { state: 'Failed', failure: { code: 'PLUGIN_INIT_FAILED', message: 'boom' } });

let repo: MemoryRegistryRepository;
let registry: Registry;
let changes: Array<string | null>;
beforeEach(async () => {
  repo = new MemoryRegistryRepository();
  registry = await Registry.open(repo);
  changes = [];
  registry.events.on('releaseChanged', (e) => changes.push(e.releaseSid));
});

/** Deploys versions and makes a configuration of them. */
async function configurationOf(...plugins: Array<[string, string]>) {
  for (const [name, version] of plugins)
    if (!registry.plugins().some((p) => p.name === name && p.versions.some((v) => v.version === version)))
      await registry.deployVersion('admin', name, { version, bundle: code(`/* ${name} ${version} */`) });
  return registry.createConfiguration('admin', { plugins: plugins.map(([plugin, version]) => ({ plugin, version })) });
}

describe('versions', () => {
  it('stores a bundle by sha256 with its sha384 SRI, and serves it back', async () => {
    const bundle = code('window.Switchboard.Plugins.init({ name: "crm-sync", init() {} });');
    const v = await registry.deployVersion('admin', 'crm-sync', {
      version: '1.0.0',
      bundle,
      changelog: 'first',
      hostVersion: '^0.1.0',
      permissions: perms({ actions: ['AcceptTask'], origins: ['https://crm.example.com'] }),
      description: 'Syncs the CRM',
    });
    expect(v).toMatchObject({
      plugin: 'crm-sync',
      version: '1.0.0',
      bundleHash: createHash('sha256').update(bundle).digest('hex'),
      integrity: `sha384-${createHash('sha384').update(bundle).digest('base64')}`,
      size: bundle.length,
      changelog: 'first',
      hostVersion: '^0.1.0',
      phase: 0,
      archived: false,
      createdBy: 'admin',
    });
    expect(await registry.bundle(v.bundleHash)).toEqual(bundle);
    expect(registry.plugin('crm-sync')).toMatchObject({ description: 'Syncs the CRM', archived: false, versions: [v] });
  });

  it('refuses a version twice with CC_CONFLICT (immutable), whatever the bundle', async () => {
    await registry.deployVersion('admin', 'a', { version: '1.0.0', bundle: code('one') });
    const e = await rejection(registry.deployVersion('admin', 'a', { version: '1.0.0', bundle: code('two') }));
    expect(isSwitchboardError(e, 'CC_CONFLICT')).toBe(true);
    expect(e.message).toMatch(/"a" already has version 1\.0\.0/);
    const [v] = registry.plugin('a').versions;
    expect(await registry.bundle(v!.bundleHash)).toEqual(code('one'));
  });

  it('refuses what is not a semver version, a range, a plugin name or an origin (it goes into the CSP)', async () => {
    const bundle = code('x');
    const cases: Array<[string, Parameters<Registry['deployVersion']>[2], RegExp]> = [
      ['a', { version: 'v1', bundle }, /not a semver version/],
      ['a', { version: '1.0', bundle }, /not a semver version/],
      ['a', { version: '1.0.0', bundle, hostVersion: 'soon' }, /hostVersion "soon"/],
      ['Bad Name', { version: '1.0.0', bundle }, /not a valid plugin name/],
      ['a', { version: '1.0.0', bundle: code('') }, /bundle is empty/],
      [
        'a',
        { version: '1.0.0', bundle, permissions: perms({ origins: ["https://x.com; script-src 'unsafe-eval'"] }) },
        /permissions\.origins has .* not an origin/,
      ],
      ['a', { version: '1.0.0', bundle, permissions: perms({ actions: ['Accept Task'] }) }, /permissions\.actions/],
    ];
    for (const [name, input, message] of cases) {
      const e = await rejection(registry.deployVersion('admin', name, input));
      expect(isSwitchboardError(e, 'CC_BAD_REQUEST')).toBe(true);
      expect(e.message).toMatch(message);
    }
    expect(registry.plugins()).toEqual([]);
  });

  it('lists versions newest first (by semver) and archives one or all', async () => {
    for (const version of ['1.2.0', '1.10.0', '1.9.1'])
      await registry.deployVersion('admin', 'a', { version, bundle: code(version) });
    expect(registry.plugin('a').versions.map((v) => v.version)).toEqual(['1.10.0', '1.9.1', '1.2.0']);
    await registry.archive('a', '1.2.0');
    expect(registry.plugin('a').versions.map((v) => v.archived)).toEqual([false, false, true]);
    expect(registry.plugin('a').archived).toBe(false);
    await registry.archive('a');
    expect(registry.plugin('a').archived).toBe(true);
    expect(isSwitchboardError(await rejection(registry.archive('a', '9.9.9')), 'CC_NOT_FOUND')).toBe(true);
    expect(isSwitchboardError(await rejection(registry.archive('nope')), 'CC_NOT_FOUND')).toBe(true);
  });
});

describe('configurations', () => {
  it('takes phase from the version by default and enabled true', async () => {
    await registry.deployVersion('admin', 'a', { version: '1.0.0', bundle: code('a'), phase: 2 });
    const c = await registry.createConfiguration('admin', {
      name: 'first',
      plugins: [{ plugin: 'a', version: '1.0.0' }],
    });
    expect(c).toMatchObject({ name: 'first', plugins: [{ plugin: 'a', version: '1.0.0', phase: 2, enabled: true }] });
    expect(c.sid).toMatch(/^PC[0-9a-f]{32}$/);
    expect(registry.configuration(c.sid)).toEqual(c);
  });

  it('refuses unknown and archived versions, naming each', async () => {
    await registry.deployVersion('admin', 'a', { version: '1.0.0', bundle: code('a') });
    await registry.deployVersion('admin', 'b', { version: '2.0.0', bundle: code('b') });
    await registry.archive('b', '2.0.0');
    const e = await rejection(
      registry.createConfiguration('admin', {
        plugins: [
          { plugin: 'a', version: '1.0.0' },
          { plugin: 'a2', version: '1.0.0' },
          { plugin: 'b', version: '2.0.0' },
        ],
      }),
    );
    expect(isSwitchboardError(e, 'CC_BAD_REQUEST')).toBe(true);
    expect(e.message).toBe('The configuration names unknown version a2@1.0.0; archived version b@2.0.0');
    expect(registry.configurations()).toEqual([]);
  });

  it('diffs two configurations: versions and the permissions each plugin gains or loses', async () => {
    await registry.deployVersion('admin', 'crm', {
      version: '1.0.0',
      bundle: code('crm1'),
      permissions: perms({ actions: ['AcceptTask'], origins: ['https://crm.example.com'] }),
    });
    await registry.deployVersion('admin', 'crm', {
      version: '1.1.0',
      bundle: code('crm2'),
      permissions: perms({ actions: ['AcceptTask', 'HangupCall'], origins: ['https://api.example.com'] }),
    });
    await registry.deployVersion('admin', 'old', { version: '2.0.0', bundle: code('o2'), permissions: perms() });
    await registry.deployVersion('admin', 'old', { version: '1.0.0', bundle: code('o1'), permissions: perms() });
    await registry.deployVersion('admin', 'gone', { version: '1.0.0', bundle: code('g'), permissions: perms() });
    await registry.deployVersion('admin', 'wild', { version: '1.0.0', bundle: code('w'), permissions: null });
    await registry.deployVersion('admin', 'flip', { version: '1.0.0', bundle: code('f'), permissions: perms() });
    const from = await registry.createConfiguration('admin', {
      plugins: [
        { plugin: 'crm', version: '1.0.0' },
        { plugin: 'old', version: '2.0.0' },
        { plugin: 'gone', version: '1.0.0' },
        { plugin: 'flip', version: '1.0.0' },
      ],
    });
    const to = await registry.createConfiguration('admin', {
      plugins: [
        { plugin: 'crm', version: '1.1.0' },
        { plugin: 'old', version: '1.0.0' },
        { plugin: 'wild', version: '1.0.0' },
        { plugin: 'flip', version: '1.0.0', enabled: false },
      ],
    });
    const diff = registry.diff(from.sid, to.sid);
    expect(diff.from).toBe(from.sid);
    expect(diff.plugins.map((p) => [p.plugin, p.change])).toEqual([
      ['crm', 'upgraded'],
      ['flip', 'toggled'],
      ['gone', 'removed'],
      ['old', 'downgraded'],
      ['wild', 'added'],
    ]);
    const crm = diff.plugins[0]!;
    expect(crm.from).toEqual({
      version: '1.0.0',
      enabled: true,
      permissions: perms({ actions: ['AcceptTask'], origins: ['https://crm.example.com'] }),
    });
    expect(crm.permissionsAdded).toEqual(perms({ actions: ['HangupCall'], origins: ['https://api.example.com'] }));
    expect(crm.permissionsRemoved).toEqual(perms({ origins: ['https://crm.example.com'] }));
    // Undeclared runs unrestricted: it adds every action and slot.
    expect(diff.plugins[4]).toMatchObject({
      to: { permissions: null },
      permissionsAdded: perms({ actions: ['*'], slots: ['*'] }),
    });
    expect(
      isSwitchboardError(
        await rejection(Promise.resolve().then(() => registry.diff(from.sid, 'PCnope'))),
        'CC_NOT_FOUND',
      ),
    ).toBe(true);
  });
});

describe('cohorts', () => {
  it('buckets an identity by sha256(releaseSid:identity), deterministically and per release', () => {
    const sid = 'PR0123456789abcdef0123456789abcdef';
    const expected = createHash('sha256').update(`${sid}:alice`).digest().readUInt32BE(0) % 100;
    expect(cohortBucket(sid, 'alice')).toBe(expected);
    const identities = Array.from({ length: 2000 }, (_, i) => `agent-${i}`);
    const inTen = identities.filter((id) => isInTarget({ sid, target: { kind: 'percent', percent: 10 } }, id));
    expect(inTen.length).toBeGreaterThan(140);
    expect(inTen.length).toBeLessThan(260);
    // Another release draws another cohort.
    const other = identities.filter((id) =>
      isInTarget({ sid: 'PRffffffffffffffffffffffffffffffff', target: { kind: 'percent', percent: 10 } }, id),
    );
    expect(other).not.toEqual(inTen);
    expect(identities.every((id) => isInTarget({ sid, target: { kind: 'percent', percent: 100 } }, id))).toBe(true);
    expect(isInTarget({ sid, target: { kind: 'agents', identities: ['bob'] } }, 'bob')).toBe(true);
    expect(isInTarget({ sid, target: { kind: 'agents', identities: ['bob'] } }, 'alice')).toBe(false);
  });
});

describe('releases', () => {
  it('gives every agent the all-release, and the cohort its release on top of it', async () => {
    expect(registry.active('alice')).toEqual({ releaseSid: null, configurationSid: null, cohort: false, plugins: [] });
    const c1 = await configurationOf(['a', '1.0.0']);
    const r1 = await registry.release('admin', { configurationSid: c1.sid });
    expect(r1).toMatchObject({ status: 'live', target: { kind: 'all' }, previousReleaseSid: null });
    expect(r1.thresholds).toEqual({ maxFailingDesktops: 2, maxErrorRate: 0.2, minInvocations: 20 });
    const c2 = await configurationOf(['a', '1.1.0']);
    const r2 = await registry.release('admin', {
      configurationSid: c2.sid,
      target: { kind: 'agents', identities: ['bob'] },
      thresholds: { maxFailingDesktops: 0 },
    });
    expect(r2).toMatchObject({ previousReleaseSid: r1.sid, thresholds: { maxFailingDesktops: 0, maxErrorRate: 0.2 } });
    const bob = registry.active('bob');
    expect(bob).toMatchObject({ releaseSid: r2.sid, configurationSid: c2.sid, cohort: true });
    expect(bob.plugins).toEqual([
      {
        name: 'a',
        version: '1.1.0',
        src: `/api/registry/bundles/${registry.plugin('a').versions[0]!.bundleHash}.js`,
        integrity: registry.plugin('a').versions[0]!.integrity,
        hostVersion: '*',
        phase: 0,
        enabled: true,
        permissions: null,
      },
    ]);
    expect(registry.active('alice')).toMatchObject({
      releaseSid: r1.sid,
      cohort: false,
      plugins: [{ version: '1.0.0' }],
    });
    // Releasing to all supersedes both.
    const r3 = await registry.release('admin', { configurationSid: c2.sid });
    expect(r3.previousReleaseSid).toBe(r1.sid);
    expect((await registry.releases()).map((r) => [r.sid, r.status])).toEqual([
      [r3.sid, 'live'],
      [r2.sid, 'superseded'],
      [r1.sid, 'superseded'],
    ]);
    expect(registry.active('bob')).toMatchObject({ releaseSid: r3.sid, cohort: false });
    expect(changes).toEqual([r1.sid, r2.sid, r3.sid]);
  });

  it('keeps at most one cohort release: a new one supersedes it', async () => {
    const c1 = await configurationOf(['a', '1.0.0']);
    const all = await registry.release('admin', { configurationSid: c1.sid });
    const c2 = await configurationOf(['a', '1.1.0']);
    const first = await registry.release('admin', {
      configurationSid: c2.sid,
      target: { kind: 'percent', percent: 10 },
    });
    const second = await registry.release('admin', {
      configurationSid: c2.sid,
      target: { kind: 'percent', percent: 50 },
    });
    expect(registry.live()).toEqual({
      all: expect.objectContaining({ sid: all.sid }),
      cohort: expect.objectContaining({ sid: second.sid }),
    });
    expect((await registry.releaseOf(first.sid)).status).toBe('superseded');
  });

  it('refuses a bad target or thresholds, and an unknown configuration', async () => {
    const c = await configurationOf(['a', '1.0.0']);
    for (const [input, message] of [
      [
        { configurationSid: c.sid, target: { kind: 'percent', percent: 0 } },
        /percent must be a whole number from 1 to 100/,
      ],
      [{ configurationSid: c.sid, target: { kind: 'agents', identities: [] } }, /names no agent/],
      [{ configurationSid: c.sid, thresholds: { maxErrorRate: 2 } }, /maxErrorRate/],
      [{ configurationSid: 'PC404' }, /Configuration PC404 does not exist/],
    ] as const) {
      const e = await rejection(registry.release('admin', input as Parameters<Registry['release']>[1]));
      expect(e.message).toMatch(message);
    }
    expect(await registry.releases()).toEqual([]);
  });

  it('rolls back an all-release by releasing the previous configuration again (immutable history)', async () => {
    const c1 = await configurationOf(['a', '1.0.0']);
    const c2 = await configurationOf(['a', '1.1.0']);
    const c3 = await configurationOf(['a', '1.2.0']);
    const r1 = await registry.release('admin', { configurationSid: c1.sid });
    const r2 = await registry.release('admin', { configurationSid: c2.sid });
    const r3 = await registry.release('admin', { configurationSid: c3.sid });
    const back = await registry.rollback('ops', r3.sid, 'broke the CRM');
    expect(back).toMatchObject({
      configurationSid: c2.sid,
      status: 'live',
      previousReleaseSid: r1.sid,
      createdBy: 'ops',
    });
    expect(await registry.releaseOf(r3.sid)).toMatchObject({
      status: 'rolled-back',
      rollback: { automatic: false, reason: 'broke the CRM', by: 'ops' },
    });
    expect(registry.active('alice').configurationSid).toBe(c2.sid);
    // Once more goes one step further back, not forward to the bad one.
    const further = await registry.rollback('ops', back.sid);
    expect(further).toMatchObject({ configurationSid: c1.sid, previousReleaseSid: null });
    // The first release has none before it: nothing stays live.
    const last = await registry.rollback('ops', further.sid);
    expect(last).toMatchObject({ sid: further.sid, status: 'rolled-back' });
    expect(registry.active('alice').releaseSid).toBeNull();
    const e = await rejection(registry.rollback('ops', r2.sid));
    expect(isSwitchboardError(e, 'CC_INVALID_STATE')).toBe(true);
    expect(e.message).toMatch(`Release ${r2.sid} is superseded`);
  });

  it('rolls a cohort back to the release under it', async () => {
    const c1 = await configurationOf(['a', '1.0.0']);
    const c2 = await configurationOf(['a', '1.1.0']);
    const all = await registry.release('admin', { configurationSid: c1.sid });
    const cohort = await registry.release('admin', {
      configurationSid: c2.sid,
      target: { kind: 'agents', identities: ['bob'] },
    });
    const back = await registry.rollback('admin', cohort.sid);
    expect(back).toMatchObject({ sid: cohort.sid, status: 'rolled-back' });
    expect(registry.active('bob')).toMatchObject({ releaseSid: all.sid, cohort: false });
    expect(changes).toEqual([all.sid, cohort.sid, cohort.sid]);
  });

  it('survives a restart: everything is read back from the repository', async () => {
    const c1 = await configurationOf(['a', '1.0.0']);
    const r1 = await registry.release('admin', { configurationSid: c1.sid, target: { kind: 'percent', percent: 100 } });
    await registry.reportHealth('WK1', {
      releaseSid: r1.sid,
      plugins: [ok('a', '1.0.0', { errors: 1, invocations: 4 })],
    });
    const reopened = await Registry.open(repo);
    expect(reopened.active('zed')).toEqual(registry.active('zed'));
    expect(await reopened.releases()).toEqual(await registry.releases());
    expect(reopened.plugins()).toEqual(registry.plugins());
  });
});

describe('health and automatic rollback', () => {
  async function cohortRelease(thresholds = {}) {
    const good = await configurationOf(['good', '1.0.0'], ['bad-plugin', '1.0.0']);
    const all = await registry.release('admin', { configurationSid: good.sid });
    const next = await configurationOf(['good', '1.0.0'], ['bad-plugin', '1.1.0']);
    const cohort = await registry.release('admin', {
      configurationSid: next.sid,
      target: { kind: 'agents', identities: ['a1', 'a2', 'a3'] },
      thresholds,
    });
    return { all, cohort };
  }
  const report = (releaseSid: string, ...plugins: PluginHealthReport[]): HealthReport => ({ releaseSid, plugins });

  it('rolls the cohort back when a plugin fails on more desktops than the limit, naming plugin, rule and figures', async () => {
    const { all, cohort } = await cohortRelease();
    await registry.reportHealth('WK1', report(cohort.sid, ok('good', '1.0.0'), failed('bad-plugin', '1.1.0')));
    await registry.reportHealth('WK2', report(cohort.sid, failed('bad-plugin', '1.1.0')));
    // Two of two: not more than the limit (2) yet.
    expect((await registry.releaseOf(cohort.sid)).status).toBe('live');
    expect((await registry.releaseOf(cohort.sid)).health).toEqual([
      expect.objectContaining({ plugin: 'good', desktops: 1, failingDesktops: 0 }),
      expect.objectContaining({ plugin: 'bad-plugin', version: '1.1.0', desktops: 2, failingDesktops: 2 }),
    ]);
    await registry.reportHealth('WK3', report(cohort.sid, failed('bad-plugin', '1.1.0')));
    const after = await registry.releaseOf(cohort.sid);
    expect(after.status).toBe('rolled-back');
    expect(after.rollback).toMatchObject({
      automatic: true,
      by: 'registry',
      reason: 'plugin "bad-plugin" 1.1.0 failed on 3 of 3 desktops (limit 2): PLUGIN_INIT_FAILED: boom',
    });
    expect(registry.active('a1')).toMatchObject({ releaseSid: all.sid, cohort: false });
    expect(changes.at(-1)).toBe(cohort.sid);
    // Later reports of the rolled-back release are kept, and roll back nothing more.
    await registry.reportHealth('WK4', report(cohort.sid, failed('bad-plugin', '1.1.0')));
    expect((await registry.releaseOf(all.sid)).status).toBe('live');
  });

  it('counts a desktop once, however often it reports, and a guardrail timeout as a failure', async () => {
    const { cohort } = await cohortRelease({ maxFailingDesktops: 1 });
    for (let i = 0; i < 5; i++) await registry.reportHealth('WK1', report(cohort.sid, failed('bad-plugin', '1.1.0')));
    expect((await registry.releaseOf(cohort.sid)).status).toBe('live');
    await registry.reportHealth('WK2', report(cohort.sid, ok('bad-plugin', '1.1.0', { timeouts: 1 })));
    expect((await registry.releaseOf(cohort.sid)).rollback?.reason).toMatch(
      /^plugin "bad-plugin" 1\.1\.0 failed on 2 of 2 desktops \(limit 1\)/,
    );
  });

  it('rolls back on the error rate once the plugin had enough invocations', async () => {
    const { cohort } = await cohortRelease({ minInvocations: 20, maxErrorRate: 0.2 });
    await registry.reportHealth('WK1', report(cohort.sid, ok('bad-plugin', '1.1.0', { errors: 9, invocations: 10 })));
    // 90% but only 10 invocations.
    expect((await registry.releaseOf(cohort.sid)).status).toBe('live');
    await registry.reportHealth('WK2', report(cohort.sid, ok('bad-plugin', '1.1.0', { errors: 0, invocations: 10 })));
    const after = await registry.releaseOf(cohort.sid);
    expect(after.health[1]).toMatchObject({ errors: 9, invocations: 20, errorRate: 0.45 });
    expect(after.rollback?.reason).toBe(
      'plugin "bad-plugin" 1.1.0 error rate 45% (9 errors in 20 invocations) is over the limit of 20%',
    );
  });

  it('ignores reports of plugins or versions the release does not have', async () => {
    const { cohort } = await cohortRelease({ maxFailingDesktops: 0 });
    await registry.reportHealth(
      'WK1',
      report(cohort.sid, failed('bad-plugin', '1.0.0'), failed('folder-plugin', '0.0.1')),
    );
    expect((await registry.releaseOf(cohort.sid)).status).toBe('live');
    expect(await repo.health(cohort.sid)).toEqual([]);
    const e = await rejection(registry.reportHealth('WK1', report('PR404')));
    expect(isSwitchboardError(e, 'CC_NOT_FOUND')).toBe(true);
  });

  it('evaluates only the latest live release: an all-release under a cohort is not rolled back by its reports', async () => {
    const { all, cohort } = await cohortRelease({ maxFailingDesktops: 0 });
    await registry.reportHealth('WK9', report(all.sid, failed('bad-plugin', '1.0.0')));
    expect((await registry.releaseOf(all.sid)).status).toBe('live');
    // Without the cohort, the all-release is the latest: a breach releases the previous configuration again.
    await registry.rollback('admin', cohort.sid);
    // WK9's report counts (it was stored): 2 of 2 is not over the all-release's limit (2)…
    await registry.reportHealth('WK8', report(all.sid, failed('bad-plugin', '1.0.0')));
    expect((await registry.releaseOf(all.sid)).status).toBe('live');
    // …3 of 3 is.
    await registry.reportHealth('WK7', report(all.sid, failed('bad-plugin', '1.0.0')));
    // It had nothing before it: nothing is live any more.
    expect((await registry.releaseOf(all.sid)).rollback).toMatchObject({ automatic: true });
    expect(registry.active('anyone').releaseSid).toBeNull();
  });
});

describe('liveOrigins', () => {
  it('collects the origins the enabled plugins of the live releases declare', async () => {
    await registry.deployVersion('admin', 'a', {
      version: '1.0.0',
      bundle: code('a'),
      permissions: perms({ origins: ['https://a.example.com'] }),
    });
    await registry.deployVersion('admin', 'b', {
      version: '1.0.0',
      bundle: code('b'),
      permissions: perms({ origins: ['https://b.example.com'] }),
    });
    await registry.deployVersion('admin', 'c', {
      version: '1.0.0',
      bundle: code('c'),
      permissions: perms({ origins: ['https://c.example.com'] }),
    });
    const c1 = await registry.createConfiguration('admin', {
      plugins: [
        { plugin: 'a', version: '1.0.0' },
        { plugin: 'c', version: '1.0.0', enabled: false },
      ],
    });
    const c2 = await registry.createConfiguration('admin', { plugins: [{ plugin: 'b', version: '1.0.0' }] });
    expect(registry.liveOrigins()).toEqual([]);
    await registry.release('admin', { configurationSid: c1.sid });
    await registry.release('admin', { configurationSid: c2.sid, target: { kind: 'percent', percent: 5 } });
    expect(registry.liveOrigins().sort()).toEqual(['https://a.example.com', 'https://b.example.com']);
  });
});
