/**
 * @switchboard/plugin: the plugin authoring SDK. A plugin bundle's entry calls
 * `loadPlugin(definePlugin({ name, init }))`; `init(api)` gets the host scoped to the plugin.
 */
export { definePlugin, loadPlugin, PLUGIN_CONTRACT, PLUGIN_NAME, SDK_VERSION } from './definePlugin';
export { SHARED_MODULES, sharedModuleExternals } from './sharedModules';
export type { SharedModuleName } from './sharedModules';
export {
  VOICE_CHANNEL,
  canComplete,
  canHold,
  canTransfer,
  canWrapup,
  getTaskByChannelSid,
  getTaskByReservationSid,
  getTaskByTaskSid,
  getTasks,
  isCallTask,
  isChatBasedTask,
  isCompleted,
  isInWrapupMode,
  isLiveCall,
  isLiveChat,
  isPending,
  isTaskAccepted,
} from './taskHelpers';
export type {
  ChannelRef,
  DesktopChannel,
  OutgoingMessage,
  DesktopTask,
  NativeActionName,
  NativeActions,
  ResolvedTaskPayload,
  TaskActionPayload,
} from './nativeActions';
export type { PluginEventName, PluginEvents, PluginEventsApi, PluginStatusInfo } from './events';
export type { HistoryPath, UiActionName, UiActions } from './uiActions';
export type {
  MonitorPayload,
  MonitoredTask,
  SupervisorActionName,
  SupervisorActions,
  TeamRow,
} from './supervisorActions';
export type {
  NotificationAction,
  NotificationContentProps,
  NotificationDefinition,
  NotificationEvents,
  NotificationsApi,
  NotificationType,
  ShownNotification,
  StringCatalogue,
  StringsApi,
  TemplateContext,
  ViewDefinition,
  ViewInfo,
  ViewProps,
  ViewsApi,
} from './ui';
export type {
  CallActionPayload,
  ParticipantRef,
  ParticipantType,
  ResolvedCallPayload,
  TransferOptions,
  VoiceActionName,
  VoiceActions,
} from './voiceActions';
export type {
  ContributionAlign,
  ContributionOptions,
  ContributionsApi,
  Logger,
  PluginApi,
  PluginDefinition,
  PluginHotReload,
  PluginPermissions,
  PluginRegistration,
  PluginStoreApi,
  SlotName,
  SlotProps,
  SlotPropsMap,
  SwitchboardGlobal,
  TaskLike,
} from './types';
