/**
 * What the browser harness (harness.tsx) exposes as `window.__sb`, and the page globals the
 * generated plugin bundles write to. Types only: shared by the harness, the tests and the
 * benchmark.
 */
import type { Host, PluginStatus } from '@switchboard/host';

/** A generated plugin's listener saw an action (pushed to `window.__sbObserved`). */
export interface Observation {
  plugin: string;
  phase: 'before' | 'after' | 'late';
  action: string;
  payload: unknown;
}

/** One action of `host.actions.describe()`, reduced to who owns what. */
export interface ActionOwnership {
  action: string;
  registered: boolean;
  /** Owners of every registration, replacement, listener and block of the action. */
  owners: Array<string | null>;
}

/** A contribution a slot resolves to (`host.contributions.resolve(slot, {})`). */
export interface ResolvedItem {
  slot: string;
  key: string;
  owner: string | null;
  /** Set for the notice the host leaves where a failed plugin's contribution was. */
  failure: string | null;
}

/** Everything a test checks for leaks and health, serializable. */
export interface HarnessSnapshot {
  plugins: PluginStatus[];
  actions: ActionOwnership[];
  /** `host.contributions.describe()`. */
  contributions: Array<{ slot: string; kind: string; key: string; owner: string | null }>;
  resolved: ResolvedItem[];
  /** Top-level keys of the store's state. */
  storeKeys: string[];
  /** The `<script data-switchboard-plugin>` elements in the document. */
  scripts: Array<{ plugin: string; src: string }>;
  /** Rendered plugin content (`[data-plugin-content]`). */
  rendered: Array<{ plugin: string; slot: string }>;
  /** Rendered host notices (`.sb-plugin-notice`). */
  notices: Array<{ plugin: string | null; slot: string | null; text: string; reason: string | null }>;
  /** Rows of the plugin status panel. */
  statusRows: Array<{ plugin: string; state: string }>;
  /** The harness's own markup still renders. */
  chromeRendered: boolean;
  /** Plugin bundles that started running (`window.__sbRan`). */
  ran: string[];
  /** Plugins whose late registration attempt has run (`window.__sbLate`). */
  late: string[];
  logs: Array<{ level: string; source: string; message: string }>;
  pluginErrors: Array<{ plugin: string; source: string; message: string }>;
  /** Every plugin state change, with when it happened (`performance.now()`). */
  transitions: Array<{ id: string; state: string; at: number }>;
}

/** The result of `__sb.probe(tag)`: an action registered and invoked from the page. */
export interface ProbeResult {
  result: unknown;
  /** Set when the invocation rejected. */
  error: string | null;
  /** Who observed this invocation (its payload carried `tag`). */
  seen: Array<{ plugin: string; phase: string }>;
  /** Per store namespace with a `pings` counter: how much one `harness/ping` dispatch changed it. */
  pingDelta: Record<string, number>;
}

/** Timings of the boot the harness ran itself (`?manifest=`), from `performance.now()`. */
export interface BootTimes {
  /** When the harness called `loadManifest`. */
  manifestStart: number | null;
  /** When `loadManifest` settled. */
  settled: number | null;
  /** Every plugin's state when it settled. */
  states: Record<string, string>;
  error: string | null;
}

/** `window.__sb`. */
export interface Harness {
  host: Host;
  /** Resolves once React has rendered the shell. */
  ready: Promise<void>;
  boot: BootTimes;
  /** `host.plugins.loadManifest(url)`. */
  loadManifest(url: string): Promise<PluginStatus[]>;
  snapshot(): HarnessSnapshot;
  /** Registers action `Probe` (owned by the page), invokes it with `{ tag }`, dispatches `harness/ping`. */
  probe(tag: string): Promise<ProbeResult>;
}

declare global {
  interface Window {
    __sb?: Harness;
    __sbObserved?: Observation[];
    __sbRan?: string[];
    __sbLate?: string[];
  }
}
