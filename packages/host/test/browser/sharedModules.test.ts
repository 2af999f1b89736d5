/**
 * The shared modules the docs promise, in real headless Chromium: a plugin bundle built with
 * webpack that keeps React, react-redux, Redux Toolkit and @switchboard/host external (the
 * SDK's mapping) uses JSX, useSelector, an RTK slice and useHost against the host's own
 * copies: one React, one store, one host module.
 */
import type { Browser } from 'playwright-core';
import path from 'node:path';
import { buildHarness, harnessPage } from './buildHarness';
import { buildPlugin } from './buildPlugin';
import { launchChromium, settled } from '../../../../scripts/testing/browser';
import { sri } from './pluginBundles';
import { startStaticServer, type StaticServer } from './staticServer';

jest.setTimeout(60_000);

let server: StaticServer;
let browser: Browser;
let bundle: string;

beforeAll(async () => {
  const [, js, built] = await settled([
    startStaticServer().then((s) => (server = s)),
    buildHarness(),
    buildPlugin(path.join(__dirname, 'fixtures', 'sharedModulesPlugin.tsx')),
    launchChromium().then((b) => (browser = b)),
  ]);
  bundle = built;
  server.set('/harness.js', js);
  server.set('/index.html', harnessPage('/harness.js'));
  server.set('/shared.js', bundle);
  server.set('/favicon.ico', { body: '', contentType: 'image/x-icon' });
  server.set(
    '/plugins.json',
    JSON.stringify({
      plugins: [{ name: 'shared', version: '1.0.0', src: 'shared.js', integrity: sri(bundle), hostVersion: '*' }],
    }),
  );
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

test('the bundle carries no copy of React, Redux or Redux Toolkit', () => {
  expect(bundle.length).toBeLessThan(8_000);
  expect(bundle).toContain('Switchboard');
  expect(bundle).not.toMatch(/react\.(production|development)|__CLIENT_INTERNALS|createSlice\(\)|immer/i);
});

test('a plugin using JSX, useSelector and an RTK slice through the externals works in the host', async () => {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    await page.goto(server.url('/index.html'));
    await page.waitForFunction(() => window.__sb !== undefined);
    await page.evaluate(() => window.__sb!.ready);
    const list = await page.evaluate(() => window.__sb!.loadManifest('/plugins.json'));
    expect(list).toEqual([expect.objectContaining({ id: 'shared', state: 'Initialized' })]);
    const button = page.locator('[data-plugin-content="shared"] button');
    // useHost found the harness's <HostProvider>: the bundle got the host's very module.
    await expect(page.locator('[data-plugin-content="shared"]').getAttribute('data-host-version')).resolves.toBe(
      await page.evaluate(() => window.__sb!.host.version),
    );
    await expect(button.innerText()).resolves.toBe('Clicks: 0');
    await button.click();
    await button.click();
    await page.waitForFunction(
      () => document.querySelector('[data-plugin-content="shared"] button')?.textContent === 'Clicks: 2',
    );
    // The slice lives in the host's store, next to the host's own state.
    const state = await page.evaluate(() => window.__sb!.host.store.getState());
    expect(state.sharedClicks).toEqual({ count: 2, last: 'button' });
    expect(state).toHaveProperty('switchboard');
    expect(errors).toEqual([]);
  } finally {
    await context.close();
  }
});
