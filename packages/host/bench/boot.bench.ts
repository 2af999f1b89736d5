/**
 * Boot benchmark of the host in headless Chromium, and the host runtime's size.
 *
 *   npm run bench               (in packages/host)   prints the figures, exits 0
 *   npm run bench -- --strict                        exits 1 when a target is missed
 *
 * Boot: a static server on 127.0.0.1 serves the harness page, 20 generated plugins (each
 * registers an action, a few listeners, a reducer and one contribution) and their manifest
 * (with SRI). Each run opens the page in a fresh browser context (cold HTTP cache); the page
 * creates the host, loads the manifest (bundles fetched in parallel) and records when every
 * plugin is Initialized. Measured: navigation start (performance.timeOrigin) to all
 * Initialized, and loadManifest to all Initialized.
 *
 * Size: packages/host/src/index.ts bundled by esbuild (minify, esm, browser), min+gzip,
 * without React (react, react-dom, react-redux external) and as host code alone (every
 * dependency external).
 */
import { build, type Plugin } from 'esbuild';
import { gzipSync } from 'node:zlib';
import type { Browser } from 'playwright-core';
import { browserBuildOptions, buildHarness, harnessPage } from '../test/browser/buildHarness';
import { launchChromium } from '../../../scripts/testing/browser';
import type { BootTimes } from '../test/browser/harnessTypes';
import { pluginBundle, sri } from '../test/browser/pluginBundles';
import { startStaticServer, type StaticServer } from '../test/browser/staticServer';

const PLUGINS = 20;
const RUNS = 7;
const BOOT_TARGET_MS = 500;
/** How long one page may take to boot before the run counts as failed. */
const RUN_TIMEOUT_MS = 10_000;

interface BootRun {
  /** Navigation start to every plugin Initialized. */
  total: number;
  /** Navigation start to the harness calling loadManifest. */
  toManifest: number;
  /** loadManifest to every plugin Initialized. */
  manifestToInitialized: number;
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};
const ms = (n: number) => `${n.toFixed(1).padStart(7)} ms`;
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;

/** Serves the harness, the plugins and the manifest. */
async function serve(): Promise<StaticServer> {
  const server = await startStaticServer();
  server.set('/harness.js', await buildHarness({ minify: true }));
  server.set('/index.html', harnessPage('/harness.js'));
  const plugins = [];
  for (let i = 1; i <= PLUGINS; i++) {
    const name = `plugin-${String(i).padStart(2, '0')}`;
    const body = pluginBundle({ name, extraListeners: 3 });
    server.set(`/plugins/${name}.js`, body);
    plugins.push({ name, version: '1.0.0', src: `/plugins/${name}.js`, integrity: sri(body), hostVersion: '*' });
  }
  server.set('/plugins.json', JSON.stringify({ plugins }));
  return server;
}

async function bootOnce(browser: Browser, server: StaticServer): Promise<BootRun> {
  const context = await browser.newContext(); // a fresh context: a cold HTTP cache
  try {
    const page = await context.newPage();
    await page.goto(server.url('/index.html?manifest=/plugins.json'), { timeout: RUN_TIMEOUT_MS });
    await page.waitForFunction(() => window.__sb?.boot.settled != null, undefined, { timeout: RUN_TIMEOUT_MS });
    const boot: BootTimes = await page.evaluate(() => window.__sb!.boot);
    if (boot.error) throw new Error(`the manifest failed to load: ${boot.error}`);
    const states = Object.entries(boot.states);
    const notReady = states.filter(([, state]) => state !== 'Initialized');
    if (states.length !== PLUGINS || notReady.length) {
      throw new Error(`expected ${PLUGINS} Initialized plugins, got ${JSON.stringify(boot.states)}`);
    }
    // performance.now() in the page counts from performance.timeOrigin: navigation start.
    const settled = boot.settled!;
    const start = boot.manifestStart!;
    return { total: settled, toManifest: start, manifestToInitialized: settled - start };
  } finally {
    await context.close();
  }
}

/** Marks bare imports external, except those `keep` accepts. */
const externalize = (keep: (specifier: string) => boolean): Plugin => ({
  name: 'externalize',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (args) => (keep(args.path) ? undefined : { path: args.path, external: true }));
  },
});

/** The host runtime's size, min and min+gzip, with `keep` deciding which imports are bundled. */
async function size(keep: (specifier: string) => boolean): Promise<{ min: number; gzip: number }> {
  const result = await build({
    ...browserBuildOptions('packages/host/src/index.ts'),
    minify: true,
    format: 'esm',
    plugins: [externalize(keep)],
  });
  const code = result.outputFiles[0]?.contents;
  if (!code) throw new Error('esbuild produced no output');
  return { min: code.byteLength, gzip: gzipSync(code, { level: 9 }).byteLength };
}

const REACT = /^(react|react-dom|react-redux)(\/|$)/;

async function main(argv: string[]): Promise<number> {
  const strict = argv.includes('--strict');
  const began = Date.now();
  let missed = false;

  console.log(`Switchboard host: boot of ${PLUGINS} plugins in headless Chromium (${RUNS} runs, cold cache each)`);
  const server = await serve();
  let browser: Browser | undefined;
  const runs: BootRun[] = [];
  try {
    browser = await launchChromium();
    const warmup = await bootOnce(browser, server);
    console.log(`  warm-up   ${ms(warmup.total)}  (not counted)`);
    for (let i = 1; i <= RUNS; i++) {
      const run = await bootOnce(browser, server);
      runs.push(run);
      console.log(
        `  run ${i}     ${ms(run.total)}  navigation→loadManifest ${ms(run.toManifest)}  loadManifest→all Initialized ${ms(run.manifestToInitialized)}`,
      );
    }
  } finally {
    await browser?.close();
    await server.close();
  }
  const bootMedian = median(runs.map((r) => r.total));
  const ok = bootMedian <= BOOT_TARGET_MS;
  missed ||= !ok;
  console.log(`  median    ${ms(bootMedian)}  navigation start → all ${PLUGINS} Initialized`);
  console.log(`            target ≤ ${BOOT_TARGET_MS} ms: ${ok ? 'ok' : 'MISSED'}`);
  console.log(`  median    ${ms(median(runs.map((r) => r.manifestToInitialized)))}  loadManifest → all Initialized`);
  console.log(
    `  median    ${ms(median(runs.map((r) => r.toManifest)))}  navigation start → loadManifest (page and harness)`,
  );

  console.log('\nHost runtime size (packages/host/src/index.ts; esbuild minify, esm, browser):');
  const withoutReact = await size((s) => !REACT.test(s));
  const workspace = await size((s) => s.startsWith('@switchboard/'));
  const alone = await size(() => false);
  console.log(
    `  without React (react, react-dom, react-redux external)  ${kb(withoutReact.min)} min  ${kb(withoutReact.gzip)} min+gzip`,
  );
  console.log(
    `  with @switchboard/* (every npm dependency external)      ${kb(workspace.min)} min  ${kb(workspace.gzip)} min+gzip`,
  );
  console.log(
    `  host code alone (every dependency external)              ${kb(alone.min)} min  ${kb(alone.gzip)} min+gzip`,
  );

  console.log(
    `\n(${((Date.now() - began) / 1000).toFixed(1)} s)${strict && missed ? ' --strict: a target was missed' : ''}`,
  );
  return strict && missed ? 1 : 0;
}

// Bounded: a stuck browser must not hold the bench forever.
const watchdog = setTimeout(() => {
  console.error('boot.bench: gave up after 55 s');
  process.exit(2);
}, 55_000);
watchdog.unref();

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error('boot.bench failed:', error);
    process.exitCode = 2;
  },
);
