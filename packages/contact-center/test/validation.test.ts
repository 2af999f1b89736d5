/**
 * Bad input never changes state: malformed frames, unknown types, oversized frames and
 * bodies, wrong-state operations, bad HTTP requests, disallowed origins, flooding customers.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import path from 'node:path';
import { RawClient, engage, get, login, post, startServerProcess, tempDir, type ServerProcess } from './helpers';

const site = tempDir();
mkdirSync(path.join(site.dir, 'agent'));
writeFileSync(path.join(site.dir, 'agent', 'index.html'), '<!doctype html><title>Agent</title>');
writeFileSync(path.join(site.dir, 'agent', 'app.js'), 'console.log(1)');
writeFileSync(path.join(site.dir, 'secret.txt'), 'not for the web');

let server: ServerProcess;
let agent: RawClient;
let agentToken: string;
let customer: RawClient;
let engagement: Awaited<ReturnType<typeof engage>>;
let reservationSid: string;

beforeAll(async () => {
  server = await startServerProcess({
    dataDir: null,
    agents: ['alice'],
    allowedOrigins: ['http://app.example'],
    rateLimit: { messages: { perSecond: 5, burst: 10 } },
    limits: { maxFrameBytes: 8 * 1024, maxPayload: 32 * 1024, maxMessageLength: 4000 },
    static: { '/agent/': path.join(site.dir, 'agent') },
  });
  agentToken = (await login(server.url, 'alice')).token;
  agent = await RawClient.connect(server.url, agentToken);
  await agent.ok('setActivity', { activity: 'Available' });
  engagement = await engage(server.url, { friendlyName: 'Ada' });
  customer = await RawClient.connect(server.url, engagement.token);
  reservationSid = (await agent.event('reservationUpdated', (r) => r.status === 'pending')).sid;
});
afterAll(async () => {
  await agent.close();
  await customer.close();
  await server.stop();
  site.remove();
});

/** The state both sides see, to compare before and after refused operations. */
async function state() {
  const messages = await customer.ok('getMessages');
  const workers = await agent.ok('listWorkers');
  const again = await RawClient.connect(server.url, agentToken);
  const snapshot = again.snapshot;
  await again.close();
  return { messages, workers, reservations: snapshot.reservations, tasks: snapshot.tasks };
}

it('refuses bad attributes and activities, naming the field, and changes nothing', async () => {
  const before = await state();
  const { taskSid } = engagement;
  expect(await agent.request('setActivity', {})).toMatchObject({
    code: 'CC_BAD_REQUEST',
    message: expect.stringContaining('activitySid'),
  });
  expect(await agent.request('setActivity', { activity: 'Busy', activitySid: 'WA1' })).toMatchObject({
    code: 'CC_BAD_REQUEST',
    message: expect.stringContaining('not both'),
  });
  expect(await agent.request('setActivity', { activitySid: 'WAnope' })).toMatchObject({ code: 'CC_NOT_FOUND' });
  // A raw `__proto__` key: JSON.parse makes it an own property; it is refused, not dropped.
  agent.sendRaw(
    `{"type":"setTaskAttributes","id":"p1","taskSid":"${taskSid}","attributes":{"__proto__":{"admin":true}}}`,
  );
  expect(await agent.next((f) => f.type === 'error' && f.id === 'p1')).toMatchObject({
    code: 'CC_BAD_REQUEST',
    message:
      'Invalid setTaskAttributes frame: attributes.__proto__: is a reserved name (__proto__, constructor, prototype)',
  });
  expect(await agent.request('setWorkerAttributes', { attributes: { note: 'x\ud800y' } })).toMatchObject({
    code: 'CC_BAD_REQUEST',
    message:
      'Invalid setWorkerAttributes frame: attributes.note: must be well-formed Unicode (it has a lone surrogate)',
  });
  expect(await agent.request('setWorkerAttributes', { attributes: 'x' })).toMatchObject({
    code: 'CC_BAD_REQUEST',
    message: 'Invalid setWorkerAttributes frame: attributes: must be an object',
  });
  expect(await agent.request('setWorkerAttributes', { attributes: {}, mergeExisting: 'yes' })).toMatchObject({
    code: 'CC_BAD_REQUEST',
    message: expect.stringContaining('mergeExisting'),
  });
  expect(
    await agent.request('setTaskAttributes', { taskSid, attributes: { a: { b: [{ c: 1 }] } }, extra: 1 }),
  ).toMatchObject({
    code: 'CC_BAD_REQUEST',
    message: expect.stringContaining('extra'),
  });
  expect(await state()).toEqual(before);
});

it('answers malformed, unknown, invalid and oversized frames with clear errors and changes nothing', async () => {
  const before = await state();
  agent.sendRaw('{"type": "setActivity", ');
  expect(await agent.next((f) => f.type === 'error')).toMatchObject({
    id: null,
    code: 'CC_BAD_REQUEST',
    message: expect.stringContaining('Malformed JSON'),
  });
  agent.sendRaw('[1,2]');
  expect(await agent.next((f) => f.type === 'error')).toMatchObject({
    code: 'CC_BAD_REQUEST',
    message: expect.stringContaining('"type"'),
  });
  expect(await agent.request('dropTables')).toMatchObject({
    code: 'CC_UNKNOWN_TYPE',
    message: 'Unknown frame type "dropTables"',
  });
  expect(await agent.request('setActivity', { activity: 'Sleeping' })).toMatchObject({
    code: 'CC_BAD_REQUEST',
    message: expect.stringContaining('activity'),
  });
  expect(await agent.request('acceptReservation', {})).toMatchObject({
    code: 'CC_BAD_REQUEST',
    message: expect.stringContaining('reservationSid'),
  });
  expect(await agent.request('acceptReservation', { reservationSid, extra: 1 })).toMatchObject({
    code: 'CC_BAD_REQUEST',
    message: expect.stringContaining('extra'),
  });
  expect(await customer.request('sendMessage', { body: '   ', clientId: 'blank' })).toMatchObject({
    code: 'CC_BAD_REQUEST',
    message: expect.stringContaining('body'),
  });
  expect(await customer.request('sendMessage', { body: 'x'.repeat(4001), clientId: 'big' })).toMatchObject({
    code: 'CC_TOO_LARGE',
    message: expect.stringContaining('4000'),
  });
  // Over the soft frame limit: refused without parsing, yet with the request's id.
  customer.sendRaw(JSON.stringify({ type: 'sendMessage', id: 'huge', body: 'y'.repeat(10_000), clientId: 'huge' }));
  expect(await customer.next((f) => f.type === 'error')).toMatchObject({
    id: 'huge',
    code: 'CC_TOO_LARGE',
    message: expect.stringContaining('8192'),
  });
  customer.sendRaw(`{"body":"${'y'.repeat(10_000)}","id":42,"type":"sendMessage","clientId":"h2"}`);
  expect(await customer.next((f) => f.type === 'error')).toMatchObject({ id: 42, code: 'CC_TOO_LARGE' });
  // An object without a type still gets its id back.
  agent.sendRaw('{"id":"no-type"}');
  expect(await agent.next((f) => f.type === 'error')).toMatchObject({ id: 'no-type', code: 'CC_BAD_REQUEST' });
  // A customer may not use agent operations.
  expect(await customer.request('acceptReservation', { reservationSid })).toMatchObject({ code: 'CC_FORBIDDEN' });
  expect(await state()).toEqual(before);
});

it('closes a connection that sends a frame over maxPayload (1009)', async () => {
  const c = await RawClient.connect(server.url, engagement.token);
  c.sendRaw('z'.repeat(40 * 1024));
  await expect(c.next(() => false, 2000)).rejects.toThrow(/closed \(1009\)/);
});

it('refuses wrong-state operations and keeps the state', async () => {
  const before = await state();
  expect(await agent.request('completeTask', { taskSid: engagement.taskSid })).toMatchObject({
    code: 'CC_INVALID_STATE',
    message: expect.stringContaining('Accept reservation'),
  });
  expect(await agent.request('wrapupTask', { taskSid: engagement.taskSid })).toMatchObject({
    code: 'CC_INVALID_STATE',
  });
  expect(await agent.request('acceptReservation', { reservationSid: 'WRnope' })).toMatchObject({
    code: 'CC_NOT_FOUND',
  });
  expect(await agent.request('completeTask', { taskSid: 'WTnope' })).toMatchObject({ code: 'CC_NOT_FOUND' });
  expect(await state()).toEqual(before);

  await agent.ok('acceptReservation', { reservationSid });
  const twice = await agent.request('acceptReservation', { reservationSid });
  expect(twice).toMatchObject({
    code: 'CC_INVALID_STATE',
    message: `Reservation ${reservationSid} is accepted, not pending`,
  });
  expect(await agent.request('rejectReservation', { reservationSid })).toMatchObject({ code: 'CC_INVALID_STATE' });
  await agent.ok('completeTask', { taskSid: engagement.taskSid });
  expect(await agent.request('completeTask', { taskSid: engagement.taskSid })).toMatchObject({
    code: 'CC_INVALID_STATE',
    message: expect.stringContaining('completed'),
  });
  expect(await agent.request('wrapupTask', { taskSid: engagement.taskSid })).toMatchObject({
    code: 'CC_INVALID_STATE',
  });
});

it('checks the origin of upgrades: none (Node) or allowed passes, others get 403; a token is always needed', async () => {
  expect(await RawClient.upgradeStatus(server.url, `?token=${agentToken}`)).toBe(101);
  expect(await RawClient.upgradeStatus(server.url, `?token=${agentToken}`, { origin: 'http://app.example' })).toBe(101);
  expect(await RawClient.upgradeStatus(server.url, `?token=${agentToken}`, { origin: server.url })).toBe(101);
  expect(await RawClient.upgradeStatus(server.url, `?token=${agentToken}`, { origin: 'http://evil.example' })).toBe(
    403,
  );
  expect(await RawClient.upgradeStatus(server.url, '')).toBe(401);
  expect(await RawClient.upgradeStatus(server.url, '?token=not.a.token')).toBe(401);
  const forged = agentToken.slice(0, -4) + (agentToken.endsWith('AAAA') ? 'BBBB' : 'AAAA');
  expect(await RawClient.upgradeStatus(server.url, `?token=${forged}`)).toBe(401);
});

it('answers bad HTTP requests with JSON errors and CORS only for allowed origins', async () => {
  const badJson = await fetch(`${server.url}/api/agents/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: '{"identity":',
  });
  expect(badJson.status).toBe(400);
  expect(await badJson.json()).toEqual({
    error: { code: 'CC_BAD_REQUEST', message: expect.stringContaining('Malformed JSON') },
  });
  expect((await post(`${server.url}/api/agents/login`, { identity: 'alice', admin: true })).status).toBe(400);
  const notJson = await fetch(`${server.url}/api/agents/login`, {
    method: 'POST',
    headers: { 'content-type': 'text/plain' },
    body: 'identity=alice',
  });
  expect(notJson.status).toBe(400);
  const tooBig = await post(`${server.url}/api/webchat/engagements`, { formData: { note: 'n'.repeat(20_000) } });
  expect(tooBig).toMatchObject({ status: 413, body: { error: { code: 'CC_TOO_LARGE' } } });
  expect((await get(`${server.url}/api/nothing`)).status).toBe(404);
  expect((await get(`${server.url}/api/session`, 'garbage')).body).toEqual({
    error: { code: 'CC_UNAUTHORIZED', message: 'The token is not valid' },
  });
  const evil = await post(`${server.url}/api/agents/login`, { identity: 'alice' }, { origin: 'http://evil.example' });
  expect(evil.status).toBe(403);
  const preflight = await fetch(`${server.url}/api/webchat/engagements`, {
    method: 'OPTIONS',
    headers: { origin: 'http://app.example' },
  });
  expect(preflight.status).toBe(204);
  expect(preflight.headers.get('access-control-allow-origin')).toBe('http://app.example');
});

it('rate-limits a flooding customer without hurting another customer', async () => {
  const other = await engage(server.url, { friendlyName: 'Other' });
  const quiet = await RawClient.connect(server.url, other.token);
  const flooder = await RawClient.connect(server.url, (await engage(server.url, { friendlyName: 'Flood' })).token);
  for (let i = 0; i < 40; i++)
    flooder.sendRaw(JSON.stringify({ type: 'sendMessage', id: `f${i}`, body: `spam ${i}`, clientId: `f${i}` }));
  const replies = await Promise.all(Array.from({ length: 40 }, (_, i) => flooder.next((f) => f.id === `f${i}`)));
  const limited = replies.filter((r) => r.code === 'CC_RATE_LIMITED');
  const stored = replies.filter((r) => r.type === 'result');
  expect(stored.length).toBeGreaterThanOrEqual(10);
  expect(stored.length).toBeLessThan(15); // burst 10, 5/s refill during the flood
  expect(limited.length).toBe(40 - stored.length);
  expect(limited[0].message).toContain('slow down');
  // Only what was acknowledged is stored.
  expect(await flooder.ok('getMessages')).toHaveLength(stored.length);
  // The other customer is not affected.
  for (let i = 0; i < 5; i++)
    expect(await quiet.ok('sendMessage', { body: `hello ${i}`, clientId: `q${i}` })).toMatchObject({ index: i });
  await quiet.close();
  await flooder.close();
});

it('answers every frame of a flood over the frame budget with its own id', async () => {
  const flooder = await RawClient.connect(server.url, (await engage(server.url, { friendlyName: 'Frames' })).token);
  const n = 120; // over the frame burst of 80
  for (let i = 0; i < n; i++) flooder.sendRaw(JSON.stringify({ type: 'getMessages', id: `g${i}` }));
  const replies = await Promise.all(Array.from({ length: n }, (_, i) => flooder.next((f) => f.id === `g${i}`)));
  const limited = replies.filter((r) => r.code === 'CC_RATE_LIMITED');
  expect(limited.length).toBeGreaterThan(20);
  expect(limited.length + replies.filter((r) => r.type === 'result').length).toBe(n);
  expect(limited[0].message).toContain('Too many frames');
  expect(await flooder.none((f) => f.type === 'error' && f.id === null)).toBe(true);
  await flooder.close();
});

/** A GET with the path sent exactly as written (fetch would normalise `..`). */
function rawGet(url: string, rawPath: string): Promise<{ status: number; type: string | undefined; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url + rawPath, { method: 'GET', path: rawPath }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, type: res.headers['content-type'], body }));
    });
    req.on('error', reject);
    req.end();
  });
}

it('serves mounted directories with content types and never outside them', async () => {
  expect(await rawGet(server.url, '/agent/')).toMatchObject({
    status: 200,
    type: 'text/html; charset=utf-8',
    body: expect.stringContaining('Agent'),
  });
  expect(await rawGet(server.url, '/agent/app.js')).toMatchObject({
    status: 200,
    type: 'text/javascript; charset=utf-8',
  });
  for (const evil of [
    '/agent/../secret.txt',
    '/agent/%2e%2e/secret.txt',
    '/agent/..%2fsecret.txt',
    '/agent/%00app.js',
    '/secret.txt',
  ]) {
    const res = await rawGet(server.url, evil);
    expect([evil, res.status]).toEqual([evil, 404]);
    expect(res.body).not.toContain('not for the web');
  }
});

it('answers sendTyping as sendMessage: CC_NOT_FOUND for an unknown channel, and a result when it has an id', async () => {
  for (const [channelSid, code] of [
    ['CHnope', 'CC_NOT_FOUND'],
    [engagement.channelSid, 'CC_INVALID_STATE'], // completed above: closed
  ]) {
    expect(await agent.request('sendMessage', { channelSid, body: 'hi', clientId: `t-${channelSid}` })).toMatchObject({
      code,
    });
    expect(await agent.request('sendTyping', { channelSid })).toMatchObject({ type: 'error', code });
    agent.sendRaw(JSON.stringify({ type: 'sendTyping', channelSid }));
    expect(await agent.next((f) => f.type === 'error' && f.id === null)).toMatchObject({ code });
  }
  // Alice holds offers of the customers engaged above: she accepts one and types there.
  const view = await RawClient.connect(server.url, agentToken);
  await view.close();
  const offer = view.snapshot.reservations.find((r: { status: string }) => r.status === 'pending');
  await agent.ok('acceptReservation', { reservationSid: offer.sid });
  const task = view.snapshot.tasks.find((t: { sid: string }) => t.sid === offer.taskSid);
  expect(await agent.request('sendTyping', { channelSid: task.channelSid })).toMatchObject({
    type: 'result',
    result: null,
  });
});

it('refuses text it could not store as written (lone surrogates), naming the field', async () => {
  const lone = 'x\ud800y';
  expect(await customer.request('sendMessage', { body: lone, clientId: 'lone-1' })).toMatchObject({
    code: 'CC_BAD_REQUEST',
    message: expect.stringMatching(/body: must be well-formed Unicode/),
  });
  expect(await customer.request('sendMessage', { body: 'ok', clientId: `c${lone}` })).toMatchObject({
    code: 'CC_BAD_REQUEST',
    message: expect.stringContaining('clientId'),
  });
  expect(await agent.request('getMessages', { channelSid: `CH\udc00` })).toMatchObject({
    code: 'CC_BAD_REQUEST',
    message: expect.stringContaining('channelSid'),
  });
  const form = await post(`${server.url}/api/webchat/engagements`, { formData: { name: lone } });
  expect(form).toMatchObject({ status: 400, body: { error: { code: 'CC_BAD_REQUEST' } } });
  expect(form.body.error.message).toContain('formData.name: must be well-formed Unicode');
  const key = await post(`${server.url}/api/webchat/engagements`, { formData: { [`q${lone}`]: 'fine' } });
  expect(key).toMatchObject({ status: 400, body: { error: { message: expect.stringContaining('field name') } } });
  const identity = await post(`${server.url}/api/agents/login`, { identity: `al\udc00ice` });
  expect(identity).toMatchObject({ status: 400, body: { error: { message: expect.stringContaining('identity') } } });
  // Paired surrogates are well-formed text: stored and read back as written.
  const ada = await post(`${server.url}/api/webchat/engagements`, { formData: { name: '𝒜da 😀' } });
  expect(ada).toMatchObject({ status: 201, body: { friendlyName: '𝒜da 😀' } });
  const chat = await RawClient.connect(server.url, ada.body.token);
  const emoji = 'Thanks 👍🏽 — 𝒜da';
  expect(await chat.ok('sendMessage', { body: emoji, clientId: 'emoji' })).toMatchObject({ body: emoji });
  expect(await chat.ok('getMessages')).toEqual([expect.objectContaining({ body: emoji })]);
  await chat.close();
});

it('refuses form fields named __proto__, constructor or prototype, and values that are not strings', async () => {
  const raw = (body: string) =>
    fetch(`${server.url}/api/webchat/engagements`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    }).then(async (res) => ({
      status: res.status,
      body: (await res.json()) as { error: { code: string; message: string } },
    }));
  for (const body of ['{"formData":{"__proto__":{"polluted":"yes"}}}', '{"formData":{"name":"Ada","__proto__":"x"}}']) {
    const res = await raw(body);
    expect([body, res.status, res.body.error.code]).toEqual([body, 400, 'CC_BAD_REQUEST']);
    expect(res.body.error.message).toContain('"__proto__" is not allowed');
  }
  for (const name of ['constructor', 'prototype']) {
    const res = await raw(`{"formData":{"${name}":"x"}}`);
    expect(res).toMatchObject({
      status: 400,
      body: { error: { message: expect.stringContaining(`formData.${name}`) } },
    });
  }
  expect(await raw('{"formData":{"name":{"first":"Ada"}}}')).toMatchObject({ status: 400 });
  expect(({} as { polluted?: unknown }).polluted).toBeUndefined();
});

it('refuses a socket over the limit per agent (10, all its tokens) and per conversation (5) with 429', async () => {
  const chat = await engage(server.url, { friendlyName: 'Tabs' });
  const tabs = await Promise.all(Array.from({ length: 5 }, () => RawClient.connect(server.url, chat.token)));
  expect(await refusedUpgrade(chat.token)).toEqual({
    status: 429,
    body: {
      error: {
        code: 'CC_RATE_LIMITED',
        message: 'Too many connections for this conversation (5 open, at most 5); close one and try again',
      },
    },
  });
  await tabs.pop()!.close();
  expect(await RawClient.upgradeStatus(server.url, `?token=${chat.token}`)).toBe(101);

  const desks = await Promise.all(Array.from({ length: 9 }, () => RawClient.connect(server.url, agentToken))); // + `agent`
  expect(await RawClient.upgradeStatus(server.url, `?token=${agentToken}`)).toBe(429);
  const again = (await login(server.url, 'alice')).token; // a new token for the same agent
  expect(await RawClient.upgradeStatus(server.url, `?token=${again}`)).toBe(429);
  await Promise.all([...tabs, ...desks].map((c) => c.close()));
  expect(await RawClient.upgradeStatus(server.url, `?token=${again}`)).toBe(101);
});

/** The status and JSON body of a refused WebSocket upgrade. */
function refusedUpgrade(token: string): Promise<{ status: number; body: unknown }> {
  return new Promise((resolve, reject) => {
    const req = request(`${server.url}/ws?token=${token}`, {
      headers: {
        connection: 'Upgrade',
        upgrade: 'websocket',
        'sec-websocket-version': '13',
        'sec-websocket-key': 'dGhlIHNhbXBsZSBub25jZQ==',
      },
    });
    req.on('response', (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) }));
    });
    req.on('upgrade', (_res, socket) => (socket.destroy(), reject(new Error('the upgrade was accepted'))));
    req.on('error', reject);
    req.end();
  });
}
