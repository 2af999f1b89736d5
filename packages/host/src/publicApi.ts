/**
 * The public API of @switchboard/host: everything `index.ts` exports, listed once. Its module
 * is also what plugin bundles get as `@switchboard/host` (see `sharedModules.ts`).
 */
export { createHost } from './createHost';
export { createHostStoreKit, RESERVED_NAMESPACES } from './store/storeKit';
export { hostSlice, pluginStatusChanged } from './store/hostSlice';
export { parseManifest, fetchManifest } from './manifest/manifest';
export { createScriptLoader } from './plugins/scriptLoader';
export { HostError } from './errors';
export { createLogger } from './logger';
export { HOST_CONTRACTS, HOST_VERSION } from './version';
export { HostProvider, useHost } from './react/HostProvider';
export { Slot } from './react/Slot';
export { PluginBoundary, PluginNotice } from './react/PluginBoundary';
export { PluginStatusPanel, usePluginStatuses } from './react/PluginStatusPanel';
export {
  desktopSlice,
  selectActivities,
  selectChannel,
  selectDesktop,
  selectDirectory,
  selectSelectedTask,
  selectTasks,
} from './desktop/desktopSlice';
export { NATIVE_ACTIONS, registerNativeActions } from './desktop/nativeActions';
export { mirrorContactCenter } from './desktop/connectContactCenter';

export type { Host, HostEvents, HostOptions, HostRootState, HostStore } from './createHost';
export type { HostStoreKit } from './store/storeKit';
export type { HostSlice, HostState } from './store/hostSlice';
export type { DesktopState, DirectoryState, DirectoryView } from './desktop/desktopSlice';
export type { DesktopEvents } from './desktop/connectContactCenter';
export type { NativeActionOptions } from './desktop/nativeActions';
export type { ContributionInfo, Contributions, ResolvedContribution } from './contributions/ContributionRegistry';
export type { DeclaredFields, ParsedEntry } from './manifest/manifest';
export type { PluginManagerApi } from './plugins/PluginManager';
export type {
  LoadedBundle,
  ManifestEntry,
  PluginErrorSource,
  PluginFailure,
  PluginLoader,
  PluginManifest,
  PluginState,
  PluginStatus,
} from './plugins/types';
export type { HostErrorCode, LoadFailureKind } from './errors';
export type { HostLogger, LogEntry, LogLevel } from './logger';
export type { SlotElementProps } from './react/Slot';
