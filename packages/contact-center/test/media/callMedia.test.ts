/**
 * CallMedia in real headless Chromium (fake microphone): three participants in one page, their
 * signals relayed in memory. Audio flows both ways; hold stops it and unhold resumes it; mute
 * stops the muted side's sending; a monitoring supervisor hears the call through the agent's
 * relay (never connected to the caller) and sends nothing; close()
 * closes every connection and stops the microphone.
 */
import { build } from 'esbuild';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH, settled } from '../../../../scripts/testing/browser';
import type { CallAudioStats, CallInfo, CallParticipant } from '../../src';

jest.setTimeout(45_000);

const ROOT = path.resolve(__dirname, '../../../..');
const ORIGIN = 'http://127.0.0.1:9'; // never contacted: the page's requests are answered by route()

let browser: Browser;
let page: Page;

async function bundle(): Promise<string> {
  const result = await build({
    entryPoints: [path.join(__dirname, 'mediaPage.ts')],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    tsconfig: path.join(ROOT, 'tsconfig.json'),
    absWorkingDir: ROOT,
    logLevel: 'silent',
  });
  return result.outputFiles[0]!.text;
}

beforeAll(async () => {
  const [js, b] = await settled([
    bundle(),
    chromium.launch({
      executablePath: CHROMIUM_PATH,
      headless: true,
      args: [...CHROMIUM_ARGS, '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream'],
      timeout: 20_000,
    }),
  ]);
  browser = b;
  page = await browser.newPage();
  page.on('pageerror', (e) => console.error('page error:', e.message));
  await page.route(`${ORIGIN}/**`, (route) =>
    route.request().url().endsWith('/media.js')
      ? route.fulfill({ contentType: 'text/javascript', body: js })
      : route.fulfill({
          contentType: 'text/html',
          body: '<!doctype html><html lang="en"><head><title>media</title></head><body><script src="/media.js"></script></body></html>',
        }),
  );
  await page.goto(`${ORIGIN}/`);
  await page.waitForFunction(() => window.__media !== undefined);
});

afterAll(async () => {
  await browser?.close();
});

const participant = (id: string, joinedAt: number, extra: Partial<CallParticipant> = {}): CallParticipant => ({
  id,
  kind: id.startsWith('customer') ? 'customer' : id === 'WKsup' ? 'supervisor' : 'agent',
  name: id,
  workerSid: id.startsWith('WK') ? id : null,
  state: 'joined',
  muted: false,
  monitoring: false,
  joinedAt,
  ...extra,
});

const callOf = (participants: CallParticipant[]): CallInfo => ({
  sid: 'CA1',
  taskSid: 'WT1',
  channelSid: 'CH1',
  direction: 'inbound',
  status: 'in-progress',
  from: 'Ada',
  to: 'Support',
  participants,
  createdAt: 1,
  updatedAt: 2,
});

const C = 'customer-ada';
const A = 'WKagent';
const S = 'WKsup';

const stats = (self: string): Promise<CallAudioStats> => page.evaluate((s) => window.__media.stats(s), self);
const updateAll = (selves: string[], call: CallInfo) =>
  page.evaluate(([s, c]) => s.forEach((self) => window.__media.update(self, c)), [selves, call] as const);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls until `check` holds (or fails with the last figures). */
async function until(what: string, check: () => Promise<boolean>, timeoutMs = 8000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (await check()) return;
    await sleep(200);
  }
  throw new Error(`timed out waiting until ${what}`);
}

/** How much `self` received from / sent to `peer` over ~1 s (after a short settle). */
async function flow(self: string, peer: string): Promise<{ inbound: number; outbound: number }> {
  await sleep(400);
  const a = (await stats(self)).peers[peer]!;
  await sleep(1000);
  const b = (await stats(self)).peers[peer]!;
  return { inbound: b.inboundBytes - a.inboundBytes, outbound: b.outboundBytes - a.outboundBytes };
}

it('carries audio both ways, honours hold, mute and monitoring, and closes everything', async () => {
  await page.evaluate(
    ([c, a, s]) => {
      window.__media.create(c);
      window.__media.create(a);
      window.__media.create(s, true);
    },
    [C, A, S] as const,
  );

  // Customer and agent talk.
  const two = [participant(C, 1000), participant(A, 2000)];
  await updateAll([C, A], callOf(two));
  const heard = { customer: false, agent: false };
  await until('audio flows both ways', async () => {
    const [c, a] = await Promise.all([stats(C), stats(A)]);
    // The fake microphone beeps: each side's level is above 0 in some samples, rarely in the same one.
    heard.customer ||= c.inboundBytes > 0 && c.audioLevel > 0;
    heard.agent ||= a.inboundBytes > 0 && a.audioLevel > 0;
    return heard.customer && heard.agent;
  });

  // A supervisor listens in. The caller is not told (the server hides the supervisor from it):
  // the agent relays the call to the supervisor, who sends nothing.
  const three = [...two, participant(S, 3000, { monitoring: true })];
  await updateAll([A, S], callOf(three));
  await until('the supervisor hears the call', async () => {
    const s = await stats(S);
    return (s.peers[A]?.inboundBytes ?? 0) > 0 && s.audioLevel > 0;
  });
  const sup = await stats(S);
  expect(Object.keys(sup.peers)).toEqual([A]);
  expect(sup.outboundBytes).toBe(0);
  expect(Object.keys((await stats(C)).peers)).toEqual([A]);
  expect(await page.evaluate((s) => window.__media.error(s), S)).toBeUndefined();

  // Hold the customer: nothing between the customer and anyone.
  const held = [
    participant(C, 1000, { state: 'held' }),
    participant(A, 2000),
    participant(S, 3000, { monitoring: true }),
  ];
  await updateAll([A, S], callOf(held));
  await updateAll([C], callOf(held.slice(0, 2)));
  const [aFromC, cFromA] = await Promise.all([flow(A, C), flow(C, A)]);
  expect(aFromC.inbound).toBe(0);
  expect(cFromA.inbound).toBe(0);
  expect(aFromC.outbound).toBe(0);
  // The agent still talks to the supervisor.
  expect((await flow(S, A)).inbound).toBeGreaterThan(0);

  // Unhold: audio resumes.
  await updateAll([A, S], callOf(three));
  await updateAll([C], callOf(two));
  const [aFromC2, cFromA2] = await Promise.all([flow(A, C), flow(C, A)]);
  expect(aFromC2.inbound).toBeGreaterThan(0);
  expect(cFromA2.inbound).toBeGreaterThan(0);

  // The agent mutes: the agent sends nothing to the customer; the customer still talks, and the
  // supervisor still hears the customer, through the agent's relay.
  const muted = [
    participant(C, 1000),
    participant(A, 2000, { muted: true }),
    participant(S, 3000, { monitoring: true }),
  ];
  await updateAll([A, S], callOf(muted));
  await updateAll([C], callOf(muted.slice(0, 2)));
  const [agent, customer] = await Promise.all([flow(A, C), flow(C, A)]);
  expect(agent.outbound).toBe(0);
  expect(customer.inbound).toBe(0);
  expect(customer.outbound).toBeGreaterThan(0);
  expect(agent.inbound).toBeGreaterThan(0);
  await until('the supervisor hears the customer through the muted agent', async () => (await stats(S)).audioLevel > 0);

  // Control: the agent muted and the customer held: the relay carries silence (its track still
  // sends packets, but no sound), so what the supervisor heard above was the customer.
  const silent = [
    participant(C, 1000, { state: 'held' }),
    participant(A, 2000, { muted: true }),
    participant(S, 3000, { monitoring: true }),
  ];
  await updateAll([A, S], callOf(silent));
  await updateAll([C], callOf(silent.slice(0, 2)));
  await sleep(1500);
  const levels: number[] = [];
  for (let i = 0; i < 5; i++) {
    levels.push((await stats(S)).audioLevel);
    await sleep(200);
  }
  expect(Math.max(...levels)).toBe(0);

  // The agent leaves: the customer's connection to the agent closes, and the supervisor has
  // nobody left to hear the call through.
  const left = [
    participant(C, 1000),
    participant(A, 2000, { state: 'left' }),
    participant(S, 3000, { monitoring: true }),
  ];
  await updateAll([S], callOf(left));
  await updateAll([C], callOf(left.slice(0, 2)));
  expect(Object.keys((await stats(C)).peers)).toEqual([]);
  expect(Object.keys((await stats(S)).peers)).toEqual([]);

  await page.evaluate(([c, a, s]) => [c, a, s].forEach((self) => window.__media.close(self)), [C, A, S] as const);
  const after = await page.evaluate(() => window.__media.inspect());
  expect(after.connections.length).toBeGreaterThanOrEqual(3);
  expect(after.connections.every((state) => state === 'closed')).toBe(true);
  // Two microphones (customer, agent); the receive-only supervisor never asked for one.
  expect(after.tracks).toEqual(['ended', 'ended']);
  expect(after.audioElements).toBe(0);
  expect((await stats(C)).peers).toEqual({});
});
