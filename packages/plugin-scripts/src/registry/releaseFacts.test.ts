import type { RegistryRelease } from '@switchboard/contact-center';
import {
  formatTarget,
  formatThresholds,
  latestLive,
  liveFirst,
  liveForAll,
  parsePluginVersion,
  targetOf,
  thresholdsOf,
  withVersions,
} from './releaseFacts';

const thresholds = { maxFailingDesktops: 2, maxErrorRate: 0.2, minInvocations: 20 };
const release = (
  sid: string,
  createdAt: number,
  status: RegistryRelease['status'],
  target: RegistryRelease['target'],
) =>
  ({
    sid,
    createdAt,
    status,
    target,
    configurationSid: `PC-${sid}`,
    previousReleaseSid: null,
    thresholds,
    createdBy: 'admin',
  }) as RegistryRelease;

describe('which release is live', () => {
  const all = release('PR1', 1, 'live', { kind: 'all' });
  const cohort = release('PR3', 3, 'live', { kind: 'percent', percent: 10 });
  const old = release('PR0', 0, 'superseded', { kind: 'all' });
  const rolledBack = release('PR2', 2, 'rolled-back', { kind: 'agents', identities: ['alice'] });

  it('the newest live release is the cohort on top; the all-release is found apart', () => {
    expect(latestLive([old, all, rolledBack, cohort])?.sid).toBe('PR3');
    expect(liveForAll([cohort, rolledBack, all, old])?.sid).toBe('PR1');
    expect(latestLive([old, rolledBack])).toBeUndefined();
  });

  it('lists live first, then newest first', () => {
    expect(liveFirst([old, all, rolledBack, cohort]).map((r) => r.sid)).toEqual(['PR3', 'PR1', 'PR2', 'PR0']);
  });
});

describe('withVersions', () => {
  it('swaps a version in place, keeping phase and enabled, and appends a new plugin', () => {
    expect(
      withVersions(
        [
          { plugin: 'a', version: '1.0.0', phase: 1, enabled: false },
          { plugin: 'b', version: '2.0.0', phase: 0, enabled: true },
        ],
        [
          { plugin: 'a', version: '1.1.0' },
          { plugin: 'c', version: '0.1.0', phase: 2 },
        ],
      ),
    ).toEqual([
      { plugin: 'a', version: '1.1.0', phase: 1, enabled: false },
      { plugin: 'b', version: '2.0.0', phase: 0, enabled: true },
      { plugin: 'c', version: '0.1.0', phase: 2 },
    ]);
  });
});

describe('flags', () => {
  it('parses name@version, scoped names included', () => {
    expect(parsePluginVersion('crm-sync@1.2.0')).toEqual({ plugin: 'crm-sync', version: '1.2.0' });
    expect(parsePluginVersion('@acme/crm@0.1.0')).toEqual({ plugin: '@acme/crm', version: '0.1.0' });
    expect(parsePluginVersion('crm-sync')).toBeUndefined();
    expect(parsePluginVersion('@acme/crm')).toBeUndefined();
  });

  it('targets and thresholds', () => {
    expect(targetOf({})).toEqual({ kind: 'all' });
    expect(targetOf({ percent: 10 })).toEqual({ kind: 'percent', percent: 10 });
    expect(targetOf({ agents: ['alice', 'bob'] })).toEqual({ kind: 'agents', identities: ['alice', 'bob'] });
    expect(thresholdsOf({ maxErrorRate: 0.5 })).toEqual({ maxErrorRate: 0.5 });
    expect(formatTarget({ kind: 'agents', identities: ['alice'] })).toBe('agent alice');
    expect(formatThresholds(thresholds)).toBe(
      'more than 2 failing desktops for a plugin, or an error rate above 20% (after 20 invocations)',
    );
  });
});
