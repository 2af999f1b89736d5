/** The registry commands' pure formatting: tables, a release in detail, a diff. */
import type { RegistryConfiguration, RegistryPlugin, RegistryReleaseWithHealth } from '@switchboard/contact-center';
import { describeRelease } from './describe';
import { formatDiff } from './diff';
import { pluginsTable, releasesTable } from './list';

const T0 = Date.UTC(2026, 11, 3, 6, 0, 0);
const sid = (prefix: string, n: number) => `${prefix}${String(n).padStart(32, '0')}`;
const thresholds = { maxFailingDesktops: 2, maxErrorRate: 0.2, minInvocations: 20 };
const configuration: RegistryConfiguration = {
  sid: sid('PC', 2),
  name: 'bad-plugin@1.1.0',
  description: '',
  plugins: [
    { plugin: 'bad-plugin', version: '1.1.0', phase: 0, enabled: true },
    { plugin: 'crm-sync', version: '1.0.0', phase: 1, enabled: true },
  ],
  createdAt: T0,
  createdBy: 'admin',
};
const cohort: RegistryReleaseWithHealth = {
  sid: sid('PR', 2),
  configurationSid: configuration.sid,
  target: { kind: 'percent', percent: 10 },
  previousReleaseSid: sid('PR', 1),
  status: 'rolled-back',
  thresholds,
  rollback: {
    automatic: true,
    reason: 'plugin "bad-plugin" 1.1.0 failed on 3 of 3 desktops (limit 2): PLUGIN_INIT_FAILED: boom',
    at: T0 + 60_000,
    by: 'registry',
  },
  createdAt: T0,
  createdBy: 'admin',
  health: [
    {
      plugin: 'bad-plugin',
      version: '1.1.0',
      failingDesktops: 3,
      desktops: 3,
      errors: 0,
      aborts: 0,
      timeouts: 0,
      invocations: 0,
      errorRate: 0,
      lastFailure: { code: 'PLUGIN_INIT_FAILED', message: 'boom' },
    },
  ],
};

test('describe of an automatically rolled-back cohort release says why, and shows health per plugin', () => {
  const lines = describeRelease(cohort, configuration, 'http://127.0.0.1:4100');
  expect(lines.slice(0, 3)).toEqual([
    `Release ${cohort.sid}`,
    'Status:        rolled-back',
    `Target:        10% of agents (the others keep ${sid('PR', 1)})`,
  ]);
  expect(lines).toContain(
    'Rolled back:   automatically at 2026-12-03 06:01:00: plugin "bad-plugin" 1.1.0 failed on 3 of 3 desktops (limit 2): PLUGIN_INIT_FAILED: boom',
  );
  const header = lines.findIndex((l) => l.trim().startsWith('PLUGIN'));
  expect(lines.slice(header, header + 3)).toEqual([
    '  PLUGIN      VERSION  PHASE  ENABLED  DESKTOPS  FAILING  ERRORS  INVOCATIONS  ERROR RATE  LAST FAILURE',
    '  bad-plugin  1.1.0        0  yes             3        3       0            0          0%  PLUGIN_INIT_FAILED: boom',
    '  crm-sync    1.0.0        1  yes             0        0       0            0           -',
  ]);
  expect(lines.at(-1)).toBe(`Status page:   http://127.0.0.1:4100/registry/releases/${cohort.sid}`);
});

test('the releases table puts live ones first and says why one was rolled back', () => {
  const live = {
    ...cohort,
    sid: sid('PR', 1),
    status: 'live' as const,
    target: { kind: 'all' as const },
    previousReleaseSid: null,
    createdAt: T0 - 1000,
  };
  const { rollback: _r, ...liveWithout } = live;
  const lines = releasesTable([cohort, liveWithout], [configuration]);
  expect(lines[0]).toMatch(/^RELEASE\s+STATUS\s+TARGET\s+CONFIGURATION\s+PLUGINS\s+CREATED\s+BY\s+NOTE$/);
  expect(lines[1]).toMatch(
    new RegExp(
      `^${sid('PR', 1)}  live         all agents     ${configuration.sid}  bad-plugin@1.1.0, crm-sync@1.0.0  2026-12-03 05:59:59  admin$`,
    ),
  );
  expect(lines[2]).toContain('rolled-back  10% of agents');
  expect(lines[2]).toMatch(/rolled back automatically: plugin "bad-plugin" 1\.1\.0 failed on 3 of 3 desktops/);
  // Every row's columns start where the header's do.
  const at = (line: string, word: string) => line.indexOf(word);
  expect(at(lines[1]!, configuration.sid)).toBe(at(lines[0]!, 'CONFIGURATION'));
  expect(at(lines[2]!, configuration.sid)).toBe(at(lines[0]!, 'CONFIGURATION'));
});

test('the plugins table shows the latest version and its permissions, undeclared ones flagged', () => {
  const plugin: RegistryPlugin = {
    name: 'crm-sync',
    description: 'Syncs the CRM',
    archived: false,
    createdAt: T0,
    versions: [
      {
        plugin: 'crm-sync',
        version: '1.1.0',
        bundleHash: 'h',
        integrity: 'sha384-x',
        size: 10,
        changelog: '',
        hostVersion: '*',
        permissions: null,
        phase: 0,
        archived: false,
        createdAt: T0 + 1,
        createdBy: 'admin',
      },
      {
        plugin: 'crm-sync',
        version: '1.0.0',
        bundleHash: 'g',
        integrity: 'sha384-y',
        size: 9,
        changelog: '',
        hostVersion: '*',
        permissions: { actions: ['AcceptTask'], slots: [], origins: [] },
        phase: 0,
        archived: false,
        createdAt: T0,
        createdBy: 'admin',
      },
    ],
  };
  expect(pluginsTable([plugin])).toEqual([
    'PLUGIN    LATEST  VERSIONS  PERMISSIONS                     ARCHIVED  DESCRIPTION',
    'crm-sync  1.1.0          2  undeclared (runs unrestricted)            Syncs the CRM',
  ]);
});

test('a diff: changed plugins first, permissions added and removed, undeclared flagged', () => {
  const none = { actions: [], slots: [], origins: [] };
  expect(
    formatDiff({
      from: 'PCa',
      to: 'PCb',
      plugins: [
        {
          plugin: 'wrapup',
          change: 'unchanged',
          from: { version: '2.0.0', enabled: true, permissions: none },
          to: { version: '2.0.0', enabled: true, permissions: none },
          permissionsAdded: none,
          permissionsRemoved: none,
        },
        {
          plugin: 'crm-sync',
          change: 'upgraded',
          from: {
            version: '1.0.0',
            enabled: true,
            permissions: { actions: ['AcceptTask'], slots: [], origins: ['https://old'] },
          },
          to: {
            version: '1.1.0',
            enabled: true,
            permissions: { actions: ['AcceptTask', 'HangupCall'], slots: [], origins: [] },
          },
          permissionsAdded: { actions: ['HangupCall'], slots: [], origins: [] },
          permissionsRemoved: { actions: [], slots: [], origins: ['https://old'] },
        },
        {
          plugin: 'loose',
          change: 'added',
          to: { version: '0.1.0', enabled: true, permissions: null },
          permissionsAdded: none,
          permissionsRemoved: none,
        },
      ],
    }),
  ).toEqual([
    'PCa → PCb',
    'PLUGIN    CHANGE     FROM   TO     PERMISSIONS',
    'crm-sync  upgraded   1.0.0  1.1.0  +actions HangupCall; -origins https://old',
    'loose     added      -      0.1.0  undeclared: runs unrestricted',
    'wrapup    unchanged  2.0.0  2.0.0',
  ]);
});
