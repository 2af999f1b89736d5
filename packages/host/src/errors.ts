import { SwitchboardError, type ErrorContext } from '@switchboard/actions';

/** Stable codes of the errors the host raises or records on a plugin. */
export type HostErrorCode =
  | 'MANIFEST_INVALID'
  | 'MANIFEST_FETCH_FAILED'
  | 'PLUGIN_DUPLICATE'
  | 'PLUGIN_HOST_VERSION'
  | 'PLUGIN_LOAD_FAILED'
  | 'PLUGIN_NOT_REGISTERED'
  | 'PLUGIN_CONTRACT_UNSUPPORTED'
  | 'PLUGIN_INIT_FAILED'
  | 'PLUGIN_INIT_TIMEOUT'
  | 'PLUGIN_RUNTIME_ERROR'
  /** `unload` / `reload` of an id the host does not know. */
  | 'PLUGIN_NOT_FOUND'
  /** Not a failure: the reason a plugin's `api.signal` is aborted with when it is unloaded (or reloaded). */
  | 'PLUGIN_UNLOADED'
  /** `addReducer` of a namespace of the host (`actions`, `switchboard`) or of the app. */
  | 'NAMESPACE_RESERVED'
  /** `addReducer` of a namespace that holds a reducer already. */
  | 'NAMESPACE_TAKEN'
  /** `store.removeReducer` of a namespace that was not added with `store.addReducer`. */
  | 'NAMESPACE_NOT_FOUND'
  | 'CONTRIBUTION_INVALID'
  | 'PAYLOAD_INVALID'
  | 'TASK_NOT_FOUND'
  | 'CHANNEL_NOT_FOUND'
  /** A voice action on a contact center without voice (its provider has no `voice`). */
  | 'VOICE_NOT_SUPPORTED'
  /** A voice action on a task that has no call (a chat, or a call not known yet). */
  | 'CALL_NOT_FOUND'
  /** A participant action naming no participant of the call. */
  | 'PARTICIPANT_NOT_FOUND'
  /** `notifications.register` of an id registered already. */
  | 'NOTIFICATION_DUPLICATE'
  /** `notifications.show` of an id no one registered. */
  | 'NOTIFICATION_NOT_FOUND'
  /** `views.register` of a name registered already. */
  | 'VIEW_DUPLICATE'
  /** `NavigateToView` of a view no one registered. */
  | 'VIEW_NOT_FOUND'
  /** A supervisor action (MonitorCall…) invoked by a worker whose role is not `supervisor`. */
  | 'NOT_SUPERVISOR'
  /** A supervisor action on a contact center without supervision (`provider.supervision`). */
  | 'SUPERVISION_UNAVAILABLE'
  /**
   * A plugin that declares its permissions hooked, invoked or registered an action, or filled a
   * slot, it did not declare (package.json `switchboard.plugin.permissions`).
   */
  | 'PERMISSION_DENIED'
  | 'HOST_DISPOSED'
  /** A plugin's before-listener or replacement ran past its guardrail budget, and the action's policy is `fail`. */
  | 'ACTION_TIMED_OUT';

/** How a bundle failed to load (the Grafana plugin loader's classes). */
export type LoadFailureKind = 'http' | 'network' | 'integrity' | 'evaluation' | 'timeout';

/**
 * An error of the host. `owner` names the plugin involved, when one is.
 *
 * @example
 * host.plugins.list().filter((p) => p.error?.code === 'PLUGIN_INIT_TIMEOUT');
 */
export class HostError extends SwitchboardError {
  declare readonly code: HostErrorCode;
  /** For PLUGIN_LOAD_FAILED: how the bundle failed. */
  declare readonly kind: LoadFailureKind | undefined;

  constructor(code: HostErrorCode, message: string, context: ErrorContext & { kind?: LoadFailureKind } = {}) {
    super(code, message, context);
  }
}
HostError.prototype.name = 'HostError';
