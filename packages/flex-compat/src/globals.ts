/**
 * The module-level Flex APIs (`import { Actions, TaskCanvasHeader } from '@twilio/flex-ui'`):
 * each call acts for this copy's Flex plugin (see context.ts).
 */
import type { FlexActions } from './actions';
import { flexComponents, viewCollection } from './components';
import { currentContext, setProvidersOf } from './context';
import { flexNotifications } from './notifications';

type ActionsMethods = Pick<
  FlexActions,
  | 'invokeAction'
  | 'addListener'
  | 'on'
  | 'removeListener'
  | 'off'
  | 'replaceAction'
  | 'registerAction'
  | 'blockAction'
  | 'unblockAction'
  | 'findPendingActions'
>;

const method =
  <K extends keyof ActionsMethods>(name: K) =>
  (...args: Parameters<ActionsMethods[K]>): ReturnType<ActionsMethods[K]> =>
    (currentContext(`Actions.${name}`).actions[name] as (...a: unknown[]) => ReturnType<ActionsMethods[K]>)(...args);

/** Flex's `Actions`. */
export const Actions: ActionsMethods = Object.freeze({
  invokeAction: method('invokeAction'),
  addListener: method('addListener'),
  on: method('on'),
  removeListener: method('removeListener'),
  off: method('off'),
  replaceAction: method('replaceAction'),
  registerAction: method('registerAction'),
  blockAction: method('blockAction'),
  unblockAction: method('unblockAction'),
  findPendingActions: method('findPendingActions'),
});

/** Flex's `Notifications`. */
export const Notifications = flexNotifications(currentContext);

/** Flex's `setProviders({ PasteThemeProvider, CustomProvider })`: wraps the plugin's contributions in them. */
export function setProviders(providers: Parameters<typeof setProvidersOf>[1]): void {
  setProvidersOf(currentContext('setProviders'), providers);
}

const components = flexComponents(currentContext);
export const {
  MainHeader,
  SideNav,
  TaskListItem,
  TaskCanvasHeader,
  TaskCanvasTabs,
  CRMContainer,
  AgentDesktopView,
  MessageListItem,
  MessageBubble,
  MessageInputActions,
  MainContainer,
  RootContainer,
  TeamsView,
  WorkersDataTable,
  QueuesStatsView,
} = components;
/** Flex's `ViewCollection`: views over `api.views`. */
export const ViewCollection = viewCollection(currentContext);

/** Flex's `templates`: `templates.Key(context)` renders the host's string `Key` (`api.strings`) with `context`. */
export const templates: Readonly<Record<string, (context?: Record<string, unknown>) => string>> = new Proxy(
  {},
  {
    get: (_t, key) =>
      typeof key !== 'string'
        ? undefined
        : (context?: Record<string, unknown>) => currentContext(`templates.${key}`).api.strings.get(key, context),
  },
);
