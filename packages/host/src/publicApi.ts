/**
 * The public API of @switchboard/host: everything `index.ts` exports, listed once. Its module
 * is also what plugin bundles get as `@switchboard/host` (see `sharedModules.ts`).
 */
export { createHost } from './createHost';
export { createHostStoreKit, RESERVED_NAMESPACES } from './store/storeKit';
export { hostSlice, pluginStatusChanged } from './store/hostSlice';
export { parseManifest, fetchManifest } from './manifest/manifest';
export { checkPermissions } from './manifest/permissionsSchema';
export { createScriptLoader } from './plugins/scriptLoader';
export { HostError } from './errors';
export { DEFAULT_BUDGET_MS, FAIL_OPEN_ACTIONS } from './plugins/guardrails';
export { COST_WINDOW, LONG_TASK_MS } from './plugins/pluginMetrics';
export { INVOCATION_LOG_SIZE } from './plugins/invocationLog';
export { createLogger } from './logger';
export { HOST_CONTRACTS, HOST_VERSION } from './version';
export { HostProvider, useHost } from './react/HostProvider';
export { Slot, useSlotContributions } from './react/Slot';
export { SlotTabs, Tab } from './react/Tabs';
export { TaskContext, TaskContextProvider, useTask, withTask } from './react/TaskContext';
export { PluginBoundary, PluginNotice } from './react/PluginBoundary';
export { PluginStatusPanel, usePluginStatuses } from './react/PluginStatusPanel';
export { PluginCostTable, usePluginMetrics } from './react/PluginCostTable';
export {
  desktopSlice,
  selectActivities,
  selectCallDtmf,
  selectCallOfTask,
  selectCalls,
  selectChannel,
  selectDesktop,
  selectDirectory,
  selectSelectedTask,
  selectTasks,
} from './desktop/desktopSlice';
export { NATIVE_ACTIONS, registerNativeActions } from './desktop/nativeActions';
export {
  supervisorSlice,
  selectIsSupervisor,
  selectMonitoring,
  selectQueueStats,
  selectSupervisor,
  selectTeam,
} from './desktop/supervisorSlice';
export { SUPERVISOR_ACTIONS, registerSupervisorActions } from './desktop/supervisorActions';
export { mirrorSupervisor } from './desktop/mirrorSupervisor';
export { mirrorContactCenter } from './desktop/connectContactCenter';
export {
  DEFAULT_VIEW,
  uiSlice,
  selectComponentState,
  selectNotifications,
  selectSelectedView,
  selectSidebarOpen,
  selectUi,
} from './ui/uiSlice';
export { DESKTOP_STRINGS, createStrings } from './ui/strings';
export { renderTemplate } from './ui/template';
export { DEFAULT_NOTIFICATION_TIMEOUT } from './ui/notifications';
export { createBrowserHistory, createMemoryHistory } from './ui/history';
export { UI_ACTIONS, registerUiActions } from './ui/uiActions';
export { PHONE_NUMBER, VOICE_ACTIONS, registerVoiceActions } from './desktop/voiceActions';
export { DTMF_SHOWN_MS } from './desktop/connectContactCenter';
export {
  NotificationBar,
  SideNav,
  Template,
  ViewContainer,
  useComponentState,
  useSelectedView,
  useSidebarOpen,
  useString,
  useStrings,
  useViews,
} from './ui/components';

export type { Host, HostActions, HostEvents, HostOptions, HostPlugins, HostRootState, HostStore } from './createHost';
export type { GuardedPhase, GuardrailOptions, GuardrailPolicy, GuardrailTrip } from './plugins/guardrails';
export type { AbortedBy, InvocationRecord } from './plugins/invocationLog';
export type { HostInvocations } from './plugins/actionGuard';
export type { ActionCost, PluginMetrics } from './plugins/pluginMetrics';
export type { HostStoreKit } from './store/storeKit';
export type { HostSlice, HostState } from './store/hostSlice';
export type { DesktopState, DirectoryState, DirectoryView } from './desktop/desktopSlice';
export type { DesktopEvents } from './desktop/connectContactCenter';
export type { ActivitySeen, SupervisorState } from './desktop/supervisorSlice';
export type { NativeActionOptions } from './desktop/nativeActions';
export type {
  ContributionInfo,
  Contributions,
  ResolvedContribution,
  SlotDefault,
} from './contributions/ContributionRegistry';
export type { DeclaredFields, ParsedEntry } from './manifest/manifest';
export type { PluginManagerApi, PluginReloadOptions, PluginUpdateResult } from './plugins/PluginManager';
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
export type { UiState } from './ui/uiSlice';
export type { DesktopStringKey } from './ui/strings';
export type { HostNotifications, RegisteredNotification } from './ui/notifications';
export type { HostHistory } from './ui/history';
export type { TemplateProps } from './ui/components';
export type { SlotTabsProps, TabProps } from './react/Tabs';
export type { TaskProps } from './react/TaskContext';
