import type { Disposable } from '@switchboard/actions';
import type { PluginPermissions } from '@switchboard/plugin';
import type { HostErrorCode, LoadFailureKind } from '../errors';

/** A plugin's lifecycle state. */
export type PluginState = 'NotStarted' | 'Loaded' | 'Initializing' | 'Initialized' | 'Failed';

/** Why a plugin failed. */
export interface PluginFailure {
  code: HostErrorCode;
  message: string;
  /** For load failures: how the bundle failed. */
  kind?: LoadFailureKind;
}

/** A plugin as the host sees it (serializable: it is also in the store). */
export interface PluginStatus {
  /** Unique: the name; for a manifest entry that could not be used, `name#index`. */
  id: string;
  name: string;
  /** The manifest's version (absent only when an invalid entry gave none). */
  version?: string;
  /** The bundle's URL (absent only when an invalid entry gave none). */
  src?: string;
  phase: number;
  enabled: boolean;
  state: PluginState;
  error?: PluginFailure;
  /** Its declared permissions; absent when it declares none (it then runs unrestricted). */
  permissions?: PluginPermissions;
}

/** One entry of a plugin manifest, validated, with defaults applied. */
export interface ManifestEntry {
  name: string;
  version: string;
  /** Absolute URL of the bundle. */
  src: string;
  integrity?: string;
  /** Semver range of host versions the plugin supports. */
  hostVersion: string;
  phase: number;
  enabled: boolean;
  /**
   * What the plugin may touch (its package.json `switchboard.plugin.permissions`); the host
   * refuses the rest with `PERMISSION_DENIED`. Absent or `null`: the plugin declares nothing
   * and runs unrestricted, with a warning in its log and a mark in the status panel.
   */
  permissions?: PluginPermissions | null;
}

/** What the loader learned about a bundle it loaded (for cleanup on unload). */
export interface LoadedBundle {
  /** Removes what loading added to the page (the script element). */
  dispose?(): void;
}

/**
 * Loads a plugin bundle. The bundle registers itself through `window.Switchboard`
 * while it runs; the loader resolves when it has run, and rejects (ideally with a
 * `HostError` of code PLUGIN_LOAD_FAILED and a `kind`) when it could not be loaded.
 * The default loader adds a `<script>` element with `integrity` and `crossOrigin`.
 */
export type PluginLoader = (entry: ManifestEntry, signal: AbortSignal) => Promise<LoadedBundle | void>;

/** A manifest: `{ plugins: [...] }` (or just the array). */
export interface PluginManifest {
  plugins: Array<Partial<ManifestEntry> & { name: string; src: string }>;
}

/** Where a plugin's run-time failure came from. */
export type PluginErrorSource = 'listener' | 'reducer' | 'middleware' | 'render' | 'subscriber' | 'dispose';

export type { Disposable };
