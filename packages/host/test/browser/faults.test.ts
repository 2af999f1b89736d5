/**
 * Fault injection in real headless Chromium: a manifest of healthy plugins plus one faulty
 * plugin, loaded by the default script loader (`<script>` with SRI and crossOrigin). For each
 * fault: every other plugin is Initialized, the host still runs an action end to end, the
 * faulty plugin is Failed (or NotStarted after unload) with an error naming it, and nothing
 * of it is left behind.
 *
 * Runs in Node (test environment `node`) and drives the browser: one Chromium per file, a
 * fresh browser context per test, one static server with a path prefix per test.
 */
import type { HostErrorCode, LoadFailureKind, PluginStatus } from '@switchboard/host';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { buildHarness, harnessPage } from './buildHarness';
import { launchChromium, settled } from '../../../../scripts/testing/browser';
import type { HarnessSnapshot, ProbeResult } from './harnessTypes';
import { pluginBundle, sri, type PluginBundleOptions } from './pluginBundles';
import { startStaticServer, type ServedFile, type StaticServer } from './staticServer';

jest.setTimeout(30_000);

const HEALTHY = ['alpha', 'bravo', 'charlie'] as const;
const FAULTY = 'faulty';
/** The plugin timeout of most tests: generous, so a slow machine does not fail them. */
const TIMEOUT_MS = 5_000;
/** The plugin timeout of the tests about timeouts: short, so they stay fast. */
const SHORT_TIMEOUT_MS = 800;

/** The page's origin: the harness, its page, the manifests, same-origin bundles. */
let server: StaticServer;
/** Another origin, for cross-origin bundles. */
let cdn: StaticServer;
let browser: Browser;
let context: BrowserContext | undefined;
let runs = 0;

beforeAll(async () => {
  // Everything settles before a failure is thrown, so afterAll can close what did start.
  const [, , js] = await settled([
    startStaticServer().then((s) => (server = s)),
    startStaticServer().then((s) => (cdn = s)),
    buildHarness(),
    launchChromium().then((b) => (browser = b)),
  ]);
  server.set('/harness.js', js);
  server.set('/index.html', harnessPage('/harness.js'));
});

afterEach(async () => {
  await context?.close();
  context = undefined;
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await cdn?.close();
});

// ---- scenario setup ------------------------------------------------------------------------

/** One manifest entry and what the server answers for its bundle. */
interface PluginSetup {
  name: string;
  /** The generated bundle; default a healthy bundle of `name`. */
  bundle?: PluginBundleOptions;
  /** Serve this instead of the generated bundle (a 404, a hang, a tampered body). */
  served?: ServedFile;
  /** The bundle's file name. Default `<name>.js`. */
  file?: string;
  /** The manifest's integrity: default the generated bundle's sha384; `null`: none. */
  integrity?: string | null;
  /** Other manifest fields. */
  entry?: { hostVersion?: string; phase?: number };
}

interface Run {
  page: Page;
  manifestUrl: string;
  /** Errors the page did not catch (bundles that throw or do not parse). */
  pageErrors: string[];
  /** Requests received for one of this run's bundle files. */
  requestsFor(file: string): number;
  /** Changes what the server answers for one of this run's bundle files. */
  serve(file: string, served: ServedFile): void;
}

const healthy = (extra: Partial<Record<(typeof HEALTHY)[number], Partial<PluginBundleOptions>>> = {}): PluginSetup[] =>
  HEALTHY.map((name) => ({ name, bundle: { name, ...extra[name] } }));

interface SetupOptions {
  /** The host's pluginTimeoutMs. */
  timeoutMs?: number;
  /** Serve the bundles from another origin (a CDN), as absolute URLs in the manifest. */
  crossOrigin?: boolean;
}

/** Serves the bundles and a manifest under a fresh prefix, and opens the harness in a fresh context. */
async function setup(
  plugins: PluginSetup[],
  { timeoutMs = TIMEOUT_MS, crossOrigin = false }: SetupOptions = {},
): Promise<Run> {
  const prefix = `/run${++runs}`;
  const bundles = crossOrigin ? cdn : server;
  const entries = plugins.map((p) => {
    const file = p.file ?? `${p.name}.js`;
    const body = pluginBundle(p.bundle ?? { name: p.name });
    bundles.set(`${prefix}/${file}`, p.served ?? body);
    const integrity = p.integrity === undefined ? sri(body) : p.integrity;
    return {
      name: p.name,
      version: '1.0.0',
      // Same origin: relative, resolved against the manifest's URL.
      src: crossOrigin ? cdn.url(`${prefix}/${file}`) : file,
      hostVersion: '*',
      ...(integrity === null ? {} : { integrity }),
      ...p.entry,
    };
  });
  const manifestUrl = `${prefix}/plugins.json`;
  server.set(manifestUrl, JSON.stringify({ plugins: entries }, null, 2));

  context = await browser.newContext();
  context.setDefaultTimeout(10_000); // every wait is bounded, well within the test's timeout
  const page = await context.newPage();
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await page.goto(server.url(`/index.html?timeout=${timeoutMs}`));
  await page.waitForFunction(() => window.__sb !== undefined, undefined, { timeout: 10_000 });
  await page.evaluate(() => window.__sb!.ready);
  return {
    page,
    manifestUrl,
    pageErrors,
    requestsFor: (file) => bundles.requests.filter((r) => r.path === `${prefix}/${file}`).length,
    serve: (file, served) => bundles.set(`${prefix}/${file}`, served),
  };
}

const load = (run: Run): Promise<PluginStatus[]> =>
  run.page.evaluate((url) => window.__sb!.loadManifest(url), run.manifestUrl);

/** A snapshot after React has committed what is pending. */
async function snapshot(page: Page): Promise<HarnessSnapshot> {
  return page.evaluate(async () => {
    await new Promise<void>((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
    return window.__sb!.snapshot();
  });
}

const probe = (page: Page, tag: string): Promise<ProbeResult> => page.evaluate((t) => window.__sb!.probe(t), tag);

const stateOf = (page: Page, id: string) => page.evaluate((i) => window.__sb!.host.plugins.get(i)?.state ?? null, id);

/** Polls a condition in Node (bounded). */
async function waitFor(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > until) throw new Error('waitFor: timed out');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

async function waitForState(page: Page, id: string, state: PluginStatus['state']): Promise<void> {
  await page.waitForFunction(([i, s]) => window.__sb!.host.plugins.get(i)?.state === s, [id, state] as const, {
    timeout: 10_000,
  });
}

// ---- assertions ----------------------------------------------------------------------------

/** What must hold for the faulty plugin. */
interface Expected {
  /** Its id (`name`, or `name#index` for an entry the host could not use). Default `faulty`. */
  id?: string;
  state: 'Failed' | 'NotStarted';
  code?: HostErrorCode;
  kind?: LoadFailureKind;
  /** More the message must say (besides the plugin's name). */
  message?: RegExp;
  /** How many failure notices the host leaves in slots (one per contribution it had). */
  notices: number;
}

/** The healthy plugins are Initialized and everything of theirs is in place. */
function expectHealthy(snap: HarnessSnapshot, names: readonly string[] = HEALTHY): void {
  for (const name of names) {
    expect(snap.plugins.find((p) => p.id === name)).toMatchObject({ name, state: 'Initialized' });
    expect(snap.plugins.find((p) => p.id === name)?.error).toBeUndefined();
    expect(snap.scripts.filter((s) => s.plugin === name)).toHaveLength(1);
    expect(snap.actions.find((a) => a.action === `Hello:${name}`)).toMatchObject({
      registered: true,
      owners: [name, name],
    });
    expect(snap.storeKeys).toContain(name);
    expect(snap.rendered).toContainEqual({ plugin: name, slot: 'AgentDesktop.Panel' });
    expect(snap.statusRows).toContainEqual({ plugin: name, state: 'Initialized' });
  }
  expect(snap.chromeRendered).toBe(true);
}

/** The faulty plugin's status, and that nothing of it is left but the notices. */
function expectContained(snap: HarnessSnapshot, expected: Expected): void {
  const id = expected.id ?? FAULTY;
  const status = snap.plugins.find((p) => p.id === id);
  expect(status?.state).toBe(expected.state);
  if (expected.state === 'Failed') {
    expect(status?.error).toEqual({
      code: expected.code,
      message: expect.stringContaining(`"${FAULTY}"`),
      ...(expected.kind === undefined ? {} : { kind: expected.kind }),
    });
    if (expected.message) expect(status?.error?.message).toMatch(expected.message);
    expect(snap.statusRows).toContainEqual({ plugin: id, state: 'Failed' });
  } else {
    expect(status?.error).toBeUndefined();
  }

  // No script element, no action registration, no store namespace, no rendered UI.
  expect(snap.scripts.filter((s) => s.plugin === FAULTY)).toEqual([]);
  expect(snap.actions.filter((a) => a.owners.includes(FAULTY))).toEqual([]);
  expect(snap.storeKeys.filter((k) => k.startsWith(FAULTY))).toEqual([]);
  expect(snap.rendered.filter((r) => r.plugin === FAULTY)).toEqual([]);

  // Its contributions are gone, except the notices the host leaves in their place.
  const owned = snap.contributions.filter((c) => c.owner === FAULTY);
  expect(owned).toHaveLength(expected.notices);
  expect(owned.every((c) => c.kind === 'add' && c.key === FAULTY)).toBe(true);
  const resolved = snap.resolved.filter((r) => r.owner === FAULTY);
  expect(resolved).toHaveLength(expected.notices);
  for (const r of resolved) expect(r.failure).toContain(`"${FAULTY}"`);
  const notices = snap.notices.filter((n) => n.plugin === FAULTY);
  expect(notices).toHaveLength(expected.notices);
  for (const n of notices) {
    expect(n).toMatchObject({ slot: 'AgentDesktop.Panel', text: `Plugin “${FAULTY}” failed.` });
    expect(n.reason).toContain(`"${FAULTY}"`);
  }
  // Only the faulty plugin's UI failed.
  expect(snap.notices.filter((n) => n.plugin !== FAULTY)).toEqual([]);
}

/** The host still runs an action end to end, and only healthy plugins take part. */
async function expectUsable(
  page: Page,
  names: readonly string[] = HEALTHY,
  absent: string | null = FAULTY,
): Promise<void> {
  const tag = `after-fault-${Math.random().toString(36).slice(2)}`;
  const result = await probe(page, tag);
  expect(result.error).toBeNull();
  expect(result.result).toEqual({ ok: true, tag });
  expect([...result.seen].sort((a, b) => a.plugin.localeCompare(b.plugin) || a.phase.localeCompare(b.phase))).toEqual(
    [...names].sort().flatMap((plugin) => [
      { plugin, phase: 'after' },
      { plugin, phase: 'before' },
    ]),
  );
  for (const name of names) expect(result.pingDelta[name]).toBe(1);
  if (absent !== null) expect(Object.keys(result.pingDelta).filter((k) => k.startsWith(absent))).toEqual([]);
  // A healthy plugin's own action, invoked from the page.
  await expect(page.evaluate(() => window.__sb!.host.actions.invokeAction('Hello:alpha'))).resolves.toBe(
    'hello from alpha',
  );
}

/** Everything of a healthy, running faulty-to-be plugin is in place (so the leak checks can fail). */
function expectPresent(snap: HarnessSnapshot, name: string): void {
  expect(snap.plugins.find((p) => p.id === name)?.state).toBe('Initialized');
  expect(snap.scripts.filter((s) => s.plugin === name)).toHaveLength(1);
  expect(snap.actions.filter((a) => a.owners.includes(name)).length).toBeGreaterThan(0);
  expect(snap.storeKeys).toContain(name);
  expect(snap.contributions.filter((c) => c.owner === name)).toHaveLength(1);
}

async function expectAllContained(run: Run, expected: Expected): Promise<void> {
  const snap = await snapshot(run.page);
  expectHealthy(snap);
  expectContained(snap, expected);
  await expectUsable(run.page);
  // Running the action changed nothing about the faulty plugin.
  expectContained(await snapshot(run.page), expected);
}

// ---- load faults ---------------------------------------------------------------------------

describe('a faulty plugin among healthy ones, in Chromium', () => {
  test('its bundle 404s', async () => {
    const run = await setup([...healthy(), { name: FAULTY, served: { status: 404, body: 'gone' } }]);
    await load(run);
    await expectAllContained(run, {
      state: 'Failed',
      code: 'PLUGIN_LOAD_FAILED',
      kind: 'http',
      message: /HTTP 404/,
      notices: 0,
    });
    expect(run.requestsFor(`${FAULTY}.js`)).toBeGreaterThanOrEqual(1);
    expect((await snapshot(run.page)).ran).not.toContain(FAULTY);
  });

  test('its bundle fails SRI (integrity mismatch)', async () => {
    const genuine = pluginBundle({ name: FAULTY });
    const tampered = `${genuine}\nwindow.__tampered = true;\n`;
    const run = await setup([...healthy(), { name: FAULTY, served: { body: tampered }, integrity: sri(genuine) }]);
    await load(run);
    await expectAllContained(run, {
      state: 'Failed',
      code: 'PLUGIN_LOAD_FAILED',
      kind: 'integrity',
      message: /integrity check failed/,
      notices: 0,
    });
    // The browser refused to run it.
    expect((await snapshot(run.page)).ran).not.toContain(FAULTY);
    expect(await run.page.evaluate(() => (window as { __tampered?: boolean }).__tampered ?? false)).toBe(false);
  });

  test('its bundle has a syntax error', async () => {
    const run = await setup([...healthy(), { name: FAULTY, bundle: { name: FAULTY, fault: 'syntax-error' } }]);
    await load(run);
    await expectAllContained(run, {
      state: 'Failed',
      code: 'PLUGIN_LOAD_FAILED',
      kind: 'evaluation',
      message: /threw while running: .*(Unexpected|SyntaxError)/,
      notices: 0,
    });
    expect((await snapshot(run.page)).ran).not.toContain(FAULTY); // it never parsed
  });

  test('its bundle throws while running', async () => {
    const run = await setup([...healthy(), { name: FAULTY, bundle: { name: FAULTY, fault: 'throw-on-run' } }]);
    await load(run);
    await expectAllContained(run, {
      state: 'Failed',
      code: 'PLUGIN_LOAD_FAILED',
      kind: 'evaluation',
      message: /threw while running: bundle exploded while running/,
      notices: 0,
    });
    expect((await snapshot(run.page)).ran).toContain(FAULTY);
    expect(run.pageErrors).toEqual([expect.stringContaining('bundle exploded while running')]);
  });

  test('its bundle never calls registration', async () => {
    const run = await setup([...healthy(), { name: FAULTY, bundle: { name: FAULTY, fault: 'never-register' } }]);
    await load(run);
    await expectAllContained(run, {
      state: 'Failed',
      code: 'PLUGIN_NOT_REGISTERED',
      message: /never registered/,
      notices: 0,
    });
    expect((await snapshot(run.page)).ran).toContain(FAULTY);
  });

  test('its bundle never answers (load timeout)', async () => {
    const run = await setup([...healthy(), { name: FAULTY, served: { body: '', hang: true } }], {
      timeoutMs: SHORT_TIMEOUT_MS,
    });
    await load(run);
    await expectAllContained(run, {
      state: 'Failed',
      code: 'PLUGIN_LOAD_FAILED',
      kind: 'timeout',
      message: new RegExp(`did not load within ${SHORT_TIMEOUT_MS} ms`),
      notices: 0,
    });
  });

  // ---- init faults -------------------------------------------------------------------------

  test('its init throws', async () => {
    const run = await setup([...healthy(), { name: FAULTY, bundle: { name: FAULTY, fault: 'init-throws' } }]);
    await load(run);
    await expectAllContained(run, {
      state: 'Failed',
      code: 'PLUGIN_INIT_FAILED',
      message: /init failed: init exploded/,
      notices: 1,
    });
  });

  test('its init rejects', async () => {
    const run = await setup([...healthy(), { name: FAULTY, bundle: { name: FAULTY, fault: 'init-rejects' } }]);
    await load(run);
    await expectAllContained(run, {
      state: 'Failed',
      code: 'PLUGIN_INIT_FAILED',
      message: /init failed: init rejected/,
      notices: 1,
    });
  });

  test('its init never resolves (timeout), and what it registers later is refused', async () => {
    const run = await setup(
      [
        ...healthy(),
        { name: FAULTY, bundle: { name: FAULTY, fault: 'init-hangs', lateRegistrationMs: SHORT_TIMEOUT_MS + 300 } },
      ],
      { timeoutMs: SHORT_TIMEOUT_MS },
    );
    const started = Date.now();
    const list = await load(run);
    expect(Date.now() - started).toBeGreaterThanOrEqual(SHORT_TIMEOUT_MS - 50);
    expect(list.find((p) => p.id === FAULTY)?.state).toBe('Failed');
    // Its init goes on running after the timeout and tries to register more.
    await run.page.waitForFunction((name) => window.__sbLate?.includes(name) === true, FAULTY, { timeout: 10_000 });
    await expectAllContained(run, {
      state: 'Failed',
      code: 'PLUGIN_INIT_TIMEOUT',
      message: new RegExp(`init did not finish within ${SHORT_TIMEOUT_MS} ms`),
      notices: 1,
    });
    const snap = await snapshot(run.page);
    expect(snap.contributions.filter((c) => c.key === `${FAULTY}-late`)).toEqual([]);
    expect(snap.actions.filter((a) => a.action === `Late:${FAULTY}`)).toEqual([]);
  });

  // ---- manifest faults ---------------------------------------------------------------------

  test('its name duplicates another entry', async () => {
    // The fourth entry reuses the name "alpha" (with its own bundle): the first one wins.
    const run = await setup([...healthy(), { name: 'alpha', file: 'alpha-duplicate.js', bundle: { name: 'alpha' } }]);
    const list = await load(run);
    expect(list.map((p) => p.id)).toEqual([...HEALTHY, 'alpha#3']);
    const snap = await snapshot(run.page);
    expectHealthy(snap);
    const duplicate = snap.plugins.find((p) => p.id === 'alpha#3');
    expect(duplicate).toMatchObject({ name: 'alpha', state: 'Failed' });
    expect(duplicate?.error).toEqual({ code: 'PLUGIN_DUPLICATE', message: expect.stringContaining('"alpha"') });
    expect(snap.statusRows).toContainEqual({ plugin: 'alpha#3', state: 'Failed' });
    // The duplicate's bundle was never fetched, so nothing of it exists; the first "alpha" is whole.
    expect(run.requestsFor('alpha-duplicate.js')).toBe(0);
    expect(run.requestsFor('alpha.js')).toBe(1);
    expect(snap.ran.filter((n) => n === 'alpha')).toHaveLength(1);
    expect(snap.scripts.filter((s) => s.plugin === 'alpha')).toEqual([
      { plugin: 'alpha', src: expect.stringMatching(/\/alpha\.js$/) },
    ]);
    expect(snap.contributions.filter((c) => c.owner === 'alpha')).toEqual([
      { slot: 'AgentDesktop.Panel', kind: 'add', key: 'alpha', owner: 'alpha' },
    ]);
    expect(snap.notices).toEqual([]);
    await expectUsable(run.page);
  });

  test('it needs another host version', async () => {
    const run = await setup([...healthy(), { name: FAULTY, entry: { hostVersion: '>=2.0.0' } }]);
    await load(run);
    await expectAllContained(run, {
      state: 'Failed',
      code: 'PLUGIN_HOST_VERSION',
      message: /needs host >=2\.0\.0; this host is 0\.1\.0/,
      notices: 0,
    });
    expect(run.requestsFor(`${FAULTY}.js`)).toBe(0); // not even fetched
  });

  // ---- runtime faults ----------------------------------------------------------------------

  test('it throws while rendering: a notice takes its place and the page goes on', async () => {
    const run = await setup([...healthy(), { name: FAULTY, bundle: { name: FAULTY, fault: 'render-throws' } }]);
    await load(run);
    await waitForState(run.page, FAULTY, 'Failed');
    await expectAllContained(run, {
      state: 'Failed',
      code: 'PLUGIN_RUNTIME_ERROR',
      message: /failed in its render: render exploded/,
      notices: 1,
    });
    const snap = await snapshot(run.page);
    expect(snap.pluginErrors).toContainEqual({ plugin: FAULTY, source: 'render', message: 'render exploded' });
    // The notice sits where its contribution was, between the healthy ones.
    const text = await run.page.locator('[data-slot-region="AgentDesktop.Panel"]').innerText();
    expect(text.split('\n').filter(Boolean)).toEqual([
      'Content of alpha',
      'Content of bravo',
      'Content of charlie',
      `Plugin “${FAULTY}” failed.`,
    ]);
    await expect(run.page.locator('#sb-static').innerText()).resolves.toBe('The rest of the page');
  });

  test('it has a listener that throws', async () => {
    const run = await setup([...healthy(), { name: FAULTY, bundle: { name: FAULTY, fault: 'listener-throws' } }]);
    await load(run);
    expectPresent(await snapshot(run.page), FAULTY);
    // The invocation that meets the throwing listener still completes, for everyone else too.
    const first = await probe(run.page, 'trigger');
    expect(first.error).toBeNull();
    expect(first.result).toEqual({ ok: true, tag: 'trigger' });
    for (const name of HEALTHY) {
      expect(first.seen).toContainEqual({ plugin: name, phase: 'before' });
      expect(first.seen).toContainEqual({ plugin: name, phase: 'after' });
    }
    await waitForState(run.page, FAULTY, 'Failed');
    await expectAllContained(run, {
      state: 'Failed',
      code: 'PLUGIN_RUNTIME_ERROR',
      message: /failed in its listener: listener exploded/,
      notices: 1,
    });
  });

  test('it has a reducer that throws', async () => {
    const run = await setup([...healthy(), { name: FAULTY, bundle: { name: FAULTY, fault: 'reducer-throws' } }]);
    await load(run);
    expectPresent(await snapshot(run.page), FAULTY);
    const before = await run.page.evaluate(() => window.__sb!.host.store.getState());
    await run.page.evaluate(() => void window.__sb!.host.store.dispatch({ type: 'harness/boom' }));
    await waitForState(run.page, FAULTY, 'Failed');
    await expectAllContained(run, {
      state: 'Failed',
      code: 'PLUGIN_RUNTIME_ERROR',
      message: /failed in its reducer: reducer exploded/,
      notices: 1,
    });
    // The other namespaces kept their state through the failing dispatch.
    const after = await run.page.evaluate(() => window.__sb!.host.store.getState());
    for (const name of HEALTHY)
      expect((after[name] as { pings: number }).pings).toBe((before[name] as { pings: number }).pings + 1);
  });

  test('it is unloaded mid-session while others keep running', async () => {
    const run = await setup([...healthy({ charlie: { initDelayMs: 1_500 } }), { name: FAULTY }]);
    const loading = load(run);
    await waitForState(run.page, FAULTY, 'Initialized');
    const during = await snapshot(run.page);
    expectPresent(during, FAULTY);
    expect(during.plugins.find((p) => p.id === 'charlie')?.state).toBe('Initializing');
    expect(during.rendered).toContainEqual({ plugin: FAULTY, slot: 'AgentDesktop.Panel' });

    await run.page.evaluate((name) => window.__sb!.host.plugins.unload(name), FAULTY);
    expect(await stateOf(run.page, 'charlie')).toBe('Initializing');
    const list = await loading;
    expect(list.map((p) => [p.id, p.state])).toEqual([
      ...HEALTHY.map((n) => [n, 'Initialized']),
      [FAULTY, 'NotStarted'],
    ]);
    await expectAllContained(run, { state: 'NotStarted', notices: 0 });
    const snap = await snapshot(run.page);
    expect(snap.logs).toContainEqual({ level: 'info', source: 'host', message: `plugin "${FAULTY}" unloaded` });
  });
});

describe('when plugins start, in Chromium', () => {
  test('a bundle whose server never answers holds back only itself', async () => {
    const run = await setup(
      [{ name: 'alpha' }, { name: FAULTY, served: { body: '', hang: true } }, { name: 'bravo' }, { name: 'charlie' }],
      { timeoutMs: 3_000 },
    );
    const loading = load(run);
    await run.page.waitForFunction(
      (names) => names.every((n) => window.__sb!.host.plugins.get(n)?.state === 'Initialized'),
      HEALTHY as unknown as string[],
      { timeout: 10_000 },
    );
    const during = await snapshot(run.page);
    // The unreachable bundle is still on its way; nobody waited for it.
    expect(during.plugins.find((p) => p.id === FAULTY)?.state).toBe('NotStarted');
    for (const name of HEALTHY) {
      const at = (state: string) => during.transitions.find((t) => t.id === name && t.state === state)?.at;
      expect(at('Loaded')).toBeDefined();
      // Initialized within ~100 ms of its own load, long before the other bundle times out.
      expect(at('Initialized')! - at('Loaded')!).toBeLessThan(100);
    }
    expectHealthy(during);
    const list = await loading;
    expect(list.find((p) => p.id === FAULTY)?.error).toMatchObject({ code: 'PLUGIN_LOAD_FAILED', kind: 'timeout' });
    await expectUsable(run.page);
  });
});

describe('loading races and cross-origin bundles, in Chromium', () => {
  test('its bundle arrives after the load timeout: it runs, and is ignored', async () => {
    const run = await setup(
      [
        ...healthy(),
        { name: FAULTY, served: { body: pluginBundle({ name: FAULTY }), delayMs: SHORT_TIMEOUT_MS + 300 } },
      ],
      {
        timeoutMs: SHORT_TIMEOUT_MS,
      },
    );
    await load(run);
    expect(await stateOf(run.page, FAULTY)).toBe('Failed');
    // The browser still runs a script whose element was removed once it arrives.
    await run.page.waitForFunction((name) => window.__sbRan?.includes(name) === true, FAULTY, { timeout: 10_000 });
    await expectAllContained(run, {
      state: 'Failed',
      code: 'PLUGIN_LOAD_FAILED',
      kind: 'timeout',
      message: new RegExp(`did not load within ${SHORT_TIMEOUT_MS} ms`),
      notices: 0,
    });
  });

  test('it is reloaded while the bundle of its timed-out attempt is still on its way', async () => {
    // A slow CDN: the response has started, its body is late.
    const body = pluginBundle({ name: FAULTY });
    let release = () => {};
    const arrived = new Promise<void>((resolve) => (release = resolve));
    const run = await setup([...healthy(), { name: FAULTY, served: { body, gate: arrived } }], { timeoutMs: 1_500 });
    await load(run);
    expect(await run.page.evaluate((name) => window.__sb!.host.plugins.get(name)?.error?.kind, FAULTY)).toBe('timeout');

    // Retry while the first attempt's bundle is still on its way. Chromium serves both script
    // elements from that one response, and runs the abandoned one too, in either order.
    const reloading = run.page.evaluate((name) => window.__sb!.host.plugins.reload(name), FAULTY);
    await run.page.waitForFunction(
      (name) => document.querySelector(`script[data-switchboard-plugin="${name}"]`) !== null,
      FAULTY,
    );
    release();
    const status = await reloading;

    expect(status).toMatchObject({ id: FAULTY, state: 'Initialized' });
    expect(status.error).toBeUndefined();
    const snap = await snapshot(run.page);
    expect(snap.ran.filter((n) => n === FAULTY)).toHaveLength(2);
    expect(snap.logs).toContainEqual({
      level: 'warn',
      source: 'host',
      message: `plugin "${FAULTY}": a bundle of an abandoned load attempt ran late; ignored`,
    });
    expectHealthy(snap, [...HEALTHY, FAULTY]);
    await expectUsable(run.page, [...HEALTHY, FAULTY], null);
  });

  test('it is unloaded while its bundle is still loading', async () => {
    let release = () => {};
    const arrived = new Promise<void>((resolve) => (release = resolve));
    const run = await setup([
      ...healthy(),
      { name: FAULTY, served: { body: pluginBundle({ name: FAULTY }), gate: arrived } },
    ]);
    const loading = load(run);
    await waitFor(() => run.requestsFor(`${FAULTY}.js`) === 1);
    expect((await snapshot(run.page)).scripts.filter((s) => s.plugin === FAULTY)).toHaveLength(1);

    await run.page.evaluate((name) => window.__sb!.host.plugins.unload(name), FAULTY);
    // Unloading removes its script at once, not when the bundle arrives.
    expect((await snapshot(run.page)).scripts.filter((s) => s.plugin === FAULTY)).toEqual([]);
    expect(await stateOf(run.page, FAULTY)).toBe('NotStarted');

    release();
    const list = await loading;
    expect(list.map((p) => [p.id, p.state])).toEqual([
      ...HEALTHY.map((n) => [n, 'Initialized']),
      [FAULTY, 'NotStarted'],
    ]);
    // The browser still runs the removed script when it arrives; the host ignores it.
    await run.page.waitForFunction((name) => window.__sbRan?.includes(name) === true, FAULTY, { timeout: 10_000 });
    await expectAllContained(run, { state: 'NotStarted', notices: 0 });
    expect((await snapshot(run.page)).logs).toContainEqual({
      level: 'warn',
      source: 'host',
      message: `plugin "${FAULTY}": a bundle of an abandoned load attempt ran late; ignored`,
    });
  });

  test('it is reloaded again while its bundle is loading, round after round', async () => {
    const body = pluginBundle({ name: FAULTY });
    const run = await setup([...healthy(), { name: FAULTY }]);
    await load(run);
    for (let round = 1; round <= 4; round++) {
      let release = () => {};
      run.serve(`${FAULTY}.js`, { body, gate: new Promise<void>((resolve) => (release = resolve)) });
      const first = run.page.evaluate((name) => window.__sb!.host.plugins.reload(name), FAULTY);
      await waitFor(() => run.requestsFor(`${FAULTY}.js`) === round + 1);
      // Reload again before the bundle arrived: the first attempt is abandoned mid-load, and
      // its script goes at once.
      const second = run.page.evaluate((name) => window.__sb!.host.plugins.reload(name), FAULTY);
      await run.page.waitForFunction((name) => window.__sb!.host.plugins.get(name)?.state === 'NotStarted', FAULTY, {
        timeout: 5_000,
      });
      expect((await snapshot(run.page)).scripts.filter((s) => s.plugin === FAULTY)).toHaveLength(1);
      release();
      await Promise.all([first, second]);
      await waitForState(run.page, FAULTY, 'Initialized');
      const snap = await snapshot(run.page);
      expect(snap.plugins.find((p) => p.id === FAULTY)?.error).toBeUndefined();
      expect(snap.scripts.filter((s) => s.plugin === FAULTY)).toHaveLength(1);
      // Initialized once: one registration of its action, one contribution.
      expect(snap.actions.find((a) => a.action === `Hello:${FAULTY}`)?.owners).toEqual([FAULTY, FAULTY]);
      expect(snap.contributions.filter((c) => c.owner === FAULTY)).toHaveLength(1);
    }
    const snap = await snapshot(run.page);
    expectHealthy(snap, [...HEALTHY, FAULTY]);
    await expectUsable(run.page, [...HEALTHY, FAULTY], null);
  });

  test('a cross-origin bundle that throws while running is classified, not muted', async () => {
    const run = await setup([...healthy(), { name: FAULTY, bundle: { name: FAULTY, fault: 'throw-on-run' } }], {
      crossOrigin: true,
    });
    await load(run);
    await expectAllContained(run, {
      state: 'Failed',
      code: 'PLUGIN_LOAD_FAILED',
      kind: 'evaluation',
      message: /threw while running: bundle exploded while running/,
      notices: 0,
    });
    const snap = await snapshot(run.page);
    for (const s of snap.scripts) expect(s.src.startsWith(cdn.origin)).toBe(true);
  });

  test('a cross-origin bundle served without CORS headers', async () => {
    const run = await setup(
      [...healthy(), { name: FAULTY, served: { body: pluginBundle({ name: FAULTY }), cors: false } }],
      {
        crossOrigin: true,
      },
    );
    await load(run);
    await expectAllContained(run, {
      state: 'Failed',
      code: 'PLUGIN_LOAD_FAILED',
      kind: 'network',
      message: /network error/,
      notices: 0,
    });
    // The reason is the missing header, and the message says so (not a generic network error).
    const { plugins } = await snapshot(run.page);
    expect(plugins.find((p) => p.id === FAULTY)?.error?.message).toMatch(
      /answered without an Access-Control-Allow-Origin header allowing http:\/\/127\.0\.0\.1:\d+; a bundle on another origin needs one/,
    );
    expect((await snapshot(run.page)).ran).not.toContain(FAULTY); // crossOrigin="anonymous": the browser refused it
  });
});
