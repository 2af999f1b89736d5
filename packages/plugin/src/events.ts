/**
 * The host's events a plugin listens to (`api.events.on(name, listener)`): the desktop's task,
 * worker and connection events, the manifest's `pluginsLoaded` / `pluginsInitialized`, and
 * `selectedViewChanged`. Types only: the host emits them. A plugin's listeners are owned by it
 * (removed when it unloads); one that throws is reported as the plugin's error.
 */
import type { Disposable } from '@switchboard/actions';
import type { ConnectionState, WorkerInfo } from '@switchboard/contact-center';
import type { DesktopTask } from './nativeActions';
import type { PluginPermissions } from './types';

/** A plugin's status as the `pluginsLoaded` / `pluginsInitialized` events give it. */
export interface PluginStatusInfo {
  /** Unique: the name; for a manifest entry that could not be used, `name#index`. */
  id: string;
  name: string;
  version?: string;
  state: 'NotStarted' | 'Loaded' | 'Initializing' | 'Initialized' | 'Failed';
  enabled: boolean;
  phase: number;
  /** What it declares it may touch; absent when it declares nothing (it runs unrestricted). */
  permissions?: PluginPermissions;
}

/** Listener signatures of the host's events, by name. */
export interface PluginEvents {
  /** A task was offered to this agent (a pending reservation, its task known). */
  taskReceived: (task: DesktopTask) => void;
  /** This agent accepted a task. */
  taskAccepted: (task: DesktopTask) => void;
  /** The attributes of a task this agent holds changed. */
  taskUpdated: (task: DesktopTask) => void;
  /** The customer left: the task was canceled (offered or accepted). */
  taskCanceled: (task: DesktopTask) => void;
  /** This agent completed a task. */
  taskCompleted: (task: DesktopTask) => void;
  /** This agent rejected an offer (or went Offline with it pending). */
  taskRejected: (task: DesktopTask) => void;
  /** The task left this agent without being completed (transferred). */
  taskRescinded: (task: DesktopTask) => void;
  /** An offer was not answered in time. */
  taskTimeout: (task: DesktopTask) => void;
  /** A task of this agent went to wrap-up. */
  taskWrapup: (task: DesktopTask) => void;
  /** This agent's activity changed. */
  workerActivityUpdated: (worker: WorkerInfo) => void;
  /** This agent's attributes changed. */
  workerAttributesUpdated: (worker: WorkerInfo) => void;
  /** The connection to the contact center changed. */
  connectionStateChanged: (state: ConnectionState) => void;
  /** A manifest's plugins are all loaded (or failed). */
  pluginsLoaded: (statuses: PluginStatusInfo[]) => void;
  /** Then all initialized (or failed). */
  pluginsInitialized: (statuses: PluginStatusInfo[]) => void;
  /** The selected view changed. */
  selectedViewChanged: (viewName: string) => void;
}

/** A host event's name. */
export type PluginEventName = keyof PluginEvents;

/** `api.events`: the host's events, listened to by the plugin. */
export interface PluginEventsApi {
  /**
   * Calls `listener` on each `event` until the Disposable is disposed or the plugin unloads.
   *
   * @example
   * api.events.on('taskAccepted', (task) => api.log.info(`accepted ${task.taskSid}`));
   */
  on<K extends PluginEventName>(event: K, listener: PluginEvents[K]): Disposable;
}
