/**
 * The HTTP side at its edges: malformed percent-encodings (in a `handler` and in the static
 * files) are the client's mistake, an upload the client abandons is not a server error, and
 * a client that trickles its headers or its body is cut off; pages and JSON answers carry
 * their security headers.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import path from 'node:path';
import { RawClient, engage, startServerProcess, tempDir, type ServerProcess } from './helpers';

jest.setTimeout(20_000);

const site = tempDir();
mkdirSync(path.join(site.dir, 'agent'));
writeFileSync(path.join(site.dir, 'agent', 'index.html'), '<!doctype html><title>Agent</title>');
writeFileSync(path.join(site.dir, 'agent', 'help.HTML'), '<!doctype html><title>Help</title>');
writeFileSync(path.join(site.dir, 'agent', 'app.js'), 'console.log(1)');
mkdirSync(path.join(site.dir, 'agent', 'docs'));
writeFileSync(path.join(site.dir, 'agent', 'docs', 'index.html'), '<!doctype html><title>Docs</title>');

let server: ServerProcess;

beforeAll(async () => {
  server = await startServerProcess(
    {
      dataDir: null,
      static: { '/agent/': path.join(site.dir, 'agent') },
      limits: { headersTimeoutMs: 300, requestTimeoutMs: 800 },
    },
    { handler: 'decode', logs: true },
  );
});
afterAll(async () => {
  await server.stop();
  site.remove();
});

/** Opens a raw TCP connection to the server. */
function tcp(): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(server.port, '127.0.0.1', () => resolve(socket));
    socket.once('error', reject);
  });
}

/** Resolves with what the server sent before it closed the connection, and when it closed. */
function untilClosed(socket: Socket): Promise<{ received: string; at: number }> {
  let received = '';
  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => (received += chunk));
  return new Promise((resolve) => socket.once('close', () => resolve({ received, at: Date.now() })));
}

const errors = () => server.logs.filter((l) => l.log === 'error' || l.log === 'warn');

it('answers a malformed percent-encoding with 400, in a handler as in the static files', async () => {
  const ok = await fetch(`${server.url}/plugins/accept-task-confirm/plugin%20one.js`);
  expect([ok.status, await ok.text()]).toEqual([200, 'accept-task-confirm/plugin one.js']);
  for (const bad of [
    '/plugins/accept-task-confirm/%ff',
    '/plugins/%E0%A4%A/plugin.js',
    '/agent/%ff',
    '/agent/%E0%A4%A',
  ]) {
    const res = await fetch(server.url + bad);
    expect([bad, res.status]).toEqual([bad, 400]);
    expect(await res.json()).toEqual({
      error: { code: 'CC_BAD_REQUEST', message: 'The URL has a malformed percent-encoding' },
    });
  }
  expect(errors()).toEqual([]);
});

it('does not log an upload the client abandons as a server error', async () => {
  const socket = await tcp();
  const closed = untilClosed(socket);
  socket.write(
    'POST /api/webchat/engagements HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n' +
      'Content-Length: 1000\r\n\r\n{"formData":{"name":"Ada',
  );
  await new Promise((r) => setTimeout(r, 100));
  socket.destroy();
  await closed;
  const end = Date.now() + 2000;
  while (!server.logs.some((l) => l.message.includes('aborted')) && Date.now() < end)
    await new Promise((r) => setTimeout(r, 20));
  expect(server.logs).toContainEqual(
    expect.objectContaining({ log: 'debug', message: expect.stringContaining('aborted') }),
  );
  expect(errors()).toEqual([]);
  // And the server still answers.
  expect((await fetch(`${server.url}/api/health`)).status).toBe(200);
});

it('disconnects a client that sends its headers, or its body, too slowly; sockets stay open', async () => {
  const chat = await RawClient.connect(server.url, (await engage(server.url, { friendlyName: 'Ada' })).token);
  // Headers, one byte every 50 ms, never finished: cut off after ~300 ms.
  const slow = await tcp();
  const started = Date.now();
  const closed = untilClosed(slow);
  const head = 'GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ' + 'a'.repeat(200);
  let i = 0;
  const drip = setInterval(
    () => (!slow.destroyed && i < head.length ? slow.write(head[i++]!) : clearInterval(drip)),
    50,
  );
  const { received, at } = await closed;
  clearInterval(drip);
  expect(at - started).toBeLessThan(3000);
  expect(received).toMatch(/^HTTP\/1\.1 408/);

  // Headers sent, the body trickled: cut off after the request timeout (~800 ms).
  const slowBody = await tcp();
  const bodyStarted = Date.now();
  const bodyClosed = untilClosed(slowBody);
  slowBody.write(
    'POST /api/agents/login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 500\r\n\r\n{',
  );
  const trickle = setInterval(() => (!slowBody.destroyed ? slowBody.write(' ') : clearInterval(trickle)), 50);
  const cut = await bodyClosed;
  clearInterval(trickle);
  expect(cut.at - bodyStarted).toBeLessThan(4000);
  expect(cut.received).toMatch(/^HTTP\/1\.1 408/);

  // A WebSocket outlives both timeouts: they are for requests, not for upgraded connections.
  expect(await chat.ok('getMessages')).toEqual([]);
  await chat.close();
});

it('sends pages with a Content-Security-Policy, a Referrer-Policy and nosniff, and JSON with nosniff', async () => {
  const host = `127.0.0.1:${server.port}`;
  for (const page of ['/agent/', '/agent/index.html', '/agent/help.HTML', '/agent/docs/']) {
    const res = await fetch(server.url + page);
    expect([page, res.status]).toEqual([page, 200]);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp.split('; ')).toEqual(
      expect.arrayContaining([
        "script-src 'self'",
        `connect-src 'self' ws://${host} wss://${host}`,
        "frame-ancestors 'self'",
        "object-src 'none'",
      ]),
    );
    expect(res.headers.get('referrer-policy')).toBe('same-origin');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  }
  const script = await fetch(`${server.url}/agent/app.js`);
  expect(script.headers.get('x-content-type-options')).toBe('nosniff');
  expect(script.headers.get('content-security-policy')).toBeNull();
  for (const [url, status] of [
    ['/api/health', 200],
    ['/api/nothing', 404],
    ['/api/session', 401],
    ['/nothing', 404],
  ] as const) {
    const res = await fetch(server.url + url);
    expect([url, res.status, res.headers.get('x-content-type-options')]).toEqual([url, status, 'nosniff']);
  }
});

it("redirects a directory's URL without its slash to the URL with it, on this site only", async () => {
  const res = await fetch(`${server.url}/agent/docs?lang=en`, { redirect: 'manual' });
  expect([res.status, res.headers.get('location')]).toEqual([301, '/agent/docs/?lang=en']);
  const mount = await fetch(`${server.url}/agent`, { redirect: 'manual' });
  expect([mount.status, mount.headers.get('location')]).toEqual([301, '/agent/']);
});
