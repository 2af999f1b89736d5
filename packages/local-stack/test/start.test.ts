/**
 * `npm start` (scripts/start.mjs) as a person runs it: flags, clear one-line errors, the
 * printed addresses, and a clean stop on Ctrl-C (SIGINT). Uses the built packages
 * (`npm test` builds first).
 */
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import WebSocket from 'ws';
import { createAgentClient, type AgentClient, type CallInfo } from '@switchboard/contact-center';

jest.setTimeout(60_000);

const root = path.resolve(__dirname, '..', '..', '..');
const script = path.join(root, 'scripts', 'start.mjs');
let dataDir: string;

beforeAll(() => {
  if (!existsSync(path.join(root, 'packages/agent-desktop/dist/app/index.html'))) {
    throw new Error('the agent desktop is not built: run `npm run build` (npm test does) first');
  }
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'sb-start-'));
});
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

const run = (...args: string[]) =>
  spawnSync(process.execPath, [script, '--no-build', '--data-dir', dataDir, ...args], {
    encoding: 'utf8',
    timeout: 30_000,
  });

it.each([
  [['--port', 'abc'], /--port must be an integer from 0 to 65535/],
  [['--simulate', '-1'], /--simulate must be an integer from 0 to 100/],
  [['--simulate-calls', '51'], /--simulate-calls must be an integer from 0 to 50/],
  [['--agents', 'Alice,b b'], /--agents must be lowercase names separated by commas \("Alice" is not\)/],
  [['--admins', 'Root'], /--admins must be lowercase names separated by commas \("Root" is not\)/],
  [
    ['--database', 'mysql://db/cc'],
    /--database \(or SWITCHBOARD_DATABASE_URL\) must be a postgres:\/\/user:password@host:port\/database URL/,
  ],
  [['--colour', 'red'], /unknown option '--colour'/],
])('refuses %j with a one-line reason and a non-zero exit', (args, reason) => {
  const result = run(...args);
  expect(result.status).not.toBe(0);
  expect(result.stderr).toMatch(reason);
  expect(result.stdout).not.toMatch(/Agent desktop:/);
});

it('says when the port is taken', async () => {
  const blocker = createServer();
  await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
  const { port } = blocker.address() as { port: number };
  try {
    const result = run('--port', String(port));
    expect(result.status).toBe(1);
    // (Flex example plugins not built yet are named on lines of their own before it.)
    const lines = result.stderr
      .trim()
      .split('\n')
      .filter((l) => !/^Plugin \S+ is not built/.test(l));
    expect(lines).toEqual([`Port ${port} on 127.0.0.1 is in use: stop what uses it, or pass --port <another>.`]);
  } finally {
    blocker.close();
  }
});

it('says in one line when the PostgreSQL of --database does not answer, naming it without the password', () => {
  const result = run('--port', '0', '--database', 'postgres://sb:hunter2@127.0.0.1:1/cc');
  expect(result.status).toBe(1);
  const lines = result.stderr
    .trim()
    .split('\n')
    .filter((l) => !/^Plugin \S+ is not built/.test(l));
  expect(lines).toEqual([
    expect.stringMatching(/Cannot reach PostgreSQL at 127\.0\.0\.1:1\/cc as sb \(ECONNREFUSED\): start PostgreSQL/),
  ]);
  expect(result.stderr).not.toContain('hunter2');
  expect(result.stdout).not.toMatch(/Agent desktop:/);
});

it('prints the agent desktop and webchat addresses, serves them, and stops cleanly on Ctrl-C', async () => {
  const child: ChildProcessWithoutNullStreams = spawn(
    process.execPath,
    [
      script,
      '--no-build',
      '--data-dir',
      path.join(dataDir, 'fresh'),
      '--port',
      '0',
      '--agents',
      'carol,dave',
      '--supervisors',
      'erin',
      '--admins',
      'ops',
    ],
    { cwd: root },
  );
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  try {
    const until = Date.now() + 30_000;
    while (!/Press Ctrl-C/.test(out)) {
      if (Date.now() > until) throw new Error(`npm start did not come up:\n${out}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    const desktop = /^Agent desktop: (http:\/\/127\.0\.0\.1:\d+\/)$/m.exec(out)?.[1];
    expect(desktop).toBeDefined();
    const page = await fetch(desktop!);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<div id="root">');
    await expect((await fetch(new URL('/api/agents', desktop)).then((r) => r.json())) as unknown).toEqual([
      { identity: 'carol', fullName: 'Carol' },
      { identity: 'dave', fullName: 'Dave' },
      { identity: 'erin', fullName: 'Erin' },
      { identity: 'ops', fullName: 'Ops' },
    ]);
    expect(out).toMatch(/^Supervisors: erin \(the Teams view/m);
    expect(out).toMatch(
      /^Admins: ops \(the plugin registry: deploy, release, roll back; status at http:\/\/127\.0\.0\.1:\d+\/registry\/\)\.$/m,
    );
    // The admin signs in like anyone (no password) and has the role.
    const signIn = await fetch(new URL('/api/agents/login', desktop), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ identity: 'ops' }),
    });
    expect(((await signIn.json()) as { worker: { role: string } }).worker.role).toBe('admin');
    // No dev server under `npm start`: the desktop learns there is no rebuild stream.
    expect(await fetch(new URL('/__switchboard/dev.json', desktop)).then((r) => r.json())).toEqual({ events: null });
    // The demo CRM that the crm-sync sample plugin posts to.
    const crm = new URL('/demo-crm/interactions', desktop);
    const posted = await fetch(crm, { method: 'POST', body: JSON.stringify({ taskSid: 'WT1' }) });
    expect(posted.status).toBe(201);
    expect((await fetch(crm, { method: 'POST', body: 'not json' })).status).toBe(400);
    expect(await fetch(crm).then((r) => r.json())).toEqual([
      { id: 'crm-1', receivedAt: expect.any(Number), interaction: { taskSid: 'WT1' } },
    ]);
    const webchat = /^WebChat: (http:\/\/127\.0\.0\.1:\d+\/webchat\/)$/m.exec(out)?.[1];
    if (existsSync(path.join(root, 'examples/webchat/dist/index.html'))) {
      expect(webchat).toBeDefined();
      expect((await fetch(webchat!)).status).toBe(200);
    }
    expect(existsSync(path.join(dataDir, 'fresh', 'contact-center.sqlite'))).toBe(true);
    // Where the routing configuration is, written with the default, and how to change it.
    const routingFile = path.join(dataDir, 'fresh', 'routing.json');
    expect(out).toContain(`Routing (queues, skills, capacity): ${routingFile} — edit it and restart`);
    expect(existsSync(routingFile)).toBe(true);
  } finally {
    child.kill('SIGINT');
  }
  await expect(exited).resolves.toBe(0);
  expect(out).toMatch(/SIGINT: stopping …\nStopped\./);
});

it('--simulate-calls starts callers whose calls ring the agents (signalling only)', async () => {
  const child: ChildProcessWithoutNullStreams = spawn(
    process.execPath,
    [
      script,
      '--no-build',
      '--data-dir',
      path.join(dataDir, 'calls'),
      '--port',
      '0',
      '--agents',
      'erin',
      '--simulate-calls',
      '2',
    ],
    { cwd: root },
  );
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const erin = { client: undefined as AgentClient | undefined };
  try {
    const until = Date.now() + 30_000;
    while (!/Press Ctrl-C/.test(out)) {
      if (Date.now() > until) throw new Error(`npm start did not come up:\n${out}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(out).toContain('Simulating 2 callers (no audio: signalling only).');
    const url = /^Agent desktop: (http:\/\/127\.0\.0\.1:\d+)\/$/m.exec(out)![1]!;
    // An agent who goes Available is offered a simulated caller's call.
    const client = createAgentClient({ serverUrl: url, identity: 'erin', WebSocket, reconnect: false });
    erin.client = client;
    const offered = new Promise<CallInfo>((resolve) => client.on('callUpdated', resolve));
    await client.connect();
    await client.setActivity('Available');
    const call = await Promise.race([
      offered,
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error('no call within 15 s')), 15_000)),
    ]);
    expect(call).toMatchObject({ direction: 'inbound', status: 'ringing' });
    expect(call.participants[0]).toMatchObject({ kind: 'customer', state: 'joined' });
  } finally {
    erin.client?.disconnect();
    child.kill('SIGINT');
  }
  await expect(exited).resolves.toBe(0);
});
