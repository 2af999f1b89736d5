/** Everything `@twilio/flex-ui` exports here, but `FlexPlugin` and `loadPlugin` (FlexPlugin.ts adds them). */
export { Manager } from './context';
export type { FlexConfiguration, FlexStore, ProviderComponent, ProvidersConfig } from './context';
export {
  Actions,
  AgentDesktopView,
  CRMContainer,
  MainContainer,
  MainHeader,
  MessageBubble,
  MessageInputActions,
  MessageListItem,
  Notifications,
  QueuesStatsView,
  RootContainer,
  setProviders,
  SideNav,
  TaskCanvasHeader,
  TaskCanvasTabs,
  TaskListItem,
  TeamsView,
  templates,
  ViewCollection,
  WorkersDataTable,
} from './globals';
export {
  ContentFragment,
  Icon,
  IconButton,
  SideLink,
  Tab,
  TaskContext,
  Template,
  useFlexSelector,
  View,
  withTaskContext,
} from './components';
export type { ContentOptions, FlexComponent, FlexContent, FlexProps } from './components';
export { NotificationType } from './notifications';
export type { FlexNotification, FlexNotifications } from './notifications';
export { TaskHelper } from './TaskHelper';
export { ErrorSeverity, ErrorType, FlexError, FlexNoPluginError, FlexUnsupportedError } from './errors';
export type { FlexErrorInfo } from './errors';
export type { ITask } from './itask';
export type { FlexActivity, FlexState } from './state';
export type { FlexActions, FlexAfterListener, FlexBeforeListener, FlexPayload, FlexReplacement } from './actions';
export type { FlexConversation, FlexMessage, FlexReservation, RouterTask } from './clients';
export { FLEX_COMPONENTS_WITHOUT_SLOT, FLEX_SLOTS } from './slots';
export type { FlexComponentName, FlexComponentWithoutSlot } from './slots';

/** The Flex UI API level this layer follows (Flex UI 2.x). */
export const VERSION = '2.17.0';
/** This package's version. */
export const COMPAT_VERSION = '0.1.0';
