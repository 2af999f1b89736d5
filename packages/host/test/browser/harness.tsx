/**
 * The page under test: a host with the default script loader (real `<script>` elements with
 * integrity and crossOrigin) and a small React shell with two slots, exposed as
 * `window.__sb` for tests to drive with `page.evaluate`. Bundled by buildHarness.ts.
 *
 * Query parameters: `timeout` (pluginTimeoutMs), `manifest` (a URL to load at once, timing
 * the boot into `__sb.boot`), `log` (console level; default silent).
 */
import { createHost, HostProvider, PluginStatusPanel, Slot, type LogLevel } from '@switchboard/host';
import * as React from 'react';
import * as ReactDOM from 'react-dom';
import { createRoot } from 'react-dom/client';
import type { ActionOwnership, BootTimes, Harness, HarnessSnapshot, ProbeResult } from './harnessTypes';

const params = new URLSearchParams(location.search);
const timeout = Number(params.get('timeout') ?? '') || undefined;
const logLevel = (params.get('log') ?? 'silent') as LogLevel | 'silent';

const observed = (window.__sbObserved ??= []);
window.__sbRan ??= [];
window.__sbLate ??= [];

const host = createHost({
  ...(timeout === undefined ? {} : { pluginTimeoutMs: timeout }),
  logLevel,
  modules: { react: React, 'react-dom': ReactDOM },
});

const logs: HarnessSnapshot['logs'] = [];
const transitions: HarnessSnapshot['transitions'] = [];
host.events.on('pluginStateChanged', (status) =>
  transitions.push({ id: status.id, state: status.state, at: performance.now() }),
);
const pluginErrors: HarnessSnapshot['pluginErrors'] = [];
host.events.on('log', (e) => logs.push({ level: e.level, source: e.source, message: e.message }));
host.events.on('pluginError', (r) =>
  pluginErrors.push({ plugin: r.plugin, source: r.source, message: String((r.error as Error)?.message ?? r.error) }),
);

const SLOTS = ['MainHeader.Right', 'AgentDesktop.Panel'] as const;

function Shell() {
  return (
    <HostProvider host={host}>
      <header id="sb-header">
        <h1 id="sb-title">Switchboard harness</h1>
        <div data-slot-region="MainHeader.Right">
          <Slot name="MainHeader.Right" />
        </div>
      </header>
      <main id="sb-main">
        <div data-slot-region="AgentDesktop.Panel">
          <Slot name="AgentDesktop.Panel" />
        </div>
        <p id="sb-static">The rest of the page</p>
      </main>
      <PluginStatusPanel />
    </HostProvider>
  );
}

const container = document.getElementById('root') ?? document.body.appendChild(document.createElement('div'));
const root = createRoot(container);
const ready = new Promise<void>((resolve) => {
  function Done() {
    React.useEffect(() => resolve(), []);
    return null;
  }
  root.render(
    <>
      <Shell />
      <Done />
    </>,
  );
});

const nullable = <T,>(v: T | undefined): T | null => (v === undefined ? null : v);

function snapshot(): HarnessSnapshot {
  const actions: ActionOwnership[] = host.actions.describe().map((d) => ({
    action: d.action,
    registered: d.registered,
    owners: [
      d.owner,
      ...d.registrations.map((r) => r.owner),
      ...d.replacements.map((r) => r.owner),
      ...d.before.map((r) => r.owner),
      ...d.after.map((r) => r.owner),
      ...d.blocks.map((b) => b.owner),
    ].map(nullable),
  }));
  const state = host.store.getState();
  return {
    plugins: host.plugins.list(),
    actions,
    contributions: host.contributions
      .describe()
      .map((c) => ({ slot: c.slot, kind: c.kind, key: c.key, owner: nullable(c.owner) })),
    resolved: SLOTS.flatMap((slot) =>
      host.contributions
        .resolve(slot, {})
        .map((r) => ({ slot, key: r.key, owner: nullable(r.owner), failure: nullable(r.failure) })),
    ),
    storeKeys: Object.keys(state),
    scripts: [...document.querySelectorAll<HTMLScriptElement>('script[data-switchboard-plugin]')].map((s) => ({
      plugin: s.dataset.switchboardPlugin ?? '',
      src: s.src,
    })),
    rendered: [...document.querySelectorAll<HTMLElement>('[data-plugin-content]')].map((el) => ({
      plugin: el.dataset.pluginContent ?? '',
      slot: el.closest<HTMLElement>('[data-slot-region]')?.dataset.slotRegion ?? '',
    })),
    notices: [...document.querySelectorAll<HTMLElement>('.sb-plugin-notice')].map((el) => ({
      plugin: el.dataset.plugin ?? null,
      slot: el.dataset.slot ?? null,
      text: el.textContent ?? '',
      reason: el.getAttribute('title'),
    })),
    statusRows: [...document.querySelectorAll<HTMLElement>('.sb-plugin-status tbody tr')].map((tr) => ({
      plugin: tr.dataset.plugin ?? '',
      state: tr.dataset.state ?? '',
    })),
    chromeRendered:
      document.getElementById('sb-title')?.textContent === 'Switchboard harness' &&
      document.getElementById('sb-static') !== null,
    ran: [...(window.__sbRan ?? [])],
    late: [...(window.__sbLate ?? [])],
    logs: [...logs],
    pluginErrors: [...pluginErrors],
    transitions: [...transitions],
  };
}

function pings(): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [key, value] of Object.entries(host.store.getState())) {
    const n = (value as { pings?: unknown } | null)?.pings;
    if (typeof n === 'number') out[key] = n;
  }
  return out;
}

async function probe(tag: string): Promise<ProbeResult> {
  const from = observed.length;
  const registration = host.actions.registerAction('Probe', (payload: unknown) => ({
    ok: true,
    tag: (payload as { tag?: unknown }).tag,
  }));
  let result: unknown = null;
  let error: string | null = null;
  try {
    result = await host.actions.invokeAction('Probe', { tag });
  } catch (e) {
    error = String((e as Error)?.message ?? e);
  } finally {
    registration.dispose();
  }
  const seen = observed
    .slice(from)
    .filter((o) => (o.payload as { tag?: unknown } | null)?.tag === tag)
    .map((o) => ({ plugin: o.plugin, phase: o.phase }));
  const before = pings();
  host.store.dispatch({ type: 'harness/ping' });
  const after = pings();
  const pingDelta: Record<string, number> = {};
  for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
    pingDelta[key] = (after[key] ?? 0) - (before[key] ?? 0);
  }
  return { result, error, seen, pingDelta };
}

const boot: BootTimes = { manifestStart: null, settled: null, states: {}, error: null };

const harness: Harness = {
  host,
  ready,
  boot,
  loadManifest: (url) => host.plugins.loadManifest(url),
  snapshot,
  probe,
};
window.__sb = harness;

const manifest = params.get('manifest');
if (manifest) {
  // As the agent desktop does: the shell is on screen first, then the plugins load (so the
  // boot measures the host's work, not React's first render of the page).
  void ready.then(() => {
    boot.manifestStart = performance.now();
    return host.plugins.loadManifest(manifest).then(
      (list) => {
        boot.settled = performance.now();
        for (const p of list) boot.states[p.id] = p.state;
      },
      (e: unknown) => {
        boot.settled = performance.now();
        boot.error = String((e as Error)?.message ?? e);
      },
    );
  });
}
