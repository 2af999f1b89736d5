/**
 * @switchboard/actions: the Actions framework. Every operation of the agent desktop is a
 * named action that plugins can observe before/after, cancel, replace or invoke.
 * The behaviour is written down in SEMANTICS.md; the API is in README.md.
 */
import { createActions } from './createActions';
import type { ActionsApi } from './types';

export { createActions } from './createActions';
export { Disposable, DisposableStore, toDisposable } from './lifecycle';
export { ListenerList } from './listeners';
export {
  SwitchboardError,
  ActionNotFoundError,
  ActionPendingError,
  ActionBlockedError,
  ActionAbortedError,
  ActionFailedError,
  InvalidArgumentError,
  isSwitchboardError,
  isError,
} from './errors';
export { matches as matchesPattern } from './match';

export type { Owner, OwnerRef } from './lifecycle';
export type { Registration } from './listeners';
export type { ErrorContext, ErrorPhase, ActionsErrorCode } from './errors';
export type { PayloadPattern } from './match';
export type {
  AbortFunction,
  ActionDefinition,
  ActionDescription,
  ActionEventName,
  ActionEvents,
  ActionFunction,
  ActionMapOf,
  ActionName,
  ActionsApi,
  ActionsScope,
  ActionWarning,
  AfterListener,
  BeforeListener,
  ErrorHandler,
  ErrorInfo,
  FoundActions,
  Invocation,
  InvocationOutcome,
  LifecycleEventName,
  LifecycleEvents,
  PayloadArgs,
  PayloadOf,
  PayloadUpdate,
  RegistrationInfo,
  ReplacementFunction,
  ResultOf,
  UntypedActionMap,
  WarningHandler,
} from './types';

/**
 * The shared default instance, for code ported from Flex
 * (`import { Actions } from '@switchboard/actions'`). Hosts create their own with
 * {@link createActions}.
 */
export const Actions: ActionsApi = createActions();
