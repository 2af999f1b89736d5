/**
 * End to end in headless Chromium (fake microphone) against a real local contact center on
 * 127.0.0.1: a customer calls from the widget ("Call us", the name, Call), an agent (the real
 * agent client and CallMedia, in the same page) accepts, and audio flows both ways over
 * WebRTC; the agent holds (the widget says "On hold" and no audio reaches the customer) and
 * unholds; a dial-pad key reaches the agent; Hang up ends the call for the agent too.
 */
import { build } from 'esbuild';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import type { ContactCenterServer } from '@switchboard/contact-center/server';
import { chromium, type Browser, type Page } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH, settled } from '../../../scripts/testing/browser';
import { startLocalContactCenter } from './helpers';

jest.setTimeout(60_000);

const ROOT = path.resolve(__dirname, '../../..');
let cc: ContactCenterServer;
let browser: Browser;
let page: Page;
let script = '';

const serve = (req: IncomingMessage, res: ServerResponse): boolean => {
  if (req.url === '/e2e/voice.js') {
    res.writeHead(200, { 'content-type': 'text/javascript' }).end(script);
    return true;
  }
  if (req.url !== '/e2e/') return false;
  res
    .writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
    .end(
      '<!doctype html><html lang="en"><head><title>Shop</title></head><body><main><h1>Shop</h1></main><script src="/e2e/voice.js"></script></body></html>',
    );
  return true;
};

beforeAll(async () => {
  const [bundle] = await settled([
    build({
      entryPoints: [path.join(__dirname, 'voicePage.ts')],
      bundle: true,
      write: false,
      format: 'iife',
      platform: 'browser',
      target: 'es2022',
      tsconfig: path.join(ROOT, 'tsconfig.json'),
      absWorkingDir: ROOT,
      logLevel: 'silent',
    }),
    startLocalContactCenter({ handler: serve }).then((server) => void (cc = server)),
    chromium
      .launch({
        executablePath: CHROMIUM_PATH,
        headless: true,
        args: [...CHROMIUM_ARGS, '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream'],
      })
      .then((b) => void (browser = b)),
  ]);
  script = bundle.outputFiles[0]!.text;
  page = await browser.newPage();
  page.on('pageerror', (e) => console.error('page error:', e.message));
  await page.goto(`${cc.url}/e2e/`);
  await page.waitForFunction(() => window.__e2e !== undefined);
});

afterAll(async () => {
  await browser?.close();
  await cc?.close();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function until(what: string, check: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (await check()) return;
    await sleep(200);
  }
  throw new Error(`timed out waiting until ${what}`);
}
const customerStats = () => page.evaluate(() => window.__e2e.customerStats());
const agentStats = () => page.evaluate(() => window.__e2e.agentStats());
/** How many bytes the customer received over ~1 s (after a short settle). */
async function customerInflow(): Promise<number> {
  await sleep(400);
  const a = (await customerStats()).inboundBytes;
  await sleep(1000);
  return (await customerStats()).inboundBytes - a;
}

it('calls from the widget: an agent answers, audio flows both ways, hold, a digit, hang up', async () => {
  await page.evaluate((url) => window.__e2e.agent(url), cc.url);
  await page.evaluate((url) => window.__e2e.customer(url), cc.url);

  await page.getByRole('button', { name: 'Call us' }).click();
  const panel = page.getByRole('dialog', { name: 'Call us' });
  await panel.getByLabel('Your name').fill('Ada');
  await panel.getByRole('button', { name: 'Call', exact: true }).click();

  await until(
    'the agent answered',
    async () => (await page.evaluate(() => window.__e2e.callState()?.phase)) === 'connected',
  );
  const heard = { customer: false, agent: false };
  await until('audio flows both ways', async () => {
    const [c, a] = await Promise.all([customerStats(), agentStats()]);
    // The fake microphone beeps: each side's level is above 0 in some samples, rarely in the same one.
    heard.customer ||= c.inboundBytes > 0 && c.audioLevel > 0;
    heard.agent ||= a.inboundBytes > 0 && a.audioLevel > 0;
    return heard.customer && heard.agent;
  });
  expect(await panel.getByRole('status').textContent()).toBe('Connected');

  await page.evaluate(() => window.__e2e.hold(true));
  await until('the widget shows the hold', async () => (await panel.getByRole('status').textContent()) === 'On hold');
  expect(await customerInflow()).toBe(0);
  await page.evaluate(() => window.__e2e.hold(false));
  await until(
    'the widget shows the unhold',
    async () => (await panel.getByRole('status').textContent()) === 'Connected',
  );
  expect(await customerInflow()).toBeGreaterThan(0);

  await panel.getByRole('group', { name: 'Dial pad' }).getByRole('button', { name: '5', exact: true }).click();
  await until('the agent got the digit', async () => (await page.evaluate(() => window.__e2e.agentDtmf())) === '5');

  await panel.getByRole('button', { name: 'Hang up' }).click();
  await until(
    'the call ended for the agent',
    async () => (await page.evaluate(() => window.__e2e.agentCall()?.status)) === 'ended',
  );
  expect(await panel.getByRole('status').textContent()).toBe('Call ended');
  expect((await customerStats()).peers).toEqual({});
});
