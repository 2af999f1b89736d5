/**
 * The local stack's OpenID Connect flags, through `main()`: a usage error without a client id,
 * and one line naming the issuer when the provider does not answer. (Signing in through the
 * desktop is oidcSignIn.e2e.test.ts.) Uses the built agent desktop (`npm test` builds first).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { main } from '../src/cli';

jest.setTimeout(60_000);

const dataDir = mkdtempSync(path.join(os.tmpdir(), 'sb-oidc-cli-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

async function run(args: string[]): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(['--port', '0', '--data-dir', dataDir, ...args], {
    io: { out: (l) => out.push(l), err: (l) => err.push(l) },
  });
  return { code, out, err: err.filter((l) => !/^Plugin \S+ is not built/.test(l)) };
}

test('--oidc-issuer without a client id is a usage error', async () => {
  const { code, err, out } = await run(['--oidc-issuer', 'https://id.example.com']);
  expect(code).toBe(2);
  expect(err).toEqual([
    'switchboard-local-stack: --oidc-issuer needs --oidc-client-id (or SWITCHBOARD_OIDC_CLIENT_ID) (see switchboard-local-stack --help)',
  ]);
  expect(out).toEqual([]);
});

test('a provider that does not answer stops the start with one line naming it', async () => {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  const issuer = `http://127.0.0.1:${port}`;
  const { code, err, out } = await run(['--oidc-issuer', issuer, '--oidc-client-id', 'switchboard']);
  expect(code).toBe(1);
  expect(err).toEqual([
    expect.stringMatching(new RegExp(`The OpenID Connect issuer ${issuer} did not answer discovery \\(.*ECONNREFUSED`)),
  ]);
  expect(out.join('\n')).not.toMatch(/Agent desktop:/);
});
