/**
 * The local stack's desktop page CSP: `connect-src` is its own origin and WebSocket, the
 * origins its folder plugins declare, and those of the live registry releases (all and
 * cohort), and follows releases and rollbacks; other pages keep the default. The admins of
 * `admins` may write to the registry. Runs the real stack on a free port (with stand-in pages:
 * no build needed).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRegistryClient, type RegistryClient } from '@switchboard/contact-center';
import { startLocalStack, type LocalStack } from '@switchboard/local-stack';

let dir: string;
let stack: LocalStack;
let admin: RegistryClient;

const cspOf = async (pathname: string) =>
  (await fetch(new URL(pathname, stack.url))).headers.get('content-security-policy') ?? '';
const connectSrc = async (pathname: string) => /connect-src ([^;]*)/.exec(await cspOf(pathname))?.[1]?.split(' ');
const login = async (identity: string) => {
  const res = await fetch(new URL('/api/agents/login', stack.url), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ identity }),
  });
  return ((await res.json()) as { token: string; worker: { role: string } }).token;
};

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'sb-registry-csp-'));
  for (const page of ['desktop', 'webchat']) {
    mkdirSync(path.join(dir, page));
    writeFileSync(path.join(dir, page, 'index.html'), `<!doctype html><title>${page}</title>`);
  }
  writeFileSync(path.join(dir, 'plugin.js'), '/* folder plugin */');
  stack = await startLocalStack({
    port: 0,
    dataDir: null,
    desktopDir: path.join(dir, 'desktop'),
    webchatDir: path.join(dir, 'webchat'),
    plugins: [
      {
        name: 'folder-plugin',
        version: '1.0.0',
        file: path.join(dir, 'plugin.js'),
        permissions: { actions: [], slots: [], origins: ['https://folder.example.com'] },
      },
    ],
    log: () => {},
  });
  admin = createRegistryClient({ serverUrl: stack.url, token: await login('admin') });
});
afterAll(async () => {
  await stack?.close();
  rmSync(dir, { recursive: true, force: true });
});

test('the desktop page may connect to its origin, its folder plugins’ origins and the live releases’ origins', async () => {
  const { host } = new URL(stack.url);
  const own = ["'self'", `ws://${host}`, `wss://${host}`];
  expect(await connectSrc('/')).toEqual([...own, 'https://folder.example.com']);
  // The folder plugin's manifest entry carries its declaration.
  const manifest = (await (await fetch(new URL('/plugins.json', stack.url))).json()) as {
    plugins: Array<{ permissions?: unknown }>;
  };
  expect(manifest.plugins[0]!.permissions).toEqual({ actions: [], slots: [], origins: ['https://folder.example.com'] });

  await admin.deployVersion('crm', {
    version: '1.0.0',
    bundle: '/* crm */',
    permissions: { actions: [], slots: [], origins: ['https://crm.example.com'] },
  });
  await admin.deployVersion('push', {
    version: '1.0.0',
    bundle: '/* push */',
    permissions: { actions: [], slots: [], origins: ['wss://push.example.com'] },
  });
  const base = await admin.createConfiguration({ plugins: [{ plugin: 'crm', version: '1.0.0' }] });
  const more = await admin.createConfiguration({
    plugins: [
      { plugin: 'crm', version: '1.0.0' },
      { plugin: 'push', version: '1.0.0' },
    ],
  });
  await admin.release({ configurationSid: base.sid });
  expect(await connectSrc('/')).toEqual([...own, 'https://folder.example.com', 'https://crm.example.com']);
  // A cohort's origins too: the page is the same for every agent before sign-in.
  const cohort = await admin.release({ configurationSid: more.sid, target: { kind: 'percent', percent: 10 } });
  expect(await connectSrc('/index.html')).toEqual([
    ...own,
    'https://folder.example.com',
    'https://crm.example.com',
    'wss://push.example.com',
  ]);
  await admin.rollback(cohort.sid, 'not yet');
  expect(await connectSrc('/')).toEqual([...own, 'https://folder.example.com', 'https://crm.example.com']);
  // Other pages keep the default policy.
  expect(await connectSrc('/webchat/')).toEqual(own);
});

test('an agent of the stack cannot write to its registry', async () => {
  const alice = createRegistryClient({ serverUrl: stack.url, token: await login('alice') });
  await expect(alice.deployVersion('x', { version: '1.0.0', bundle: 'x' })).rejects.toMatchObject({
    code: 'CC_FORBIDDEN',
    message: 'registry.deployVersion is for admins; Alice (alice) is an agent',
  });
});
