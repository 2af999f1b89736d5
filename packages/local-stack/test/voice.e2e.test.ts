/**
 * Voice end to end, in headless Chromium with fake media devices, through the local stack as
 * `npm start` runs it (the built desktop, the shop page, the phone page), with a routing file
 * that sends calls to the agents with the `voice` skill:
 *  - a customer calls from the shop page; bob (voice skill) is offered it, alice (no skill) is
 *    not; bob answers and audio flows both ways (inbound RTP bytes and audio level rise in
 *    `getStats()`); hold stops it, unhold resumes it;
 *  - the supervisor listens in from the Teams view (the caller's browser never connects to
 *    the supervisor: the agent relays the call);
 *  - a warm transfer brings alice in (the three talk), then bob leaves and alice carries on;
 *  - alice hangs up: the call ends for all;
 *  - an outbound call from alice's dialer rings the phone page with the caller id a
 *    before-listener set, and the phone answers with audio.
 * Audio figures come from every RTCPeerConnection the page opens (an init script keeps them).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startLocalStack, type LocalStack } from '@switchboard/local-stack';
import { chromium, type Browser, type Page } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH, seriousViolations, settled } from '../../../scripts/testing/browser';

jest.setTimeout(180_000);

const root = path.resolve(__dirname, '..', '..', '..');
const shopDir = path.join(root, 'examples', 'webchat', 'dist');
const phoneDir = path.join(root, 'examples', 'phone', 'dist');
const CALLER_ID = '+15557654321';
const PHONE = '+15551230001';

let dataDir: string;
let stack: LocalStack;
let browser: Browser;
const pageErrors: string[] = [];

/** Keeps every RTCPeerConnection of the page, and sums their audio figures (the open ones). */
const AUDIO_PROBE = `(() => {
  const Native = window.RTCPeerConnection;
  if (!Native) return;
  const all = [];
  window.RTCPeerConnection = class extends Native {
    constructor(...args) { super(...args); all.push(this); }
  };
  window.__audio = async () => {
    let inbound = 0, outbound = 0, level = 0, open = 0;
    for (const pc of all) {
      if (pc.connectionState === 'closed') continue;
      open++;
      const report = await pc.getStats();
      report.forEach((e) => {
        if (e.kind !== undefined && e.kind !== 'audio') return;
        if (e.type === 'inbound-rtp') { inbound += e.bytesReceived || 0; level = Math.max(level, e.audioLevel || 0); }
        else if (e.type === 'outbound-rtp') outbound += e.bytesSent || 0;
      });
    }
    return { inbound, outbound, level, open };
  };
})();`;

interface Audio {
  inbound: number;
  outbound: number;
  level: number;
  open: number;
}
const audio = (page: Page): Promise<Audio> =>
  page.evaluate(() => (window as unknown as { __audio(): Promise<Audio> }).__audio());

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function until(what: string, check: () => Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (await check()) return;
    await sleep(200);
  }
  throw new Error(`timed out waiting until ${what}`);
}
/** Bytes `page` received over ~1 s, after a short settle. */
async function inflow(page: Page): Promise<number> {
  await sleep(500);
  const a = await audio(page);
  await sleep(1000);
  const b = await audio(page);
  return b.inbound - a.inbound;
}
/** Audio comes in, and it is sound (not silence). */
const hears = (page: Page, what: string) =>
  until(what, async () => {
    const a = await audio(page);
    return a.inbound > 0 && a.level > 0;
  });

async function open(url: string): Promise<Page> {
  const context = await browser.newContext();
  context.setDefaultTimeout(15_000);
  await context.addInitScript(AUDIO_PROBE);
  const page = await context.newPage();
  page.on('pageerror', (e) => pageErrors.push(`${url}: ${e.message}`));
  await page.goto(url);
  return page;
}

async function signIn(identity: string, name: string): Promise<Page> {
  const page = await open(`${stack.desktopUrl}?agent=${identity}`);
  await page.waitForFunction((n) => document.querySelector('.sb-agent-name')?.textContent === n, name);
  return page;
}

async function available(page: Page): Promise<void> {
  await page.selectOption('.sb-agent select', 'Available');
  await page.waitForFunction(
    () => document.querySelector<HTMLSelectElement>('.sb-agent select')?.selectedOptions[0]?.text === 'Available',
  );
}

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'sb-voice-'));
  writeFileSync(
    path.join(dataDir, 'routing.json'),
    JSON.stringify({
      queues: [
        { name: 'Everyone', targetWorkers: '1 == 1' },
        { name: 'Voice', targetWorkers: 'skills HAS "voice"' },
      ],
      workflow: {
        filters: [{ name: 'Calls', expression: 'channelType == "voice"', targets: [{ queue: 'Voice' }] }],
        defaultQueue: 'Everyone',
      },
      capacity: { chat: 3, voice: 1 },
      workers: { bob: { attributes: { skills: ['voice'] } } },
    }),
  );
  [browser, stack] = await settled([
    chromium.launch({
      executablePath: CHROMIUM_PATH,
      headless: true,
      args: [
        ...CHROMIUM_ARGS,
        '--use-fake-device-for-media-stream',
        '--use-fake-ui-for-media-stream',
        '--autoplay-policy=no-user-gesture-required',
      ],
      timeout: 20_000,
    }),
    startLocalStack({
      port: 0,
      dataDir,
      agents: ['alice', 'bob'],
      supervisors: ['sam'],
      webchatDir: shopDir,
      phoneDir,
      log: () => {},
    }),
  ]);
});

afterAll(async () => {
  await browser?.close();
  await stack?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

test('a call by skill with audio, hold, a supervisor listening, a warm transfer, hang-up for all; an outbound call to the phone page', async () => {
  const [alice, bob, sam] = await Promise.all([signIn('alice', 'Alice'), signIn('bob', 'Bob'), signIn('sam', 'Sam')]);
  await available(alice);
  await available(bob);

  // The customer calls from the shop page.
  const customer = await open(`${stack.webchatUrl}`);
  await customer.getByRole('button', { name: 'Call us' }).click();
  const panel = customer.getByRole('dialog', { name: 'Call us' });
  await panel.getByLabel('Your name').fill('Ada');
  await panel.getByRole('button', { name: 'Call', exact: true }).click();

  // Bob has the skill: he is offered the call; alice is not.
  const accept = bob.getByRole('button', { name: 'Accept call from Ada' });
  await accept.waitFor();
  expect(await alice.getByRole('button', { name: 'Accept call from Ada' }).count()).toBe(0);
  await accept.click();
  const bobCall = bob.getByRole('region', { name: 'Call with Ada' });
  await bobCall.waitFor();

  // Audio both ways.
  await hears(customer, 'the customer hears bob');
  await hears(bob, 'bob hears the customer');
  await until('the widget says connected', async () => (await panel.getByRole('status').textContent()) === 'Connected');
  expect(await seriousViolations(bob)).toEqual([]);

  // Hold stops the audio; unhold resumes it.
  const controls = bobCall.getByRole('toolbar', { name: 'Call controls' });
  await controls.getByRole('button', { name: 'Hold', exact: true }).click();
  await until('the widget shows the hold', async () => (await panel.getByRole('status').textContent()) === 'On hold');
  expect(await inflow(customer)).toBe(0);
  expect(await inflow(bob)).toBe(0);
  await controls.getByRole('button', { name: 'Hold', exact: true }).click();
  await until(
    'the widget shows the unhold',
    async () => (await panel.getByRole('status').textContent()) === 'Connected',
  );
  expect(await inflow(customer)).toBeGreaterThan(0);
  expect(await inflow(bob)).toBeGreaterThan(0);

  // The supervisor listens in from the Teams view; the caller never connects to the supervisor.
  await sam.getByRole('navigation', { name: 'Views' }).getByRole('link', { name: 'Teams' }).click();
  await sam.getByRole('table', { name: /Agents/ }).waitFor();
  await sam.getByRole('button', { name: "Listen to Ada's call" }).click();
  await hears(sam, 'the supervisor hears the call');
  expect((await audio(sam)).outbound).toBe(0);
  expect((await audio(customer)).open).toBe(1);
  expect(await seriousViolations(sam)).toEqual([]);

  // A warm transfer to alice: the three talk, then bob leaves and alice carries on.
  await bob.getByRole('button', { name: 'Transfer…' }).click();
  await bob.getByRole('button', { name: 'Warm transfer to Alice' }).click();
  await alice.getByRole('button', { name: 'Accept call from Ada' }).click();
  const aliceCall = alice.getByRole('region', { name: 'Call with Ada' });
  await aliceCall.waitFor();
  await until('the customer talks with both agents', async () => (await audio(customer)).open === 2);
  await hears(alice, 'alice hears the call');
  await bobCall.getByRole('toolbar', { name: 'Call controls' }).getByRole('button', { name: 'Hang up' }).click();
  await until('bob has left the customer', async () => (await audio(customer)).open === 1);
  expect(await inflow(customer)).toBeGreaterThan(0);
  expect(await panel.getByRole('status').textContent()).toBe('Connected');
  // The supervisor now hears the call through alice.
  expect(await inflow(sam)).toBeGreaterThan(0);

  // Alice hangs up: the call ends for everyone.
  await aliceCall.getByRole('toolbar', { name: 'Call controls' }).getByRole('button', { name: 'Hang up' }).click();
  await until(
    'the call ended for the customer',
    async () => (await panel.getByRole('status').textContent()) === 'Call ended',
  );
  await sam.getByText('The call has ended.').waitFor();
  await until('every connection closed', async () => {
    const all = await Promise.all([customer, alice, bob, sam].map(audio));
    return all.every((a) => a.open === 0);
  });

  // Outbound: the phone page registers a number; alice dials it; a before-listener sets the
  // caller id, and the phone rings with it.
  const phone = await open(`${stack.phoneUrl}`);
  await phone.getByLabel('Your number').fill(PHONE);
  await phone.getByRole('button', { name: 'Register' }).click();
  await until('the phone is registered', async () =>
    new RegExp(`This phone is \\${PHONE}`).test((await phone.getByRole('status').textContent()) ?? ''),
  );
  await alice.evaluate((callerId) => {
    const host = (
      window as unknown as {
        __switchboard: {
          actions: { addListener(event: string, listener: (payload: { callerId?: string }) => void): unknown };
        };
      }
    ).__switchboard;
    host.actions.addListener('beforeStartOutboundCall', (payload) => {
      payload.callerId = callerId;
    });
  }, CALLER_ID);
  await alice.getByRole('button', { name: 'Dialer' }).click();
  const dialer = alice.getByRole('form', { name: 'Outbound dialer' });
  await dialer.getByLabel('Number to call').fill(PHONE);
  await dialer.getByRole('button', { name: 'Call', exact: true }).click();
  await until('the phone rings with the caller id', async () =>
    new RegExp(`Incoming call from \\${CALLER_ID}`).test(await phone.locator('body').innerText()),
  );
  await phone.getByRole('listitem').getByRole('button', { name: 'Answer' }).click();
  await hears(phone, 'the phone hears alice');
  await hears(alice, 'alice hears the phone');

  expect(pageErrors).toEqual([]);
});
