/**
 * The plugin registry's data model (browser-safe types): Plugin → Version (an immutable,
 * content-addressed bundle) → Configuration (plugin versions with phase and enabled) →
 * Release (makes a configuration live for all agents or for a cohort; immutable; a rollback
 * is releasing an earlier configuration).
 */

/** What a plugin may touch: checked by the host, carried by the manifest and the registry. */
export interface PluginPermissions {
  /** Actions it hooks (before/after listeners, replaceAction) or invokes, by name, e.g. 'AcceptTask'. '*' = any. */
  actions: string[];
  /** Slots it fills (contributions add/replace/remove), e.g. 'TaskCanvasTabs'. '*' = any. */
  slots: string[];
  /** Origins it calls (fetch/XHR/WebSocket), e.g. 'https://crm.example.com'. Goes into the desktop's CSP connect-src. */
  origins: string[];
}

/** A plugin of the registry and its versions. */
export interface RegistryPlugin {
  name: string;
  description: string;
  /** Every version archived (the plugin cannot go into new configurations). */
  archived: boolean;
  createdAt: number;
  /** Newest first. */
  versions: RegistryVersion[];
}

/** One version of a plugin: immutable once created (a repeat is refused with 409 CC_CONFLICT). */
export interface RegistryVersion {
  plugin: string;
  /** semver */
  version: string;
  /** sha256 hex of the bundle: bundles are stored by content hash. */
  bundleHash: string;
  /** `sha384-<base64>` (SRI) of the bundle. */
  integrity: string;
  /** Bytes of the bundle. */
  size: number;
  changelog: string;
  /** A semver range of the host versions it runs on. */
  hostVersion: string;
  /** null = undeclared (runs unrestricted, flagged everywhere). */
  permissions: PluginPermissions | null;
  phase: number;
  archived: boolean;
  createdAt: number;
  /** The identity of the admin who deployed it. */
  createdBy: string;
}

/** One plugin version of a configuration. */
export interface ConfigurationEntry {
  plugin: string;
  version: string;
  phase: number;
  enabled: boolean;
}

/** A set of plugin versions that can be released (immutable). */
export interface RegistryConfiguration {
  /** `'PC'` + 32 hex */
  sid: string;
  name: string;
  description: string;
  plugins: ConfigurationEntry[];
  createdAt: number;
  createdBy: string;
}

/** Who a release is for: every agent, a deterministic percentage of them, or named agents. */
export type RolloutTarget =
  { kind: 'all' } | { kind: 'percent'; percent: number /* 1..100 */ } | { kind: 'agents'; identities: string[] };

/** When a live release rolls itself back. */
export interface RolloutThresholds {
  /** Roll back when one plugin fails (load or init failure, or a budget timeout) on more than this many of the target's desktops. Default 2. */
  maxFailingDesktops: number;
  /** Roll back when a plugin's run-time errors / its action invocations pass this (0..1), once minInvocations is reached. Default 0.2. */
  maxErrorRate: number;
  /** Invocations a plugin must have had before its error rate counts. Default 20. */
  minInvocations: number;
}

export type ReleaseStatus = 'live' | 'superseded' | 'rolled-back';

/** A release: a configuration made live for a target (immutable but for its status). */
export interface RegistryRelease {
  /** `'PR'` + 32 hex */
  sid: string;
  configurationSid: string;
  target: RolloutTarget;
  /** The release the non-cohort agents keep (for a cohort release), or the one before (for an all release). */
  previousReleaseSid: string | null;
  status: ReleaseStatus;
  thresholds: RolloutThresholds;
  /** Why it was rolled back (automatic: names the plugin, the rule and the figures), and when. */
  rollback?: { automatic: boolean; reason: string; at: number; by: string };
  createdAt: number;
  createdBy: string;
}

/** A plugin's health in a release, over every desktop that reported it. */
export interface PluginHealth {
  plugin: string;
  version: string;
  /** Desktops where it failed (load or init failure, or a budget timeout). */
  failingDesktops: number;
  /** Desktops that reported it. */
  desktops: number;
  errors: number;
  aborts: number;
  timeouts: number;
  invocations: number;
  /** errors / invocations (0 when none). */
  errorRate: number;
  /** The last failure a desktop reported, if any. */
  lastFailure?: { code: string; message: string };
}

/** A release with its health per plugin (`GET /api/registry/releases[/:sid]`). */
export interface RegistryReleaseWithHealth extends RegistryRelease {
  health: PluginHealth[];
}

/** One plugin of an {@link ActiveRelease}: a manifest entry. */
export interface ActivePlugin {
  name: string;
  version: string;
  /** `'/api/registry/bundles/<hash>.js'` (relative to the contact center). */
  src: string;
  integrity: string;
  hostVersion: string;
  phase: number;
  enabled: boolean;
  permissions: PluginPermissions | null;
}

/** What one agent's desktop loads: the plugins of the release live for that agent. */
export interface ActiveRelease {
  /** null: nothing released yet (plugins: []). */
  releaseSid: string | null;
  configurationSid: string | null;
  /** true when the agent gets it as part of a cohort release. */
  cohort: boolean;
  plugins: ActivePlugin[];
}

/** A plugin's state on a desktop (the host's plugin states). */
export type ReportedPluginState = 'Initialized' | 'Failed' | 'Loaded' | 'Initializing' | 'NotStarted';

/** One plugin in a {@link HealthReport}. */
export interface PluginHealthReport {
  name: string;
  version: string;
  state: ReportedPluginState;
  failure?: { code: string; message: string };
  /** Run-time errors since the last report. */
  errors: number;
  /** Invocations its listeners aborted since the last report. */
  aborts: number;
  /** Guardrail budget overruns since the last report. */
  timeouts: number;
  /** Invocations of actions it hooks since the last report. */
  invocations: number;
  /** Milliseconds its listeners/replacements added, per action. */
  actions?: Record<string, { p50: number; p95: number; count: number }>;
}

/** What a desktop reports (POSTed every ~10 s while something happened, and at once on a load/init failure). */
export interface HealthReport {
  releaseSid: string;
  plugins: PluginHealthReport[];
}

/** One plugin's side of a {@link ConfigurationDiff}. */
export interface DiffSide {
  version: string;
  enabled: boolean;
  permissions: PluginPermissions | null;
}

export type DiffChange = 'added' | 'removed' | 'upgraded' | 'downgraded' | 'unchanged' | 'toggled';

/** How one plugin differs between two configurations. */
export interface PluginDiff {
  plugin: string;
  change: DiffChange;
  from?: DiffSide;
  to?: DiffSide;
  /** What `to` may touch that `from` could not (all of `to`'s for an added plugin). */
  permissionsAdded: PluginPermissions;
  /** What `from` could touch that `to` no longer may. */
  permissionsRemoved: PluginPermissions;
}

/** Two configurations compared (`GET /api/registry/configurations/diff?from=&to=`). */
export interface ConfigurationDiff {
  from: string;
  to: string;
  plugins: PluginDiff[];
}

/** The defaults of {@link RolloutThresholds}. */
export const DEFAULT_THRESHOLDS: Readonly<RolloutThresholds> = Object.freeze({
  maxFailingDesktops: 2,
  maxErrorRate: 0.2,
  minInvocations: 20,
});

/** Bytes of an upload's request body (the version's JSON, its bundle in base64): 8 MiB. */
export const MAX_UPLOAD_BYTES = 8 * 1024 * 1024;
