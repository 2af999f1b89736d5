/**
 * The desktop's side of releases against the real contact center server (127.0.0.1, port 0,
 * in memory) and its registry: four desktops (a real host each, on a real agent client over
 * WebSocket) load the release to all; a release to the cohort alice, bob, carol whose plugin's
 * init throws fails on their three desktops; their health reports trip the threshold (more
 * than 2 failing), the server rolls the cohort back and pushes it; each cohort desktop goes
 * back in place (the unchanged plugin untouched); dave never loads the failing version.
 */
import WebSocket from 'ws';
import { createAgentClient, createRegistryClient, type AgentClient } from '@switchboard/contact-center';
import { startContactCenter, type ContactCenterServer } from '@switchboard/contact-center/server';
import { createHost, type Host } from '@switchboard/host';
import { definePlugin, type PluginDefinition } from '@switchboard/plugin';
import { followReleases, type ReleaseFollower } from '../src/releases';

jest.setTimeout(30_000);

let server: ContactCenterServer;
/** The plugin each bundle's text stands for (the loader fetches the bundle from the server). */
const bundles = new Map<string, { name: string; version: string; then: () => void }>();
/** Init runs, as `agent:name@version`. */
const inits: string[] = [];
const desktops: Array<{ host: Host; client: AgentClient; follower: ReleaseFollower }> = [];

/** A bundle's text; its plugin's init counts itself, then runs `then`. */
function bundle(name: string, version: string, then: () => void = () => {}): string {
  const text = `/* ${name}@${version} */`;
  bundles.set(text, { name, version, then });
  return text;
}

async function openDesktop(identity: string) {
  const client = createAgentClient({
    serverUrl: server.url,
    identity,
    WebSocket: WebSocket as never,
    reconnect: false,
  });
  const host: Host = createHost({
    logLevel: 'silent',
    global: false,
    contactCenter: client,
    // Node has no <script>: the bundle is fetched from the server (its integrity is the
    // browser's to check) and the plugin it stands for registers.
    loader: async (entry) => {
      const text = await (await fetch(entry.src)).text();
      const known = bundles.get(text);
      if (!known) throw new Error(`unknown bundle at ${entry.src}`);
      const definition: PluginDefinition = definePlugin({
        name: known.name,
        init() {
          inits.push(`${identity}:${known.name}@${known.version}`);
          known.then();
        },
      });
      host.plugins.register(definition, undefined, entry.name);
    },
  });
  await client.connect();
  const follower = followReleases({
    host,
    serverUrl: server.url,
    registry: createRegistryClient({ serverUrl: server.url, token: client.token! }),
    folder: [],
    onReleaseChanged: (listener) => client.on('releaseChanged', listener),
  });
  await follower.started;
  desktops.push({ host, client, follower });
  return { host, follower };
}

const plugins = (host: Host) => host.plugins.list().map((s) => `${s.name}@${s.version} ${s.state}`);
const until = async (check: () => boolean | Promise<boolean>, what: string, ms = 10_000) => {
  for (const end = Date.now() + ms; !(await check()); await new Promise((r) => setTimeout(r, 20)))
    if (Date.now() > end) throw new Error(`not in time: ${what}`);
};

beforeAll(async () => {
  server = await startContactCenter({
    dataDir: null,
    port: 0,
    agents: ['alice', 'bob', 'carol', 'dave'],
    admins: ['admin'],
    logger: { debug() {}, info() {}, warn() {}, error() {} },
  });
});

afterAll(async () => {
  for (const d of desktops.splice(0)) {
    d.follower.dispose();
    d.host.dispose();
    d.client.disconnect();
  }
  await server?.close();
});

test('a failing cohort release rolls itself back on the server and the cohort desktops follow, in place', async () => {
  const login = await fetch(`${server.url}/api/agents/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ identity: 'admin' }),
  });
  const admin = createRegistryClient({
    serverUrl: server.url,
    token: ((await login.json()) as { token: string }).token,
  });

  await admin.deployVersion('steady', { version: '1.0.0', bundle: bundle('steady', '1.0.0') });
  await admin.deployVersion('banner', { version: '1.0.0', bundle: bundle('banner', '1.0.0') });
  const c1 = await admin.createConfiguration({
    plugins: [
      { plugin: 'steady', version: '1.0.0' },
      { plugin: 'banner', version: '1.0.0' },
    ],
  });
  const r1 = await admin.release({ configurationSid: c1.sid });

  const opened = await Promise.all(['alice', 'bob', 'carol', 'dave'].map(openDesktop));
  for (const { host, follower } of opened) {
    expect(plugins(host)).toEqual(['steady@1.0.0 Initialized', 'banner@1.0.0 Initialized']);
    expect(follower.releaseSid).toBe(r1.sid);
  }

  await admin.deployVersion('banner', {
    version: '1.1.0',
    bundle: bundle('banner', '1.1.0', () => {
      throw new Error('boom');
    }),
  });
  const c2 = await admin.createConfiguration({
    plugins: [
      { plugin: 'steady', version: '1.0.0' },
      { plugin: 'banner', version: '1.1.0' },
    ],
  });
  const r2 = await admin.release({
    configurationSid: c2.sid,
    target: { kind: 'agents', identities: ['alice', 'bob', 'carol'] },
    thresholds: { maxFailingDesktops: 2 },
  });

  await until(async () => (await admin.releaseOf(r2.sid)).status === 'rolled-back', 'the automatic rollback');
  const rolledBack = await admin.releaseOf(r2.sid);
  expect(rolledBack.rollback).toMatchObject({
    automatic: true,
    reason: expect.stringMatching(/plugin "banner" 1\.1\.0 failed on 3 of 3 desktops \(limit 2\): PLUGIN_INIT_FAILED/),
  });

  const cohort = opened.slice(0, 3);
  await until(
    () =>
      cohort.every(
        ({ host, follower }) =>
          follower.releaseSid === r1.sid &&
          plugins(host).join() === 'steady@1.0.0 Initialized,banner@1.0.0 Initialized',
      ),
    'the cohort back on the release to all',
  );
  // steady was left alone (one init); banner went 1.0.0 → 1.1.0 (failed) → 1.0.0.
  for (const identity of ['alice', 'bob', 'carol']) {
    const own = inits.filter((i) => i.startsWith(`${identity}:`));
    expect(own.filter((i) => i.endsWith('steady@1.0.0'))).toHaveLength(1);
    expect(own.filter((i) => i.includes(':banner@'))).toEqual([
      `${identity}:banner@1.0.0`,
      `${identity}:banner@1.1.0`,
      `${identity}:banner@1.0.0`,
    ]);
  }
  expect(inits.filter((i) => i.startsWith('dave:')).sort()).toEqual(['dave:banner@1.0.0', 'dave:steady@1.0.0']);
  expect(opened[3]!.follower.releaseSid).toBe(r1.sid);
});
