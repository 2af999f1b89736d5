/**
 * The host under a strict Content-Security-Policy, in real headless Chromium: no
 * 'unsafe-eval', no inline scripts. Booting, validating the manifest, loading plugins with
 * SRI and rendering must not trip a single CSP violation (DESIGN: no eval / new Function,
 * anywhere, dependencies included).
 */
import type { Browser } from 'playwright-core';
import { buildHarness, harnessPage } from './buildHarness';
import { launchChromium, settled } from '../../../../scripts/testing/browser';
import { pluginBundle, sri } from './pluginBundles';
import { startStaticServer, type StaticServer } from './staticServer';

jest.setTimeout(30_000);

const CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; connect-src 'self'";

let server: StaticServer;
let browser: Browser;

beforeAll(async () => {
  // Everything settles before a failure is thrown, so afterAll can close what did start.
  const [, js] = await settled([
    startStaticServer().then((s) => (server = s)),
    buildHarness(),
    launchChromium().then((b) => (browser = b)),
  ]);
  server.set('/harness.js', js);
  server.set('/index.html', { body: harnessPage('/harness.js'), headers: { 'content-security-policy': CSP } });
  const plugins = ['alpha', 'bravo'].map((name) => {
    const body = pluginBundle({ name });
    server.set(`/plugins/${name}.js`, body);
    return { name, version: '1.0.0', src: `plugins/${name}.js`, integrity: sri(body), hostVersion: '*' };
  });
  server.set('/plugins.json', JSON.stringify({ plugins }));
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

it('boots, validates the manifest, loads plugins and renders without a CSP violation', async () => {
  const context = await browser.newContext();
  try {
    await context.addInitScript(() => {
      const seen: string[] = [];
      (window as unknown as { __violations: string[] }).__violations = seen;
      document.addEventListener('securitypolicyviolation', (e) =>
        seen.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`),
      );
    });
    const page = await context.newPage();
    const consoleCsp: string[] = [];
    page.on('console', (m) => /Content Security Policy/i.test(m.text()) && consoleCsp.push(m.text()));
    await page.goto(server.url('/index.html'));
    await page.waitForFunction(() => window.__sb !== undefined, undefined, { timeout: 10_000 });
    await page.evaluate(() => window.__sb!.ready);
    const states = await page.evaluate(
      async (url) => (await window.__sb!.loadManifest(url)).map((p) => `${p.name}:${p.state}`),
      '/plugins.json',
    );
    expect(states).toEqual(['alpha:Initialized', 'bravo:Initialized']);
    // A manifest problem goes through the validator's error paths too.
    const bad = await page.evaluate(
      async () =>
        (
          await window.__sb!.host.plugins.loadManifest([
            { name: 'Bad', version: 'x', src: 'b.js', hostVersion: '*' } as never,
          ])
        )[2]?.error?.code,
    );
    expect(bad).toBe('MANIFEST_INVALID');
    const violations = await page.evaluate(() => (window as unknown as { __violations: string[] }).__violations);
    expect(violations).toEqual([]);
    expect(consoleCsp).toEqual([]);
  } finally {
    await context.close();
  }
});
