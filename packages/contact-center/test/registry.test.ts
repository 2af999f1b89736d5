/**
 * The plugin registry over HTTP, against the real server (in its own process, on a free
 * port): admin and agent tokens, deploy → configuration → release to a cohort → the active
 * release of agents in and out of it → health reports → automatic rollback → `releaseChanged`
 * on a connected agent's client; bundles; the status pages.
 */
import { createHash } from 'node:crypto';
import { request } from 'node:http';
import WebSocket from 'ws';
import { isSwitchboardError } from '@switchboard/actions';
import { createAgentClient, createRegistryClient, type AgentClient, type RegistryClient } from '../src/index';
import type { PluginHealthReport } from '../src/registry/types';
import { engage, get, login, post, startServerProcess, tempDir, type ServerProcess } from './helpers';

jest.setTimeout(30_000);

let server: ServerProcess;
let root: RegistryClient;
let rootToken: string;
const clients: AgentClient[] = [];

const registryAs = async (identity: string) =>
  createRegistryClient({ serverUrl: server.url, token: (await login(server.url, identity)).token });
const failure = async (p: Promise<unknown>) => {
  const e = await p.then(
    () => undefined,
    (error: unknown) => error,
  );
  if (!e) throw new Error('expected a rejection');
  return e as Error & { code: string };
};
/**
 * Sends the headers of a POST declaring `length` bytes and a few of them: the status the
 * server answers within 1 s (0: none, it waits for the body).
 */
const declaredTooLarge = (pathname: string, length: number) =>
  new Promise<number>((resolve) => {
    const req = request(`${server.url}${pathname}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': length, authorization: `Bearer ${rootToken}` },
    });
    const timer = setTimeout(() => (req.destroy(), resolve(0)), 1000);
    req.on('response', (res) => (clearTimeout(timer), resolve(res.statusCode ?? 0), req.destroy()));
    req.on('error', () => {});
    req.write('{"version":"2.0.0","bundle":"');
  });
const bundleOf = (name: string, version: string) =>
  `window.Switchboard.Plugins.init({ name: ${JSON.stringify(name)}, init() { /* ${version} */ } });`;
const failed = (name: string, version: string): PluginHealthReport => ({
  name,
  version,
  state: 'Failed',
  failure: { code: 'PLUGIN_INIT_FAILED', message: 'boom' },
  errors: 0,
  aborts: 0,
  timeouts: 0,
  invocations: 0,
});

beforeAll(async () => {
  server = await startServerProcess({
    dataDir: null,
    agents: ['alice', 'bob', 'carol'],
    supervisors: ['sam'],
    admins: ['root'],
  });
  rootToken = (await login(server.url, 'root')).token;
  root = createRegistryClient({ serverUrl: server.url, token: rootToken });
});
afterAll(async () => {
  for (const c of clients) c.disconnect();
  await server.stop();
});

it('gives the admins their role, derived from the options', async () => {
  expect((await login(server.url, 'root')).worker.role).toBe('admin');
  expect((await login(server.url, 'sam')).worker.role).toBe('supervisor');
  expect((await login(server.url, 'alice')).worker.role).toBe('agent');
});

it("refuses every write and admin read with an agent's or a supervisor's token (403 CC_FORBIDDEN naming the operation)", async () => {
  await root.deployVersion('guarded', { version: '1.0.0', bundle: 'x' });
  const config = await root.createConfiguration({ plugins: [{ plugin: 'guarded', version: '1.0.0' }] });
  for (const identity of ['alice', 'sam']) {
    const agent = await registryAs(identity);
    const attempts: Array<[string, () => Promise<unknown>]> = [
      ['deployVersion', () => agent.deployVersion('evil', { version: '1.0.0', bundle: 'alert(1)' })],
      ['plugins', () => agent.plugins()],
      ['plugin', () => agent.plugin('guarded')],
      ['archive', () => agent.archive('guarded')],
      ['createConfiguration', () => agent.createConfiguration({ plugins: [] })],
      ['configurations', () => agent.configurations()],
      ['configuration', () => agent.configuration(config.sid)],
      ['diff', () => agent.diff(config.sid, config.sid)],
      ['release', () => agent.release({ configurationSid: config.sid })],
      ['rollback', () => agent.rollback('PR0')],
      ['releases', () => agent.releases()],
      ['releaseOf', () => agent.releaseOf('PR0')],
    ];
    for (const [operation, attempt] of attempts) {
      const e = await failure(attempt());
      expect(isSwitchboardError(e, 'CC_FORBIDDEN')).toBe(true);
      expect(e.message).toBe(
        `registry.${operation} is for admins; ${identity === 'alice' ? 'Alice (alice) is an agent' : 'Sam (sam) is a supervisor'}`,
      );
    }
  }
  // The raw answer is a 403 with the API's error body; nothing was written.
  const alice = await login(server.url, 'alice');
  const raw = await post(
    `${server.url}/api/registry/releases`,
    { configurationSid: config.sid },
    { authorization: `Bearer ${alice.token}` },
  );
  expect(raw).toEqual({
    status: 403,
    body: { error: { code: 'CC_FORBIDDEN', message: 'registry.release is for admins; Alice (alice) is an agent' } },
  });
  expect((await root.plugin('guarded')).archived).toBe(false);
  expect(await root.releases()).toEqual([]);
  expect((await root.plugins()).map((p) => p.name)).toEqual(['guarded']);
  // No token: 401; a customer's token: 403 even for the agents' reads.
  expect((await get(`${server.url}/api/registry/active`)).status).toBe(401);
  const customer = await engage(server.url, { friendlyName: 'Cust' });
  expect(await get(`${server.url}/api/registry/active`, customer.token)).toMatchObject({
    status: 403,
    body: { error: { code: 'CC_FORBIDDEN' } },
  });
});

it('deploys immutable versions and serves their bundles by content hash, cached for good', async () => {
  const code = bundleOf('crm-sync', '1.0.0');
  const v = await root.deployVersion('crm-sync', {
    version: '1.0.0',
    bundle: code,
    changelog: 'First',
    permissions: { actions: ['AcceptTask'], slots: [], origins: ['https://crm.example.com'] },
    description: 'CRM sync',
  });
  const bytes = Buffer.from(code);
  expect(v).toMatchObject({
    plugin: 'crm-sync',
    bundleHash: createHash('sha256').update(bytes).digest('hex'),
    integrity: `sha384-${createHash('sha384').update(bytes).digest('base64')}`,
    size: bytes.length,
    createdBy: 'root',
  });
  const again = await failure(root.deployVersion('crm-sync', { version: '1.0.0', bundle: 'other' }));
  expect(isSwitchboardError(again, 'CC_CONFLICT')).toBe(true);
  expect(again.message).toMatch(/"crm-sync" already has version 1\.0\.0/);

  // A declaration's lists left out are empty (as in a package.json).
  const partial = await post(
    `${server.url}/api/registry/plugins/crm-sync/versions`,
    {
      version: '1.0.1',
      bundle: Buffer.from(code).toString('base64'),
      permissions: { origins: ['https://x.example.com'] },
    },
    { authorization: `Bearer ${rootToken}` },
  );
  expect(partial).toMatchObject({
    status: 201,
    body: {
      version: '1.0.1',
      bundleHash: v.bundleHash,
      permissions: { actions: [], slots: [], origins: ['https://x.example.com'] },
    },
  });

  const res = await fetch(`${server.url}/api/registry/bundles/${v.bundleHash}.js`);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toBe('application/javascript; charset=utf-8');
  expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
  expect(await res.text()).toBe(code);
  expect((await fetch(`${server.url}/api/registry/bundles/${'0'.repeat(64)}.js`)).status).toBe(404);

  // Uploads may be large (8 MiB); other bodies keep the API's limit.
  const big = new Uint8Array(600 * 1024).fill(59); // ';' × 600 KiB
  expect((await root.deployVersion('big', { version: '1.0.0', bundle: big })).size).toBe(big.length);
  const tooBig = await failure(
    root.deployVersion('big', { version: '2.0.0', bundle: new Uint8Array(6.5 * 1024 * 1024) }),
  );
  expect(isSwitchboardError(tooBig, 'CC_TOO_LARGE')).toBe(true);
  expect(tooBig.message).toMatch(/^The upload of "big" 2\.0\.0 is 8\.7 MiB .* over the registry's limit of 8\.0 MiB$/);
  // The server refuses it too, from the declared length, before reading the body.
  expect(await declaredTooLarge('/api/registry/plugins/big/versions', 9 * 1024 * 1024)).toBe(413);
  expect(await declaredTooLarge('/api/registry/plugins/big/versions', 7 * 1024 * 1024)).toBe(0);
  const longName = await failure(root.createConfiguration({ name: 'x'.repeat(20_000), plugins: [] }));
  expect(isSwitchboardError(longName, 'CC_TOO_LARGE')).toBe(true);
});

it('rolls out to a cohort, rolls it back by itself on failures, and tells connected agents', async () => {
  await root.deployVersion('bad-plugin', { version: '1.0.0', bundle: bundleOf('bad-plugin', '1.0.0') });
  await root.deployVersion('bad-plugin', {
    version: '1.1.0',
    bundle: bundleOf('bad-plugin', '1.1.0'),
    permissions: { actions: ['HangupCall'], slots: ['TaskCanvasTabs'], origins: [] },
  });
  const unknown = await failure(root.createConfiguration({ plugins: [{ plugin: 'bad-plugin', version: '9.0.0' }] }));
  expect(isSwitchboardError(unknown, 'CC_BAD_REQUEST')).toBe(true);
  expect(unknown.message).toMatch('unknown version bad-plugin@9.0.0');

  const stable = await root.createConfiguration({
    name: 'stable',
    plugins: [
      { plugin: 'crm-sync', version: '1.0.0' },
      { plugin: 'bad-plugin', version: '1.0.0' },
    ],
  });
  const next = await root.createConfiguration({
    name: '<img src=x onerror=alert(1)>',
    plugins: [
      { plugin: 'crm-sync', version: '1.0.0' },
      { plugin: 'bad-plugin', version: '1.1.0' },
    ],
  });
  const diff = await root.diff(stable.sid, next.sid);
  expect(diff.plugins).toEqual([
    expect.objectContaining({
      plugin: 'bad-plugin',
      change: 'upgraded',
      permissionsAdded: { actions: [], slots: [], origins: [] },
      permissionsRemoved: { actions: ['*'], slots: ['*'], origins: [] },
    }),
    expect.objectContaining({ plugin: 'crm-sync', change: 'unchanged' }),
  ]);

  // Carol is connected the whole time: she hears every release change.
  const carol = createAgentClient({ serverUrl: server.url, identity: 'carol', WebSocket, reconnect: false });
  clients.push(carol);
  const heard: Array<string | null> = [];
  carol.on('releaseChanged', (e) => heard.push(e.releaseSid));
  await carol.connect();
  const carolRegistry = createRegistryClient({ serverUrl: server.url, token: carol.token! });
  expect(await carolRegistry.active()).toEqual({
    releaseSid: null,
    configurationSid: null,
    cohort: false,
    plugins: [],
  });

  const all = await root.release({ configurationSid: stable.sid });
  const cohort = await root.release({
    configurationSid: next.sid,
    target: { kind: 'agents', identities: ['alice', 'bob'] },
    thresholds: { maxFailingDesktops: 1 },
  });
  expect(cohort).toMatchObject({ status: 'live', previousReleaseSid: all.sid, thresholds: { maxFailingDesktops: 1 } });

  const alice = await registryAs('alice');
  const bob = await registryAs('bob');
  const inCohort = await alice.active();
  expect(inCohort).toMatchObject({ releaseSid: cohort.sid, configurationSid: next.sid, cohort: true });
  const bad = inCohort.plugins.find((p) => p.name === 'bad-plugin')!;
  expect(bad).toMatchObject({ version: '1.1.0', permissions: { actions: ['HangupCall'] } });
  // The manifest entry loads: its src is served and its integrity is the bundle's.
  const body = Buffer.from(await (await fetch(server.url + bad.src)).arrayBuffer());
  expect(`sha384-${createHash('sha384').update(body).digest('base64')}`).toBe(bad.integrity);
  expect(await carolRegistry.active()).toMatchObject({ releaseSid: all.sid, cohort: false });

  await alice.reportHealth({ releaseSid: cohort.sid, plugins: [failed('bad-plugin', '1.1.0')] });
  expect((await root.releaseOf(cohort.sid)).status).toBe('live');
  await bob.reportHealth({ releaseSid: cohort.sid, plugins: [failed('bad-plugin', '1.1.0')] });
  const rolledBack = await root.releaseOf(cohort.sid);
  expect(rolledBack).toMatchObject({
    status: 'rolled-back',
    rollback: {
      automatic: true,
      by: 'registry',
      reason: 'plugin "bad-plugin" 1.1.0 failed on 2 of 2 desktops (limit 1): PLUGIN_INIT_FAILED: boom',
    },
  });
  expect(rolledBack.health.find((h) => h.plugin === 'bad-plugin')).toMatchObject({ failingDesktops: 2, desktops: 2 });
  expect(await alice.active()).toMatchObject({ releaseSid: all.sid, cohort: false });
  for (let i = 0; i < 50 && heard.length < 3; i++) await new Promise((r) => setTimeout(r, 20));
  expect(heard).toEqual([all.sid, cohort.sid, cohort.sid]);

  // A manual rollback of the all-release with nothing before it leaves nothing live.
  expect(await root.rollback(all.sid, 'cleaning up')).toMatchObject({
    status: 'rolled-back',
    rollback: { automatic: false, reason: 'cleaning up', by: 'root' },
  });
  expect((await alice.active()).releaseSid).toBeNull();
  const notLive = await failure(root.rollback(all.sid));
  expect(isSwitchboardError(notLive, 'CC_INVALID_STATE')).toBe(true);

  // The status pages: public HTML, escaped, no script, under the server's CSP.
  const page = await fetch(`${server.url}/registry/releases/${cohort.sid}`);
  expect(page.status).toBe(200);
  expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
  expect(page.headers.get('content-security-policy')).toMatch(/script-src 'self'/);
  const html = await page.text();
  expect(html).not.toMatch(/<script/i);
  expect(html).toContain('rolled-back');
  expect(html).toContain(
    'plugin &quot;bad-plugin&quot; 1.1.0 failed on 2 of 2 desktops (limit 1): PLUGIN_INIT_FAILED: boom',
  );
  expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
  expect(html).not.toContain('<img src=x');
  const list = await (await fetch(`${server.url}/registry/`)).text();
  expect(list).toContain(`/registry/releases/${cohort.sid}`);
  expect(list).toContain(`/registry/releases/${all.sid}`);
  expect((await fetch(`${server.url}/registry/releases/PRnope`)).status).toBe(404);
  const css = await fetch(`${server.url}/registry/registry.css`);
  expect(css.headers.get('content-type')).toBe('text/css; charset=utf-8');
});

it('keeps the registry in the contact center database across restarts, and derives the admin role at each start', async () => {
  const data = tempDir();
  let other = await startServerProcess({ dataDir: data.dir, agents: ['alice'], admins: ['root'] });
  try {
    const token = (await login(other.url, 'root')).token;
    const admin = createRegistryClient({ serverUrl: other.url, token });
    await admin.deployVersion('kept', { version: '1.0.0', bundle: bundleOf('kept', '1.0.0') });
    const c = await admin.createConfiguration({ plugins: [{ plugin: 'kept', version: '1.0.0' }] });
    const r = await admin.release({ configurationSid: c.sid });
    await other.stop();
    // Restarted without root among the admins: root is an agent again; what was released stays.
    other = await startServerProcess({ dataDir: data.dir, agents: ['alice'] });
    const root = createRegistryClient({ serverUrl: other.url, token: (await login(other.url, 'root')).token });
    expect(await failure(root.plugins())).toMatchObject({
      code: 'CC_FORBIDDEN',
      message: 'registry.plugins is for admins; Root (root) is an agent',
    });
    const alice = createRegistryClient({ serverUrl: other.url, token: (await login(other.url, 'alice')).token });
    const active = await alice.active();
    expect(active).toMatchObject({ releaseSid: r.sid, plugins: [{ name: 'kept', version: '1.0.0' }] });
    expect(await (await fetch(other.url + active.plugins[0]!.src)).text()).toBe(bundleOf('kept', '1.0.0'));
  } finally {
    await other.stop();
    data.remove();
  }
});
