/**
 * Boot benchmark of the host in headless Chromium, and the host runtime's size.
 *
 *   npm run bench               (in packages/host)   prints the figures, exits 0
 *   npm run bench -- --strict                        exits 1 when a target is missed
 *
 * Boot, as a ratio to a page without the host, both measured in the same run (interleaved
 * rounds, alternating which goes first; medians). A static server on 127.0.0.1 serves:
 *
 *   host page   the harness page: creates the host, loads the manifest of 20 generated
 *               plugins (each registers an action, a few listeners, a reducer and one
 *               contribution; SRI on each), bundles fetched in parallel, and records when
 *               every plugin is Initialized. Boot: loadManifest → all Initialized.
 *   bare page   no host: an inline script adds the same 20 bundles as plain <script>
 *               elements and waits for their load events. Boot: first element added → all
 *               loaded. A stub `window.Switchboard.Plugins.init` records each registration,
 *               so the bundles run the same code as on the host page (up to the call).
 *
 * Each page load gets a fresh browser context (cold HTTP cache). Target: host boot ≤ 1.5×
 * the bare page's. Navigation start → all Initialized is printed too (it includes parsing
 * the harness: React and the host), without a target: on a shared machine no absolute figure
 * holds.
 *
 * Size: packages/host/src/index.ts bundled by esbuild (minify, esm, browser), min+gzip,
 * without React (react, react-dom, react-redux external) and as host code alone (every
 * dependency external).
 */
import { build, type Plugin } from 'esbuild';
import { gzipSync } from 'node:zlib';
import type { Browser, Page } from 'playwright-core';
import { browserBuildOptions, buildHarness, harnessPage } from '../test/browser/buildHarness';
import { launchChromium } from '../../../scripts/testing/browser';
import type { BootTimes } from '../test/browser/harnessTypes';
import { pluginBundle, sri } from '../test/browser/pluginBundles';
import { startStaticServer, type StaticServer } from '../test/browser/staticServer';

const PLUGINS = 20;
const ROUNDS = 7;
/** Host boot / bare page boot, medians. */
const RATIO_TARGET = 1.5;
/** How long one page may take to boot before the run counts as failed. */
const RUN_TIMEOUT_MS = 10_000;

interface HostRun {
  /** Navigation start to every plugin Initialized. */
  total: number;
  /** Navigation start to the harness calling loadManifest. */
  toStart: number;
  /** loadManifest to every plugin Initialized. */
  boot: number;
}

interface BareRun {
  /** Navigation start to every bundle loaded. */
  total: number;
  /** Navigation start to the first script element added. */
  toStart: number;
  /** First script element added to every bundle loaded. */
  boot: number;
}

/** What the bare page records, as `window.__bare`. */
interface BareTimes {
  start: number;
  loaded: number | null;
  registered: string[];
  failed: string[];
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};
const ms = (n: number) => `${n.toFixed(1).padStart(7)} ms`;
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;

/**
 * The bare page: a stub registration, then the bundles as plain async <script> elements
 * (what a page without a host would do), timed from the first element to the last load.
 */
function barePage(srcs: string[]): string {
  const script = `
(function () {
  var times = { start: 0, loaded: null, registered: [], failed: [] };
  window.__bare = times;
  window.Switchboard = {
    modules: {},
    Plugins: { init: function (plugin) { times.registered.push(plugin.name); } },
  };
  var srcs = ${JSON.stringify(srcs)};
  var left = srcs.length;
  var done = function (event) {
    if (event.type === 'error') times.failed.push(event.target.src);
    if (--left === 0) times.loaded = performance.now();
  };
  times.start = performance.now();
  srcs.forEach(function (src) {
    var s = document.createElement('script');
    s.src = src;
    s.onload = done;
    s.onerror = done;
    document.head.appendChild(s);
  });
})();`;
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head><meta charset="utf-8"><title>bare page</title></head>',
    '<body>',
    `<script>${script}</script>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

/** Serves the harness, the bare page, the plugins and the manifest. */
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
  server.set('/bare.html', barePage(plugins.map((p) => p.src)));
  return server;
}

/** Opens `path` in a fresh context (a cold HTTP cache) and hands the page to `measure`. */
async function inFreshContext<T>(
  browser: Browser,
  server: StaticServer,
  path: string,
  measure: (page: Page) => Promise<T>,
): Promise<T> {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.goto(server.url(path), { timeout: RUN_TIMEOUT_MS });
    return await measure(page);
  } finally {
    await context.close();
  }
}

/** The host page: loadManifest → all Initialized. */
const hostBoot = (browser: Browser, server: StaticServer): Promise<HostRun> =>
  inFreshContext(browser, server, '/index.html?manifest=/plugins.json', async (page) => {
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
    return { total: settled, toStart: start, boot: settled - start };
  });

/** The bare page: first script element → all loaded. */
const bareBoot = (browser: Browser, server: StaticServer): Promise<BareRun> =>
  inFreshContext(browser, server, '/bare.html', async (page) => {
    await page.waitForFunction(() => (window as unknown as { __bare?: BareTimes }).__bare?.loaded != null, undefined, {
      timeout: RUN_TIMEOUT_MS,
    });
    const times = await page.evaluate(() => (window as unknown as { __bare: BareTimes }).__bare);
    if (times.failed.length || times.registered.length !== PLUGINS) {
      throw new Error(
        `the bare page: expected ${PLUGINS} registrations, got ${times.registered.length}; failed: ${times.failed.join(', ') || 'none'}`,
      );
    }
    return { total: times.loaded!, toStart: times.start, boot: times.loaded! - times.start };
  });

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

  console.log(
    `Switchboard host: boot of ${PLUGINS} plugins in headless Chromium, host page vs bare page (${ROUNDS} interleaved rounds, cold cache each)`,
  );
  const server = await serve();
  let browser: Browser | undefined;
  const hosts: HostRun[] = [];
  const bares: BareRun[] = [];
  try {
    browser = await launchChromium();
    const warm = [await hostBoot(browser, server), await bareBoot(browser, server)];
    console.log(`  warm-up   host ${ms(warm[0]!.boot)}   bare ${ms(warm[1]!.boot)}  (not counted)`);
    for (let i = 1; i <= ROUNDS; i++) {
      // Alternate which page goes first, so drift within a round hits both alike.
      let host: HostRun;
      let bare: BareRun;
      if (i % 2) {
        host = await hostBoot(browser, server);
        bare = await bareBoot(browser, server);
      } else {
        bare = await bareBoot(browser, server);
        host = await hostBoot(browser, server);
      }
      hosts.push(host);
      bares.push(bare);
      console.log(
        `  round ${i}   host ${ms(host.boot)}   bare ${ms(bare.boot)}   ${(host.boot / bare.boot).toFixed(2)}×   (navigation → all Initialized ${ms(host.total)})`,
      );
    }
  } finally {
    await browser?.close();
    await server.close();
  }
  const hostBootMs = median(hosts.map((r) => r.boot));
  const bareBootMs = median(bares.map((r) => r.boot));
  const ratio = hostBootMs / bareBootMs;
  const ok = ratio <= RATIO_TARGET;
  missed ||= !ok;
  console.log(`  median    host ${ms(hostBootMs)}   loadManifest → all ${PLUGINS} Initialized`);
  console.log(`  median    bare ${ms(bareBootMs)}   ${PLUGINS} plain <script> elements → all loaded`);
  console.log(`  ratio     ${ratio.toFixed(2)}× the bare page   target ≤ ${RATIO_TARGET}×: ${ok ? 'ok' : 'MISSED'}`);
  console.log(
    `  median    ${ms(median(hosts.map((r) => r.total)))}  navigation start → all Initialized (host page; reported)`,
  );
  console.log(
    `  median    ${ms(median(hosts.map((r) => r.toStart)))}  navigation start → loadManifest (page and harness: React, the host)`,
  );
  console.log(`  median    ${ms(median(bares.map((r) => r.toStart)))}  navigation start → first script (bare page)`);

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
  console.error('boot.bench: gave up after 120 s');
  process.exit(2);
}, 120_000);
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
