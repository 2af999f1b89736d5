/**
 * The registry commands through the real CLI (`main()`, output captured) against a real
 * contact center on 127.0.0.1 (in memory, port 0): deploy (prebuilt and really built), the
 * --json documents, a release to all and to a cohort, list / describe / diff, rollback,
 * archive, and the refusals: an agent (not an admin), bad flags (exit 2), no server.
 */
import { createRegistryClient } from '@switchboard/contact-center';
import {
  setAgentPassword,
  silentLogger,
  startContactCenter,
  type ContactCenterServer,
} from '@switchboard/contact-center/server';
import { createHash } from 'node:crypto';
import { createServer } from 'node:net';
import path from 'node:path';
import { main } from '../src/cli';
import { fixtureRoot, packageJson, removeRoot, requireBuilt, spawnCli, writeProject } from './fixtures';

jest.setTimeout(90_000);

let root: string;
let server: ContactCenterServer;

beforeAll(async () => {
  root = fixtureRoot('registry');
  server = await startContactCenter({
    dataDir: null,
    port: 0,
    host: '127.0.0.1',
    agents: ['alice', 'bob'],
    admins: ['admin'],
    logger: silentLogger,
  });
});
afterAll(async () => {
  await server?.close();
  removeRoot(root);
});

interface Run {
  code: number;
  out: string;
  err: string;
}

/** `switchboard-plugin <args> --server <the test server>`, its exit code and what it printed. */
async function cli(...args: string[]): Promise<Run> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main([...args, '--server', server.url], {
    out: (line) => out.push(line),
    err: (line) => err.push(line),
  });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

/** The --json document on stdout (and nothing else there). */
async function json<T = Record<string, unknown>>(...args: string[]): Promise<T> {
  const run = await cli(...args, '--json');
  expect({ code: run.code, err: run.code ? run.err : '' }).toEqual({ code: 0, err: '' });
  return JSON.parse(run.out) as T;
}

const BUNDLE = `window.Switchboard.Plugins.init({ name: 'crm-sync', init() {} });\n`;
const sri = (body: string) => `sha384-${createHash('sha384').update(body).digest('base64')}`;

/** A plugin folder with a prebuilt dist/plugin.js (for --no-build). */
function prebuilt(name: string, permissions: object | undefined, bundle = BUNDLE): string {
  return writeProject(root, `${name}-${Math.random().toString(36).slice(2, 8)}`, {
    'package.json': packageJson(name, permissions ? { permissions } : {}, { description: `The ${name} plugin` }),
    'src/index.js': '',
    'dist/plugin.js': bundle,
  });
}

const PR = /PR[0-9a-f]{32}/;
interface Release {
  sid: string;
  status: string;
  configurationSid: string;
  target: { kind: string };
  previousReleaseSid: string | null;
  rollback?: { automatic: boolean; reason: string };
}

describe('deploy → release → list / describe / diff → rollback → archive', () => {
  const v1 = { actions: ['AcceptTask'], slots: ['TaskCanvasTabs'] };
  const v2 = { actions: ['AcceptTask', 'HangupCall'], slots: [], origins: ['https://crm.example.com'] };
  let allRelease: Release;
  let cohortRelease: Release;

  test('deploy --no-build uploads the bundle: version, SRI, size, permissions; the first version says so', async () => {
    const dir = prebuilt('crm-sync', v1);
    const run = await cli('deploy', dir, '--no-build', '--changelog', 'First cut');
    expect(run.err).toBe('');
    expect(run.code).toBe(0);
    expect(run.out.split('\n')).toEqual([
      `Uploading ${BUNDLE.length} B …`,
      'Deployed crm-sync 0.1.0',
      `  Integrity:   ${sri(BUNDLE)}`,
      `  Size:        ${BUNDLE.length} B`,
      '  Permissions: actions AcceptTask; slots TaskCanvasTabs; origins none',
      '  First version of crm-sync in the registry.',
      'Done. Release it with: switchboard-plugin release --plugin crm-sync@0.1.0',
    ]);
  });

  test('deploy --json: one document on stdout, with what the version adds over the previous one', async () => {
    const dir = prebuilt('crm-sync', v2, `${BUNDLE}// 1.1.0\n`);
    const doc = await json<{
      version: { version: string; integrity: string; permissions: unknown; changelog: string; createdBy: string };
      previousVersion: string;
      permissionsAdded: unknown;
    }>('deploy', dir, '--no-build', '--version', '1.1.0', '--changelog', 'Hang-up sync');
    expect(doc.version).toMatchObject({
      version: '1.1.0',
      integrity: sri(`${BUNDLE}// 1.1.0\n`),
      permissions: { actions: ['AcceptTask', 'HangupCall'], slots: [], origins: ['https://crm.example.com'] },
      changelog: 'Hang-up sync',
      createdBy: 'admin',
    });
    expect(doc.previousVersion).toBe('0.1.0');
    expect(doc.permissionsAdded).toEqual({ actions: ['HangupCall'], slots: [], origins: ['https://crm.example.com'] });

    // Without --json the same facts are lines.
    const again = await cli('deploy', dir, '--no-build', '--version', '1.2.0');
    expect(again.out).toContain('Adds no permissions over 1.1.0.');
  });

  test('a version is never deployed twice (refused before building)', async () => {
    const run = await cli('deploy', prebuilt('crm-sync', v1), '--no-build', '--version', '1.1.0');
    expect(run.code).toBe(1);
    expect(run.err).toMatch(/^switchboard-plugin deploy: CC_CONFLICT: crm-sync 1\.1\.0 is already in the registry/);
    expect(run.err.split('\n')).toHaveLength(1);
  });

  test('a plugin that declares no permissions is deployed with a loud warning', async () => {
    const run = await cli('deploy', prebuilt('loose', undefined), '--no-build');
    expect(run.code).toBe(0);
    expect(run.err).toMatch(/^warning: loose declares no permissions: it will run unrestricted\./);
    expect(run.out).toContain('Permissions: undeclared (runs unrestricted)');
  });

  test('release --plugin: a configuration from the live one plus the versions, released to all', async () => {
    const doc = await json<{ configuration: { sid: string; plugins: unknown[] }; release: Release }>(
      'release',
      '--plugin',
      'crm-sync@0.1.0,loose@0.1.0',
      '--max-failing-desktops',
      '1',
    );
    expect(doc.configuration.plugins).toEqual([
      expect.objectContaining({ plugin: 'crm-sync', version: '0.1.0', enabled: true }),
      expect.objectContaining({ plugin: 'loose', version: '0.1.0', enabled: true }),
    ]);
    expect(doc.release).toMatchObject({
      configurationSid: doc.configuration.sid,
      status: 'live',
      target: { kind: 'all' },
      thresholds: { maxFailingDesktops: 1, maxErrorRate: 0.2, minInvocations: 20 },
    });
    allRelease = doc.release;
  });

  test('deploy --release --agents: the new version goes live for a cohort, on top of the live configuration', async () => {
    const dir = prebuilt('crm-sync', v2, `${BUNDLE}// 1.3.0\n`);
    const run = await cli('deploy', dir, '--no-build', '--version', '1.3.0', '--release', '--agents', 'alice');
    expect(run.err).toBe('');
    expect(run.code).toBe(0);
    expect(run.out).toContain('  Adds no permissions over 1.2.0.');
    expect(run.out).toMatch(/^Created configuration PC[0-9a-f]{32}: crm-sync@1\.3\.0, loose@0\.1\.0$/m);
    expect(run.out).toMatch(/^Released PR[0-9a-f]{32}: crm-sync@1\.3\.0, loose@0\.1\.0 to agent alice$/m);
    expect(run.out).toContain(`The other agents keep ${allRelease.sid}.`);
    const releases = await json<Release[]>('list');
    cohortRelease = releases[0]!;
    expect(cohortRelease).toMatchObject({
      status: 'live',
      target: { kind: 'agents', identities: ['alice'] },
      previousReleaseSid: allRelease.sid,
    });
  });

  test('list: releases (live first) by default, plugins, versions, configurations, as aligned tables', async () => {
    const releases = (await cli('list')).out.split('\n');
    expect(releases[0]).toMatch(/^RELEASE\s+STATUS\s+TARGET\s+CONFIGURATION\s+PLUGINS\s+CREATED\s+BY\s+NOTE$/);
    expect(releases[1]).toMatch(
      new RegExp(
        `^${cohortRelease.sid}  live\\s+agent alice\\s+PC\\w+  crm-sync@1\\.3\\.0, loose@0\\.1\\.0 .* admin  others keep ${allRelease.sid}$`,
      ),
    );
    expect(releases[2]).toMatch(new RegExp(`^${allRelease.sid}  live\\s+all agents `));
    expect(releases[1]!.indexOf('PC')).toBe(releases[0]!.indexOf('CONFIGURATION'));
    expect(releases[2]!.indexOf('PC')).toBe(releases[0]!.indexOf('CONFIGURATION'));

    const plugins = (await cli('list', 'plugins')).out.split('\n');
    expect(plugins).toEqual([
      expect.stringMatching(/^PLUGIN\s+LATEST\s+VERSIONS\s+PERMISSIONS\s+ARCHIVED\s+DESCRIPTION$/),
      expect.stringMatching(
        /^crm-sync  1\.3\.0\s+4  actions AcceptTask, HangupCall; slots none; origins https:\/\/crm\.example\.com\s+The crm-sync plugin$/,
      ),
      expect.stringMatching(/^loose\s+0\.1\.0\s+1  undeclared \(runs unrestricted\)\s+The loose plugin$/),
    ]);

    const versions = (await cli('list', 'versions', 'crm-sync')).out.split('\n');
    expect(versions.map((l) => l.split(/\s+/)[0])).toEqual(['VERSION', '1.3.0', '1.2.0', '1.1.0', '0.1.0']);
    expect(versions[3]).toMatch(/Hang-up sync$/);

    const configurations = await json<Array<{ sid: string }>>('list', 'configurations');
    expect(configurations).toHaveLength(2);
  });

  test('describe: a release (status, target, thresholds, health per plugin), a configuration, a plugin, a version', async () => {
    const release = (await cli('describe', cohortRelease.sid)).out.split('\n');
    expect(release).toEqual(
      expect.arrayContaining([
        `Release ${cohortRelease.sid}`,
        'Status:        live',
        `Target:        agent alice (the others keep ${allRelease.sid})`,
        'Rolls back at: more than 2 failing desktops for a plugin, or an error rate above 20% (after 20 invocations)',
        expect.stringMatching(
          /^ {2}PLUGIN\s+VERSION\s+PHASE\s+ENABLED\s+DESKTOPS\s+FAILING\s+ERRORS\s+INVOCATIONS\s+ERROR RATE\s+LAST FAILURE$/,
        ),
        expect.stringMatching(/^ {2}crm-sync\s+1\.3\.0\s+0\s+yes\s+0\s+0\s+0\s+0\s/),
        `Status page:   ${server.url}/registry/releases/${cohortRelease.sid}`,
      ]),
    );
    const configuration = (await cli('describe', cohortRelease.configurationSid)).out;
    expect(configuration).toMatch(
      /crm-sync\s+1\.3\.0\s+0\s+yes\s+actions AcceptTask, HangupCall; slots none; origins https:\/\/crm\.example\.com/,
    );
    expect(configuration).toMatch(/loose\s+0\.1\.0\s+0\s+yes\s+undeclared \(runs unrestricted\)/);
    expect((await cli('describe', 'crm-sync')).out).toMatch(/^Plugin crm-sync\nDescription:\s+The crm-sync plugin/);
    expect((await cli('describe', 'crm-sync@1.1.0')).out).toContain('Changelog:     Hang-up sync');
    const missing = await cli('describe', 'crm-sync@9.9.9');
    expect(missing.code).toBe(1);
    expect(missing.err).toMatch(/CC_NOT_FOUND: crm-sync has no version 9\.9\.9/);
  });

  test('diff: the live configuration against the one before it, and two given configurations', async () => {
    const run = await cli('diff');
    expect(run.code).toBe(0);
    expect(run.out.split('\n')).toEqual([
      `Live ${cohortRelease.sid} against ${allRelease.sid} before it:`,
      `${allRelease.configurationSid} → ${cohortRelease.configurationSid}`,
      expect.stringMatching(/^PLUGIN\s+CHANGE\s+FROM\s+TO\s+PERMISSIONS$/),
      expect.stringMatching(
        /^crm-sync\s+upgraded\s+0\.1\.0\s+1\.3\.0\s+\+actions HangupCall; \+origins https:\/\/crm\.example\.com; -slots TaskCanvasTabs$/,
      ),
      expect.stringMatching(/^loose\s+unchanged\s+0\.1\.0\s+0\.1\.0$/),
    ]);
    const doc = await json<{ plugins: Array<{ plugin: string; change: string }> }>(
      'diff',
      cohortRelease.configurationSid,
      allRelease.configurationSid,
    );
    expect(doc.plugins.find((p) => p.plugin === 'crm-sync')?.change).toBe('downgraded');
  });

  test('rollback (default: the newest live release) sends the cohort back, and describe says why', async () => {
    const run = await cli('rollback', '--reason', 'alice sees a blank tab');
    expect(run.code).toBe(0);
    expect(run.out).toContain(`Rolled back ${cohortRelease.sid}: its agents are back on ${allRelease.sid}.`);
    const described = (await cli('describe', cohortRelease.sid)).out;
    expect(described).toContain('Status:        rolled-back');
    expect(described).toMatch(/^Rolled back: {3}by admin at \d{4}-\d\d-\d\d \d\d:\d\d:\d\d: alice sees a blank tab$/m);
    const list = (await cli('list')).out.split('\n');
    expect(list[1]).toMatch(new RegExp(`^${allRelease.sid}  live`));
    expect(list[2]).toMatch(/rolled back by admin: alice sees a blank tab$/);

    // Only a live release can be rolled back: the server's reason, one line.
    const again = await cli('rollback', cohortRelease.sid);
    expect(again.code).toBe(1);
    expect(again.err).toMatch(
      /^switchboard-plugin rollback: CC_INVALID_STATE: Release PR\w+ is rolled-back; only a live release can be rolled back$/,
    );
  });

  test('release --configuration releases a configuration as it is; a hotfix is compared with the version below it', async () => {
    const { release } = await json<{ release: Release }>(
      'release',
      '--configuration',
      cohortRelease.configurationSid,
      '--percent',
      '50',
    );
    expect(release).toMatchObject({
      configurationSid: cohortRelease.configurationSid,
      target: { kind: 'percent', percent: 50 },
    });
    expect((await cli('rollback', release.sid)).code).toBe(0);

    const hotfix = await cli(
      'deploy',
      prebuilt('crm-sync', { actions: ['AcceptTask', 'WrapupTask'] }),
      '--no-build',
      '--version',
      '0.1.1',
    );
    expect(hotfix.out).toContain('  Adds over 0.1.0: +actions WrapupTask');
  });

  test('a webchat plugin is not for the registry', async () => {
    const dir = writeProject(root, 'greeter', {
      'package.json': packageJson('greeter', { target: 'webchat' }),
      'src/index.js': '',
      'dist/plugin.js': BUNDLE,
    });
    const run = await cli('deploy', dir, '--no-build');
    expect(run.code).toBe(1);
    expect(run.err).toBe(
      'switchboard-plugin deploy: greeter is a webchat plugin: the registry releases agent-desktop plugins (switchboard.plugin.target "desktop")',
    );
  });

  test('archive: an archived version cannot go into a new configuration', async () => {
    const run = await cli('archive', 'crm-sync@1.1.0');
    expect(run.code).toBe(0);
    expect(run.out).toBe(
      'Archived crm-sync 1.1.0: it can no longer go into new configurations (releases that have it keep it).',
    );
    const refused = await cli('release', '--plugin', 'crm-sync@1.1.0', '--percent', '10');
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(/^switchboard-plugin release: CC_BAD_REQUEST: .*crm-sync.*1\.1\.0/);
    const archived = await json<Array<{ version: string; archived: boolean }>>('list', 'versions', 'crm-sync');
    expect(archived.find((v) => v.version === '1.1.0')?.archived).toBe(true);
  });

  test('rollback of an all-release releases the configuration before it again, as a new release', async () => {
    const second = await json<{ release: Release }>('release', '--plugin', 'crm-sync@1.3.0');
    expect(second.release.previousReleaseSid).toBe(allRelease.sid);
    const run = await cli('rollback', second.release.sid, '--yes');
    expect(run.code).toBe(0);
    const line = run.out.split('\n').find((l) => l.startsWith('Rolled back'));
    expect(line).toMatch(
      new RegExp(
        `^Rolled back ${second.release.sid}: released its previous configuration ${allRelease.configurationSid} as (PR[0-9a-f]{32}) to all agents\\.$`,
      ),
    );
    const restored = PR.exec(line!.split(' as ')[1]!)![0];
    expect((await json<Release[]>('list'))[0]).toMatchObject({
      sid: restored,
      status: 'live',
      configurationSid: allRelease.configurationSid,
    });
  });
});

test('a cohort release that fails on its desktops rolls itself back, and describe and list say why', async () => {
  expect((await cli('deploy', prebuilt('bad-plugin', { actions: ['AcceptTask'] }), '--no-build')).code).toBe(0);
  const { release } = await json<{ release: Release }>(
    'release',
    '--plugin',
    'bad-plugin@0.1.0',
    '--agents',
    'alice,bob',
    '--max-failing-desktops',
    '1',
  );
  // Two desktops of the cohort report the plugin failed, as the agent desktop does.
  for (const identity of ['alice', 'bob']) {
    const login = await fetch(`${server.url}/api/agents/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ identity }),
    });
    const { token } = (await login.json()) as { token: string };
    await createRegistryClient({ serverUrl: server.url, token }).reportHealth({
      releaseSid: release.sid,
      plugins: [
        {
          name: 'bad-plugin',
          version: '0.1.0',
          state: 'Failed',
          failure: { code: 'PLUGIN_INIT_FAILED', message: 'boom' },
          errors: 0,
          aborts: 0,
          timeouts: 0,
          invocations: 0,
        },
      ],
    });
  }
  const reason = 'plugin "bad-plugin" 0.1.0 failed on 2 of 2 desktops (limit 1): PLUGIN_INIT_FAILED: boom';
  const described = (await cli('describe', release.sid)).out.split('\n');
  expect(described).toEqual(
    expect.arrayContaining([
      'Status:        rolled-back',
      expect.stringMatching(
        new RegExp(`^Rolled back:   automatically at [\\d-]+ [\\d:]+: ${reason.replace(/[.()]/g, '\\$&')}$`),
      ),
      expect.stringMatching(/^ {2}bad-plugin\s+0\.1\.0\s+0\s+yes\s+2\s+2\s+0\s+0\s+0%\s+PLUGIN_INIT_FAILED: boom$/),
    ]),
  );
  const rolledBack = (await cli('list')).out.split('\n').find((l) => l.startsWith(release.sid));
  expect(rolledBack).toContain(`rolled back automatically: ${reason}`);
  const doc = await json<Release>('describe', release.sid);
  expect(doc.rollback).toMatchObject({ automatic: true, reason });
});

describe('refusals', () => {
  test('an agent is not an admin: every registry write and admin read is refused, naming the operation', async () => {
    const write = await cli('deploy', prebuilt('crm-sync', {}), '--no-build', '--version', '5.0.0', '--as', 'alice');
    expect(write.code).toBe(1);
    expect(write.err).toMatch(
      /^switchboard-plugin deploy: CC_FORBIDDEN: .+ \(the registry is for admins: sign in as one with --as <admin>/,
    );
    expect(write.err.split('\n')).toHaveLength(1);
    const archive = await cli('archive', 'crm-sync', '--as', 'alice');
    expect(archive.code).toBe(1);
    expect(archive.err).toMatch(/^switchboard-plugin archive: CC_FORBIDDEN: /);
    expect(
      (await json<Array<{ version: string; archived: boolean }>>('list', 'versions', 'crm-sync')).some(
        (v) => !v.archived,
      ),
    ).toBe(true);
    const read = await cli('list', '--as', 'bob', '--json');
    expect(read.code).toBe(1);
    expect(JSON.parse(read.out)).toEqual({
      error: { code: 'REGISTRY_REFUSED', message: expect.stringMatching(/CC_FORBIDDEN/) },
    });
    const unknown = await cli('list', '--as', 'nobody');
    expect(unknown.code).toBe(1);
    expect(unknown.err).toBe('signing in as "nobody": CC_NOT_FOUND: No agent "nobody" in this contact center');
  });

  test('--token (or SWITCHBOARD_TOKEN) is used instead of signing in; a bad one is refused', async () => {
    const login = await fetch(`${server.url}/api/agents/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ identity: 'admin' }),
    });
    const { token } = (await login.json()) as { token: string };
    const plugins = await json<Array<{ name: string }>>('list', 'plugins', '--token', token, '--as', 'nobody');
    expect(plugins.map((p) => p.name)).toContain('crm-sync');
    process.env.SWITCHBOARD_TOKEN = token;
    try {
      expect((await cli('list', 'plugins', '--as', 'nobody')).code).toBe(0);
    } finally {
      delete process.env.SWITCHBOARD_TOKEN;
    }
    const bad = await cli('list', '--token', 'not-a-token');
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/^switchboard-plugin list: CC_UNAUTHORIZED: .+ \(the token is not valid: drop --token/);
  });

  test.each([
    [['release']],
    [['release', '--plugin', 'a@1.0.0', '--configuration', 'PC1']],
    [['release', '--plugin', 'crm-sync']],
    [['release', '--plugin', 'a@1.0.0', '--percent', '200']],
    [['release', '--plugin', 'a@1.0.0', '--percent', '10', '--agents', 'alice']],
    [['release', '--plugin', 'a@1.0.0', '--max-error-rate', '2']],
    [['deploy', '.', '--percent', '10']],
    [['deploy', '.', '--version', 'latest']],
    [['list', 'bogus']],
    [['list', 'versions']],
    [['diff', 'PC1']],
    [['list', '--server', 'ftp://x']],
    [['list', '--nope']],
  ])('%j is bad usage: exit 2', async (args) => {
    const stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      expect((await cli(...args)).code).toBe(2);
    } finally {
      stderr.mockRestore();
    }
  });

  test('no server: one line naming the URL and how to start one', async () => {
    const port = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const { port: free } = probe.address() as { port: number };
        probe.close(() => resolve(free));
      });
    });
    const out: string[] = [];
    const err: string[] = [];
    const code = await main(['list', '--server', `http://127.0.0.1:${port}`], {
      out: (l) => out.push(l),
      err: (l) => err.push(l),
    });
    expect(code).toBe(1);
    expect(err).toEqual([
      `switchboard-plugin list: cannot reach the contact center at http://127.0.0.1:${port}: start it with \`npm start\` (or pass --server <url>, or set SWITCHBOARD_SERVER)`,
    ]);
    expect(out).toEqual([]);
  });

  test('deploy --json in a folder that is no plugin: the error as the JSON document too', async () => {
    const run = await cli('deploy', path.join(root, 'nowhere'), '--json');
    expect(run.code).toBe(1);
    expect(JSON.parse(run.out)).toEqual({
      error: { code: 'NO_PACKAGE_JSON', message: expect.stringMatching(/nowhere is not a folder$/) },
    });
  });

  test('deploy --no-build without a built bundle says to build', async () => {
    const dir = writeProject(root, 'unbuilt', { 'package.json': packageJson('unbuilt', {}), 'src/index.js': '' });
    const run = await cli('deploy', dir, '--no-build');
    expect(run.code).toBe(1);
    expect(run.err).toBe(
      'switchboard-plugin deploy: unbuilt has no dist/plugin.js: run switchboard-plugin build first, or deploy without --no-build',
    );
  });
});

test('deploy builds the plugin for real: progress lines, then the uploaded bundle is the built one', async () => {
  requireBuilt();
  const dir = writeProject(root, 'built-plugin', {
    'package.json': packageJson('built-plugin', { permissions: { actions: ['AcceptTask'] } }),
    'src/index.js': `
      import { definePlugin, loadPlugin } from '@switchboard/plugin';
      loadPlugin(definePlugin({ name: 'built-plugin', init(api) { api.actions.addListener('beforeAcceptTask', () => {}); } }));
    `,
  });
  const run = await cli('deploy', dir, '--changelog', 'Built here');
  expect(run.err).toBe('');
  expect(run.code).toBe(0);
  const lines = run.out.split('\n');
  expect(lines.slice(0, 4)).toEqual([
    'Building built-plugin 0.1.0 …',
    expect.stringMatching(/^Built in \d+\.\d s$/),
    expect.stringMatching(/^Uploading [\d,]+ B( \(\d+\.\d KiB\))? …$/),
    'Deployed built-plugin 0.1.0',
  ]);
  const { readFileSync } = await import('node:fs');
  const body = readFileSync(path.join(dir, 'dist', 'plugin.js'), 'utf8');
  expect(lines[4]).toBe(`  Integrity:   ${sri(body)}`);
  const served = await fetch(
    `${server.url}/api/registry/bundles/${createHash('sha256').update(body).digest('hex')}.js`,
  );
  expect(await served.text()).toBe(body);
});

test('the built binary, in the plugin folder: --json is the only thing on stdout, progress on stderr; CI never asks', async () => {
  requireBuilt();
  const dir = prebuilt('bin-plugin', { actions: ['AcceptTask'] });
  const { child } = spawnCli(dir, ['deploy', '--no-build', '--release', '--json', '--server', server.url]);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  expect({ code, stderr }).toEqual({
    code: 0,
    stderr: expect.stringMatching(/^Uploading \d+ B …\nDeployed bin-plugin 0\.1\.0\n/),
  });
  const doc = JSON.parse(stdout) as { version: { version: string }; release: Release };
  expect(doc.version.version).toBe('0.1.0');
  expect(doc.release).toMatchObject({ status: 'live', target: { kind: 'all' } });
});

describe('on a contact center without the one-click sign-in', () => {
  let locked: ContactCenterServer;
  beforeAll(async () => {
    locked = await startContactCenter({
      dataDir: null,
      port: 0,
      admins: ['admin'],
      auth: { dev: false },
      logger: silentLogger,
    });
    await setAgentPassword(locked.db, 'admin', 'correct horse battery staple');
  });
  afterAll(async () => {
    delete process.env.SWITCHBOARD_ADMIN_PASSWORD;
    await locked?.close();
  });

  const list = async () => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await main(['list', '--server', locked.url], {
      out: (line) => out.push(line),
      err: (line) => err.push(line),
    });
    return { code, out: out.join('\n'), err: err.join('\n') };
  };

  it('signs the admin in with SWITCHBOARD_ADMIN_PASSWORD, and says to set it when missing', async () => {
    delete process.env.SWITCHBOARD_ADMIN_PASSWORD;
    const refused = await list();
    expect(refused.code).not.toBe(0);
    expect(refused.err).toMatch(
      /signing in as "admin": CC_FORBIDDEN: .*\(set SWITCHBOARD_ADMIN_PASSWORD, or pass --token\)/,
    );
    process.env.SWITCHBOARD_ADMIN_PASSWORD = 'not the password';
    expect((await list()).err).toMatch(/CC_UNAUTHORIZED: Wrong identity or password/);
    process.env.SWITCHBOARD_ADMIN_PASSWORD = 'correct horse battery staple';
    const ok = await list();
    expect({ code: ok.code, err: ok.err }).toEqual({ code: 0, err: '' });
  });
});
