/**
 * The example desktop in headless Chromium, on the local stack: built by its own build
 * script, served at /own/, it signs Alice in, loads a plugin of the manifest whose component
 * shows in its `TaskList.Item` slot, and accepts a chat through the native AcceptTask.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { startLocalStack, type LocalStack } from '@switchboard/local-stack';
import type { Browser } from 'playwright-core';
import { launchChromium, settled } from '../../../scripts/testing/browser';

jest.setTimeout(90_000);

const here = path.resolve(__dirname, '..');
const work = mkdtempSync(path.join(os.tmpdir(), 'sb-own-desktop-'));
let stack: LocalStack;
let browser: Browser;

/** A plugin bundle written by hand: React comes from the host's shared modules. */
const BADGE = `window.Switchboard.Plugins.init({
  name: 'vip-badge',
  init: function (api) {
    var React = window.Switchboard.modules.react;
    api.contributions.add('TaskList.Item', function (props) {
      return React.createElement('em', { className: 'vip' }, 'VIP ' + props.task.customerName);
    }, { key: 'vip' });
  },
});`;

beforeAll(async () => {
  const bundle = path.join(work, 'vip-badge.js');
  writeFileSync(bundle, BADGE);
  await settled([
    promisify(execFile)(process.execPath, [path.join(here, 'build.mjs')], { cwd: here }).then(async () => {
      stack = await startLocalStack({
        port: 0,
        dataDir: null,
        agents: ['alice'],
        plugins: [{ name: 'vip-badge', version: '1.0.0', file: bundle }],
        pages: { '/own/': path.join(here, 'dist') },
        log: () => {},
      });
    }),
    launchChromium().then((b) => (browser = b)),
  ]);
});

afterAll(async () => {
  await browser?.close();
  await stack?.close();
  rmSync(work, { recursive: true, force: true });
});

it('signs in, loads the plugin into its slot, and accepts a chat', async () => {
  const page = await browser.newPage();
  page.setDefaultTimeout(15_000);
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  await page.goto(`${stack.url}/own/?agent=alice`);
  await page.getByRole('button', { name: 'Go Available' }).click();
  await page.locator('.own-activity', { hasText: 'Available' }).waitFor();

  const res = await fetch(`${stack.url}/api/webchat/engagements`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ formData: { friendlyName: 'Ada' } }),
  });
  expect(res.status).toBe(201);
  await page.locator('em.vip', { hasText: 'VIP Ada' }).waitFor();
  await page.getByRole('button', { name: 'Accept Ada' }).click();
  await page.locator('li[data-status="accepted"]', { hasText: 'Ada' }).waitFor();
  expect(errors).toEqual([]);
});
