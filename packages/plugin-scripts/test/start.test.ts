/**
 * `switchboard-plugin start` with two local plugins, in headless Chromium: the agent desktop
 * loads both; an edit to one is rebuilt and reloaded in place (no page refresh: state on
 * `window` survives, the plugin's store namespace keeps its state unless it opts out, the
 * other plugin is not touched); a compile error keeps the last good bundle; the next good
 * build reloads; Ctrl-C stops cleanly. Uses the built agent desktop
 * (`npm test` builds first).
 */
import { existsSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../../../scripts/testing/browser';
import {
  fixtureRoot,
  packageJson,
  removeRoot,
  repoRoot,
  requireBuilt,
  spawnCli,
  waitForOutput,
  writeProject,
} from './fixtures';

jest.setTimeout(90_000);

/** Alpha's source: its panel shows `text` and its store's `inits` (the init count when its state was made). */
const alphaSource = (text: string, definition = '') => `
  import { definePlugin } from '@switchboard/plugin';
  import { useSelector } from 'react-redux';

  const Panel = () => {
    const inits = useSelector((s: { alpha: { inits: number } }) => s.alpha.inits);
    return <p className="alpha-panel">${text} (store {inits})</p>;
  };

  export default definePlugin({
    name: 'alpha',${definition}
    init(api) {
      const w = window as unknown as { alphaInits?: number };
      w.alphaInits = (w.alphaInits ?? 0) + 1;
      api.store.addReducer('alpha', (s: { inits: number } = { inits: w.alphaInits ?? 0 }) => s);
      api.contributions.add('AgentDesktop.Panel', Panel, { key: 'alpha' });
    },
  });
`;

let root: string;
let alpha: string;
let browser: Browser | undefined;

beforeAll(() => {
  requireBuilt();
  if (!existsSync(path.join(repoRoot, 'packages/agent-desktop/dist/app/index.html'))) {
    throw new Error(
      'the agent desktop is not built (packages/agent-desktop/dist/app/index.html): run `npm run build` (npm test does) first',
    );
  }
  root = fixtureRoot('start');
  alpha = writeProject(root, 'alpha', {
    'package.json': packageJson('alpha', { permissions: { slots: ['AgentDesktop.Panel'] } }),
    'src/plugin.tsx': alphaSource('Alpha v1'),
    'src/index.tsx': `import { loadPlugin } from '@switchboard/plugin';\nimport plugin from './plugin';\nloadPlugin(plugin);\n`,
  });
  writeProject(root, 'beta', {
    'package.json': { name: 'beta', version: '1.0.0' },
    'src/index.js': `
      import { definePlugin, loadPlugin } from '@switchboard/plugin';
      loadPlugin(definePlugin({
        name: 'beta',
        init(api) {
          window.betaInits = (window.betaInits || 0) + 1;
          api.contributions.add('AgentDesktop.Panel', () => <p className="beta-panel">Beta</p>, { key: 'beta' });
        },
      }));
    `,
  });
});

afterAll(async () => {
  await browser?.close();
  removeRoot(root);
});

/** Saves as editors do: the watcher never sees half a file. */
function save(file: string, content: string): void {
  writeFileSync(`${file}.tmp`, content);
  renameSync(`${file}.tmp`, file);
}

const text = (page: Page, selector: string) => page.locator(selector).innerText();
const state = (page: Page, plugin: string) =>
  page.locator(`.sb-plugin-status tr[data-plugin="${plugin}"]`).getAttribute('data-state');

test('two plugins in the agent desktop; an edit reloads one in place; errors keep the last good build', async () => {
  const { child, output } = spawnCli(alpha, [
    'start',
    '--port',
    '0',
    '--plugin',
    '../beta',
    '--simulate',
    '0',
    '--data-dir',
    path.join(root, 'data'),
  ]);
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  /** Waits for `pattern` in what the CLI prints from now on. */
  const next = (pattern: RegExp) => {
    const from = output().length;
    return () => waitForOutput(() => output().slice(from), pattern);
  };
  try {
    const [, desktopUrl] = await waitForOutput(
      output,
      /^Agent desktop: (http:\/\/127\.0\.0\.1:\d+\/\?agent=alice&log=info)$/m,
    );
    expect(output()).toMatch(/^Built alpha in \d+ ms$/m);
    expect(output()).toMatch(/^Built beta in \d+ ms$/m);
    expect(output()).toMatch(/^WebChat: http:\/\/127\.0\.0\.1:\d+\/webchat\/$/m);
    browser = await launchChromium();
    const page = await browser.newPage();
    page.setDefaultTimeout(15_000);
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(desktopUrl!);

    // Both plugins are Initialized and show their panels.
    await page
      .locator('.sb-plugin-status tr[data-plugin="alpha"][data-state="Initialized"]')
      .waitFor({ state: 'attached' });
    await page
      .locator('.sb-plugin-status tr[data-plugin="beta"][data-state="Initialized"]')
      .waitFor({ state: 'attached' });
    await expect(text(page, '.alpha-panel')).resolves.toBe('Alpha v1 (store 1)');
    await expect(text(page, '.beta-panel')).resolves.toBe('Beta');
    // Alpha runs under its package.json's declaration; beta declares nothing and is flagged.
    // (textContent: the status panel may be folded away.)
    await expect(page.locator('.sb-plugin-status tr[data-plugin="alpha"]').textContent()).resolves.toContain(
      'actions: none · slots: AgentDesktop.Panel · origins: none',
    );
    await expect(
      page.locator('.sb-plugin-status tr[data-plugin="beta"] .sb-plugin-undeclared').textContent(),
    ).resolves.toBe('no declared permissions');
    // Marks that a page refresh, or a reload of beta, would lose.
    await page.evaluate(() => {
      (window as unknown as { marker: string }).marker = 'still here';
      document.querySelector('.beta-panel')!.setAttribute('data-mark', 'untouched');
    });
    // The desktop follows the dev server's event stream (dev.json counts who does).
    await page.waitForFunction(() =>
      fetch('/__switchboard/dev.json')
        .then((r) => r.json())
        .then((info: { desktops: number }) => info.desktops === 1),
    );

    // An edit: rebuilt, and reloaded in place in the one open desktop; init ran again, but its
    // store namespace kept the state it had (the author keeps the task they were testing).
    const reloaded = next(/^Rebuilt alpha in \d+ ms: reloaded in 1 desktop$/m);
    save(path.join(alpha, 'src/plugin.tsx'), alphaSource('Alpha v2'));
    await reloaded();
    await page.waitForFunction(() => document.querySelector('.alpha-panel')?.textContent === 'Alpha v2 (store 1)');
    expect(
      await page.evaluate(() => {
        const w = window as unknown as { marker: string; alphaInits: number; betaInits: number };
        return {
          marker: w.marker,
          alphaInits: w.alphaInits,
          betaInits: w.betaInits,
          betaMark: document.querySelector('.beta-panel')?.getAttribute('data-mark'),
        };
      }),
    ).toEqual({ marker: 'still here', alphaInits: 2, betaInits: 1, betaMark: 'untouched' });
    await expect(state(page, 'alpha')).resolves.toBe('Initialized');

    // A compile error: reported with file:line, the last good bundle stays.
    const failed = next(
      /^alpha: build failed: src\/plugin\.tsx:\d+:\d+: Unexpected ";" \(the last good build is still served\)$/m,
    );
    save(path.join(alpha, 'src/plugin.tsx'), `${alphaSource('Alpha v3')}\nexport const broken = (1 + ;\n`);
    await failed();
    const bundle = await page.evaluate(() => fetch('/plugins/alpha/plugin.js').then((r) => r.text()));
    expect(bundle).toContain('Alpha v2');
    await expect(text(page, '.alpha-panel')).resolves.toBe('Alpha v2 (store 1)');

    // Fixed: the next good build reloads; this one opts out of keeping its state.
    const fixed = next(/^Rebuilt alpha in \d+ ms: reloaded in 1 desktop$/m);
    save(path.join(alpha, 'src/plugin.tsx'), alphaSource('Alpha v3', '\n    hotReload: { keepState: false },'));
    await fixed();
    await page.waitForFunction(() => document.querySelector('.alpha-panel')?.textContent === 'Alpha v3 (store 3)');
    expect(await page.evaluate(() => (window as unknown as { marker: string }).marker)).toBe('still here');
    expect(await page.evaluate(() => (window as unknown as { betaInits: number }).betaInits)).toBe(1);
    expect(errors).toEqual([]);
  } catch (error) {
    // What the dev server said explains most failures.
    (error as Error).message += `\n\nswitchboard-plugin start printed:\n${output()}`;
    throw error;
  } finally {
    child.kill('SIGINT');
  }
  await expect(exited).resolves.toBe(0);
  expect(output()).toMatch(/SIGINT: stopping …\nStopped\.\n$/);
});

test('a port in use: one line, exit 1', async () => {
  const { createServer } = await import('node:net');
  const blocker = createServer();
  await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
  const { port } = blocker.address() as { port: number };
  try {
    const { child, output } = spawnCli(alpha, ['start', '--port', String(port), '--simulate', '0']);
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code).toBe(1);
    expect(output().trim().split('\n').pop()).toBe(
      `Port ${port} on 127.0.0.1 is in use: stop what uses it, or pass --port <another>.`,
    );
  } finally {
    blocker.close();
  }
});
