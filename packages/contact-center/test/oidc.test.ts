/**
 * Sign-in with OpenID Connect, end to end: the real server (in this process) against a real
 * provider (panva's oidc-provider, in its own process), driven through the provider's login
 * and consent forms as a browser would.
 */
import { isSwitchboardError } from '@switchboard/actions';
import WebSocket from 'ws';
import { createAgentClient, exchangeOidcCode, readOidcCode } from '../src/index';
import { silentLogger, startContactCenter, type ContactCenterServer } from '../src/server/index';
import { post, RawClient } from './helpers';
import { startOidcProvider, TestBrowser, type OidcProvider, type Page } from './oidcProvider';

let provider: OidcProvider;
let cc: ContactCenterServer;

beforeAll(async () => {
  provider = await startOidcProvider();
  cc = await startContactCenter({
    dataDir: null,
    port: 0,
    agents: ['alice', 'bob'],
    logger: silentLogger,
    auth: {
      oidc: {
        issuer: provider.issuer,
        clientId: provider.clientId,
        clientSecret: provider.clientSecret,
        name: 'Test ID',
      },
    },
  });
}, 30_000);

afterAll(async () => {
  await cc?.close();
  await provider?.stop();
});

const atDesktop = (page: Page) => page.location?.startsWith(`${cc.url}/agent/`) ?? false;
const atCallback = (page: Page) => page.location?.startsWith(`${cc.url}/api/auth/oidc/callback`) ?? false;
/** The one-time code of a redirect to `/agent/#oidc=<code>`. */
const codeOf = (page: Page) => /#oidc=([A-Za-z0-9_-]+)$/.exec(page.location ?? '')?.[1];

test('GET /api/auth offers the provider by name, and where to start', async () => {
  const res = await fetch(`${cc.url}/api/auth`);
  const body = (await res.json()) as { oidc: unknown };
  expect(body.oidc).toEqual({ name: 'Test ID', url: `${cc.url}/api/auth/oidc/start` });
});

test('the start redirects to the provider with PKCE, state and nonce', async () => {
  const page = await new TestBrowser().request(`${cc.url}/api/auth/oidc/start`);
  expect(page.status).toBe(302);
  const to = new URL(page.location!);
  expect(to.origin).toBe(provider.issuer);
  expect(to.searchParams.get('code_challenge_method')).toBe('S256');
  expect(to.searchParams.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
  expect(to.searchParams.get('state')).toBeTruthy();
  expect(to.searchParams.get('nonce')).toBeTruthy();
  expect(to.searchParams.get('redirect_uri')).toBe(`${cc.url}/api/auth/oidc/callback`);
});

test('alice signs in: the one-time code gives tokens that open an agent socket, and works once', async () => {
  const browser = new TestBrowser();
  const end = await browser.signIn(`${cc.url}/api/auth/oidc/start`, 'alice', atDesktop);
  expect(end.status).toBe(302);
  const code = codeOf(end);
  expect(code).toBeDefined();

  const exchanged = await post(`${cc.url}/api/auth/oidc/exchange`, { code });
  expect(exchanged.status).toBe(200);
  expect(exchanged.body.worker.identity).toBe('alice');
  expect(exchanged.body.expiresAt).toBeGreaterThan(Date.now());
  const socket = await RawClient.connect(cc.url, exchanged.body.token);
  expect(socket.snapshot.worker.identity).toBe('alice');
  await socket.close();

  const again = await post(`${cc.url}/api/auth/oidc/exchange`, { code });
  expect(again.status).toBe(401);
  expect(again.body.error.code).toBe('CC_UNAUTHORIZED');

  // A session like a password sign-in's: its refresh token works.
  const refreshed = await post(`${cc.url}/api/agents/refresh`, { refreshToken: exchanged.body.refreshToken });
  expect(refreshed.status).toBe(200);
  expect(refreshed.body.worker.identity).toBe('alice');
});

test('the agent client runs on the exchanged tokens, as the desktop does', async () => {
  const end = await new TestBrowser().signIn(`${cc.url}/api/auth/oidc/start`, 'alice', atDesktop);
  const code = readOidcCode(new URL(end.location!).hash);
  expect(code).toBeDefined();
  const { token, refreshToken, expiresAt, worker } = await exchangeOidcCode({ serverUrl: cc.url, code: code! });
  expect(worker.identity).toBe('alice');
  const agent = createAgentClient({ serverUrl: cc.url, token, refreshToken, expiresAt, WebSocket });
  try {
    await agent.connect();
    expect((await agent.setActivity('Available')).activity).toBe('Available');
  } finally {
    await agent.signOut();
  }
  // Signed out: the session's refresh token no longer works.
  expect((await post(`${cc.url}/api/agents/refresh`, { refreshToken })).status).toBe(401);
  await expect(exchangeOidcCode({ serverUrl: cc.url, code: code! })).rejects.toMatchObject({ code: 'CC_UNAUTHORIZED' });
});

test('a callback with a wrong state, or in another browser, is refused; the right one still works', async () => {
  const browser = new TestBrowser();
  const atCb = await browser.signIn(`${cc.url}/api/auth/oidc/start`, 'alice', atCallback);
  const callback = new URL(atCb.location!);

  const wrong = new URL(callback);
  wrong.searchParams.set('state', 'not-the-state');
  const refused = await browser.request(wrong.href);
  expect(refused.status).toBe(400);
  expect(refused.body).toContain('could not be verified');

  // The right URL without the browser's state cookie (a link sent to someone else).
  const elsewhere = await new TestBrowser().request(callback.href);
  expect(elsewhere.status).toBe(400);

  const end = await browser.request(callback.href);
  expect(codeOf(end)).toBeDefined();
  // A callback URL is good once.
  const replay = await browser.request(callback.href);
  expect(replay.status).toBe(400);
});

test('an identity with no agent is refused with a page naming it', async () => {
  const end = await new TestBrowser().signIn(`${cc.url}/api/auth/oidc/start`, 'mallory', atDesktop);
  expect(end.status).toBe(403);
  expect(end.body).toContain('no agent &quot;mallory&quot; in this contact center');
  expect(end.body).toContain('Test ID signed you in as');
});

test('an unknown or expired one-time code is refused', async () => {
  expect((await post(`${cc.url}/api/auth/oidc/exchange`, { code: 'made-up' })).status).toBe(401);
  const end = await new TestBrowser().signIn(`${cc.url}/api/auth/oidc/start`, 'alice', atDesktop);
  const code = codeOf(end);
  expect(code).toBeDefined();
  const now = Date.now();
  const clock = jest.spyOn(Date, 'now').mockReturnValue(now + 61_000);
  try {
    const late = await post(`${cc.url}/api/auth/oidc/exchange`, { code });
    expect(late.status).toBe(401);
  } finally {
    clock.mockRestore();
  }
});

test('desktopUrl says where the callback sends the browser', async () => {
  const oidc = { issuer: provider.issuer, clientId: provider.clientId, clientSecret: provider.clientSecret };
  const atRoot = await startContactCenter({
    dataDir: null,
    port: 0,
    agents: ['alice'],
    logger: silentLogger,
    auth: { oidc: { ...oidc, desktopUrl: '/' } },
  });
  try {
    const end = await new TestBrowser().signIn(`${atRoot.url}/api/auth/oidc/start`, 'alice', (p) =>
      Boolean(p.location?.includes('#oidc=')),
    );
    expect(end.location).toMatch(new RegExp(`^${atRoot.url}/#oidc=[A-Za-z0-9_-]+$`));
  } finally {
    await atRoot.close();
  }
});

test('a provider that does not answer fails the start in one line', async () => {
  // A port nothing listens on: the provider's, once stopped, is not reusable here, so take a fresh one.
  const { createServer } = await import('node:net');
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const port = (probe.address() as { port: number }).port;
  await new Promise<void>((resolve) => probe.close(() => resolve()));

  const start = startContactCenter({
    dataDir: null,
    port: 0,
    logger: silentLogger,
    auth: { oidc: { issuer: `http://127.0.0.1:${port}`, clientId: 'x' } },
  });
  const error = await start.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(isSwitchboardError(error, 'OIDC_DISCOVERY_FAILED')).toBe(true);
  const { message } = error as Error;
  expect(message).toContain(`issuer http://127.0.0.1:${port} did not answer discovery`);
  expect(message).toContain('ECONNREFUSED');
  expect(message).not.toContain('\n');
});

test('an http issuer on a network host is refused', async () => {
  const error = await startContactCenter({
    dataDir: null,
    port: 0,
    logger: silentLogger,
    auth: { oidc: { issuer: 'http://id.example.com', clientId: 'x' } },
  }).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(isSwitchboardError(error, 'OIDC_BAD_OPTIONS')).toBe(true);
});

test('without auth.oidc the OIDC endpoints answer 404 and /api/auth says none', async () => {
  const plain = await startContactCenter({ dataDir: null, port: 0, logger: silentLogger });
  try {
    expect(((await (await fetch(`${plain.url}/api/auth`)).json()) as { oidc: unknown }).oidc).toBeNull();
    expect((await fetch(`${plain.url}/api/auth/oidc/start`, { redirect: 'manual' })).status).toBe(404);
  } finally {
    await plain.close();
  }
});
