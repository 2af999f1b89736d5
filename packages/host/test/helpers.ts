/**
 * Test helpers: a fake bundle loader that behaves like a `<script>` element (asynchronous,
 * the bundle registers itself through window.Switchboard while it "runs"), and host setup.
 */
import {
  HostError,
  createHost,
  type Host,
  type HostOptions,
  type PluginLoader,
  type PluginStatus,
} from '@switchboard/host';
import type { DesktopTask, PluginApi, PluginDefinition, PluginRegistration } from '@switchboard/plugin';

/** What a fake bundle does when it is loaded. */
export type FakeBundle =
  | { plugin: PluginDefinition }
  | { http: number }
  | { throws: string }
  | { silent: true }
  | { registers: PluginDefinition[]; registration?: PluginRegistration }
  | { hangs: true };

export interface FakeLoader {
  loader: PluginLoader;
  /** `src` of every load, in call order. */
  loads: string[];
  /** Bundles currently loading (for concurrency checks). */
  inFlight: () => number;
  maxInFlight: () => number;
  /** Bundles whose `dispose` (script removal) ran, by src. */
  disposed: string[];
}

export const src = (name: string) => `https://cdn.test/${name}.js`;

/** A fake loader serving `bundles` by src, each after `delayMs`. */
export function fakeLoader(bundles: Record<string, FakeBundle>, delayMs = 5): FakeLoader {
  const loads: string[] = [];
  const disposed: string[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const loader: PluginLoader = async (entry, signal) => {
    loads.push(entry.src);
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    try {
      const bundle = bundles[entry.src];
      if (bundle && 'hangs' in bundle) {
        await new Promise((_, reject) => signal.addEventListener('abort', () => reject(signal.reason)));
      }
      await new Promise((r) => setTimeout(r, delayMs));
      if (!bundle || 'http' in bundle) {
        throw new HostError(
          'PLUGIN_LOAD_FAILED',
          `plugin "${entry.name}": GET ${entry.src} answered HTTP ${bundle?.http ?? 404}`,
          {
            owner: entry.name,
            kind: 'http',
          },
        );
      }
      if ('throws' in bundle) {
        throw new HostError(
          'PLUGIN_LOAD_FAILED',
          `plugin "${entry.name}": its bundle threw while running: ${bundle.throws}`,
          {
            owner: entry.name,
            kind: 'evaluation',
          },
        );
      }
      if ('plugin' in bundle) globalThis.Switchboard!.Plugins.init(bundle.plugin);
      if ('registers' in bundle)
        for (const p of bundle.registers) globalThis.Switchboard!.Plugins.init(p, bundle.registration);
      return { dispose: () => void disposed.push(entry.src) };
    } finally {
      inFlight--;
    }
  };
  return { loader, loads, inFlight: () => inFlight, maxInFlight: () => maxInFlight, disposed };
}

/** A manifest entry for `name` at `src(name)`. */
export const entry = (name: string, extra: Record<string, unknown> = {}) => ({
  name,
  version: '1.0.0',
  src: src(name),
  hostVersion: '>=0.1.0',
  ...extra,
});

/** A plugin's view name (view names are letters, digits, `-` and `_`). */
const viewName = (plugin: string) => `v-${plugin.replace(/[^\w-]/g, '-')}`;

/** A plugin that registers a bit of everything, so leaks would show. */
export function busyPlugin(name: string, extra?: (api: PluginApi) => void | Promise<void>): PluginDefinition {
  return {
    name,
    async init(api) {
      api.actions.addListener('beforePing', () => {});
      api.actions.addListener('afterPing', () => {});
      api.actions.registerAction(`${name}.Custom`, () => name);
      api.store.addReducer(name.replace(/\W/g, '_'), (s: number = 0) => s);
      api.contributions.add('MainHeader.Right', () => null, { key: name });
      api.notifications.register({ id: `${name}.Note`, content: name, timeout: 0 });
      api.notifications.show(`${name}.Note`);
      api.views.register({ name: viewName(name), label: name, component: () => null });
      api.strings.override({ [`${name}.Text`]: name });
      await extra?.(api);
    },
  };
}

export function makeHost(bundles: Record<string, FakeBundle>, options: HostOptions = {}) {
  const fake = fakeLoader(bundles);
  const host = createHost({ loader: fake.loader, logLevel: 'silent', pluginTimeoutMs: 200, ...options });
  // The host's own action, invoked end to end in tests.
  const pings: unknown[] = [];
  host.actions.registerAction('Ping', (p) => {
    pings.push(p);
    return 'pong';
  });
  return { host, fake, pings };
}

/** name → state (and error code) of every plugin. */
export const states = (host: Host) =>
  Object.fromEntries(
    host.plugins.list().map((p: PluginStatus) => [p.id, p.error ? `${p.state} ${p.error.code}` : p.state]),
  );

/**
 * Everything `owner` still has registered anywhere in the host (expected: nothing). The
 * notices the host leaves where a failed plugin's UI was are not residue.
 */
export function residue(host: Host, owner: string) {
  const actions = host.actions
    .describe()
    .flatMap((d) => [
      ...(d.owner === owner ? [`${d.action}: body`] : []),
      ...d.replacements.filter((r) => r.owner === owner).map(() => `${d.action}: replacement`),
      ...d.before.filter((r) => r.owner === owner).map(() => `${d.action}: before`),
      ...d.after.filter((r) => r.owner === owner).map(() => `${d.action}: after`),
      ...d.blocks.filter((r) => r.owner === owner).map(() => `${d.action}: block`),
    ]);
  const contributions = host.contributions
    .describe()
    .filter((c) => c.owner === owner && !c.failed)
    .map((c) => `${c.slot}: ${c.kind} ${c.key}`);
  const state = Object.keys(host.store.getState()).filter((k) => k === owner.replace(/\W/g, '_'));
  const ui = [
    ...host.notifications
      .list()
      .filter((n) => n.owner === owner)
      .map((n) => `notification ${n.id}`),
    ...host.notifications
      .shown()
      .filter((n) => n.owner === owner)
      .map((n) => `shown ${n.id}`),
    ...host.views
      .list()
      .filter((v) => v.owner === owner)
      .map((v) => `view ${v.name}`),
    ...(host.strings.template(`${owner}.Text`) === undefined ? [] : [`string ${owner}.Text`]),
  ];
  return { actions, contributions, state, ui };
}

export const NO_RESIDUE = { actions: [], contributions: [], state: [], ui: [] };

/** A task as the desktop keeps it, for slot props; `fields` override the defaults. */
export const desktopTask = (fields: Partial<DesktopTask> = {}): DesktopTask => ({
  sid: 'WR1',
  taskSid: 'WT1',
  status: 'accepted',
  taskStatus: 'assigned',
  channel: 'chat',
  channelSid: 'CH1',
  customerName: 'Ada',
  attributes: {},
  workerSid: 'WK1',
  createdAt: 0,
  updatedAt: 0,
  expiresAt: null,
  ...fields,
});
