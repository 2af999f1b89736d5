/**
 * End to end in headless Chromium (fake microphone) against a real local contact center on
 * 127.0.0.1: the phone page (this example, built by its own build script and served by the
 * contact center under /phone/) registers +15551230001; an agent (the real agent client and
 * CallMedia, in another page) calls it; the page rings with the caller id, Answer connects,
 * audio flows both ways over WebRTC, the agent's digits show on the page, the page's dial pad
 * reaches the agent, and Hang up ends the call. axe-core finds no serious violation.
 */
import { build } from 'esbuild';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { ContactCenterServer } from '@switchboard/contact-center/server';
import { startContactCenter } from '@switchboard/contact-center/server';
import { chromium, type Browser, type Page } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH, seriousViolations, settled } from '../../../scripts/testing/browser';

jest.setTimeout(60_000);

const ROOT = path.resolve(__dirname, '../../..');
/** The local contact center's default caller id. */
const CALLER_ID = '+15550100000';
const site = mkdtempSync(path.join(os.tmpdir(), 'sb-phone-example-'));
let cc: ContactCenterServer;
let browser: Browser;
let phone: Page;
let agent: Page;
let script = '';

const serveAgent = (req: IncomingMessage, res: ServerResponse): boolean => {
  if (req.url === '/agent/agent.js') {
    res.writeHead(200, { 'content-type': 'text/javascript' }).end(script);
    return true;
  }
  if (req.url !== '/agent/') return false;
  res
    .writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
    .end(
      '<!doctype html><html lang="en"><head><title>Agent</title></head><body><script src="/agent/agent.js"></script></body></html>',
    );
  return true;
};

beforeAll(async () => {
  const [, bundle] = await settled([
    promisify(execFile)(process.execPath, [path.join(ROOT, 'examples/phone/build.mjs'), '--outdir', site], {
      cwd: ROOT,
    }),
    build({
      entryPoints: [path.join(__dirname, 'agentPage.ts')],
      bundle: true,
      write: false,
      format: 'iife',
      platform: 'browser',
      target: 'es2022',
      tsconfig: path.join(ROOT, 'tsconfig.json'),
      absWorkingDir: ROOT,
      logLevel: 'silent',
    }),
    startContactCenter({
      dataDir: null,
      port: 0,
      agents: ['alice'],
      static: { '/phone/': site },
      handler: serveAgent,
      logger: { debug() {}, info() {}, warn() {}, error() {} },
    }).then((server) => void (cc = server)),
    chromium
      .launch({
        executablePath: CHROMIUM_PATH,
        headless: true,
        args: [...CHROMIUM_ARGS, '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream'],
      })
      .then((b) => void (browser = b)),
  ]);
  script = bundle.outputFiles[0]!.text;
  [phone, agent] = await Promise.all([browser.newPage(), browser.newPage()]);
  for (const p of [phone, agent]) p.on('pageerror', (e) => console.error('page error:', e.message));
});

afterAll(async () => {
  await browser?.close();
  await cc?.close();
  rmSync(site, { recursive: true, force: true });
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

it('registers, rings with the caller id, answers, talks both ways, exchanges digits, hangs up', async () => {
  await phone.goto(`${cc.url}/phone/`);
  await agent.goto(`${cc.url}/agent/`);
  await agent.evaluate((url) => window.__agent.start(url), cc.url);

  await phone.getByLabel('Your number').fill('+15551230001');
  await phone.getByRole('button', { name: 'Register' }).click();
  await until('registered', async () =>
    /This phone is \+15551230001/.test((await phone.getByRole('status').textContent()) ?? ''),
  );
  expect(await seriousViolations(phone)).toEqual([]);

  await agent.evaluate(() => window.__agent.dial('+15551230001'));
  const item = phone.getByRole('listitem');
  await until('ringing', async () =>
    new RegExp(`Incoming call from \\${CALLER_ID}`).test(await phone.locator('body').innerText()),
  );
  expect(await seriousViolations(phone)).toEqual([]);
  await item.getByRole('button', { name: 'Answer' }).click();

  await until('audio flows both ways', async () => {
    const a = await agent.evaluate(() => window.__agent.stats());
    return a.inboundBytes > 0 && a.outboundBytes > 0 && a.audioLevel > 0;
  });
  expect(await item.textContent()).toContain(`On a call with ${CALLER_ID}`);

  await agent.evaluate(() => window.__agent.sendDtmf('42'));
  await until('the digits show', async () => /Digits received: 42/.test((await item.textContent()) ?? ''));
  await item.getByRole('group', { name: 'Dial pad' }).getByRole('button', { name: '7', exact: true }).click();
  await until('the digits show as sent', async () => /Digits sent: 7/.test((await item.textContent()) ?? ''));
  expect(await seriousViolations(phone)).toEqual([]);

  await item.getByRole('button', { name: 'Hang up' }).click();
  await until('the call ended for the agent', async () => {
    const call = await agent.evaluate(() => window.__agent.call());
    return call?.participants.find((p) => p.kind === 'phone')?.state === 'left';
  });
  await until('the page says so', async () => /ended/.test((await phone.getByRole('status').textContent()) ?? ''));
});
