/**
 * The interfaces the host and the webchat widget talk to. The local contact center's
 * clients implement them over WebSocket; a cloud backend, or a test's fake, can implement
 * them too, and the host's native actions work unchanged.
 */
import type { Disposable } from '@switchboard/actions';
import type {
  Activity,
  AgentSnapshot,
  ChannelInfo,
  ChatMessage,
  CustomerSnapshot,
  Engagement,
  EngagementFormData,
  QueueInfo,
  ReservationInfo,
  TaskInfo,
  TypingEvent,
  WorkerInfo,
} from './types';

/**
 * The state of a client's connection. `reconnecting`: the connection dropped and the client
 * is trying again (with backoff); when it is back, a fresh snapshot is emitted.
 */
export type ConnectionState = 'idle' | 'connecting' | 'connected' | 'reconnecting' | 'closed';

/** Events of an agent's connection. */
export interface AgentEvents {
  connectionStateChanged: (state: ConnectionState) => void;
  /** After every (re)connect: the whole view (replaces what the client had). */
  snapshot: (snapshot: AgentSnapshot) => void;
  /** A worker changed (its activity, usually); this worker or another. */
  workerUpdated: (worker: WorkerInfo) => void;
  /** One of this worker's reservations was created or changed. */
  reservationUpdated: (reservation: ReservationInfo) => void;
  /** A task this worker holds (or held) a reservation for changed. */
  taskUpdated: (task: TaskInfo) => void;
  channelUpdated: (channel: ChannelInfo) => void;
  /** A message was committed in a channel this worker can read. */
  messageAdded: (message: ChatMessage) => void;
  /** Someone else is typing in a channel this worker can read. */
  typing: (event: TypingEvent) => void;
}

/** Options of {@link ContactCenterProvider.sendMessage}. */
export interface SendMessageOptions {
  /** Idempotency key (default: a fresh one); a resend with the same key is not duplicated. */
  clientId?: string;
}

/**
 * An activity, by name (`'Busy'`), or by the sid or name of the activity list
 * (`{ activitySid: 'WA…' }`, `{ activityName: 'Busy' }`).
 */
export type ActivityRef = Activity | { activitySid: string } | { activityName: string };

/** Options of `setTaskAttributes` and `setWorkerAttributes`. */
export interface SetAttributesOptions {
  /**
   * Merge the new attributes into the stored ones, deeply (objects key by key; arrays and other
   * values replace), instead of replacing them all. Default false.
   */
  mergeExisting?: boolean;
}

/**
 * An agent's connection to a contact center: what the host's native actions call.
 * Every method rejects with a `ContactCenterError` (a SwitchboardError) whose `code` says why:
 * `CC_FORBIDDEN`, `CC_NOT_FOUND`, `CC_INVALID_STATE`, `CC_BAD_REQUEST`, `CC_RATE_LIMITED`,
 * `CC_DISCONNECTED`, `CC_UNAUTHORIZED`, ….
 */
export interface ContactCenterProvider {
  readonly connectionState: ConnectionState;
  /** This worker, once connected. */
  readonly worker: WorkerInfo | undefined;
  /** Connects (and keeps reconnecting until `disconnect`); resolves with the first snapshot. */
  connect(): Promise<AgentSnapshot>;
  /** Closes the connection for good. */
  disconnect(): void;
  on<K extends keyof AgentEvents>(event: K, listener: AgentEvents[K]): Disposable;

  /** Sets this worker's activity; CC_NOT_FOUND for a sid or name not in the activity list. */
  setActivity(activity: ActivityRef): Promise<WorkerInfo>;
  /**
   * Sets this worker's attributes (replaced, or merged with `mergeExisting`); every agent hears
   * `workerUpdated`. `full_name`, when a non-empty string, renames the worker; it cannot be removed.
   */
  setWorkerAttributes(attributes: Record<string, unknown>, options?: SetAttributesOptions): Promise<WorkerInfo>;
  /**
   * Sets the attributes of a task this worker holds a reservation for (pending, accepted or
   * wrapping), replaced or merged; every worker holding the task hears `taskUpdated`.
   */
  setTaskAttributes(
    taskSid: string,
    attributes: Record<string, unknown>,
    options?: SetAttributesOptions,
  ): Promise<TaskInfo>;
  acceptReservation(reservationSid: string): Promise<ReservationInfo>;
  rejectReservation(reservationSid: string): Promise<ReservationInfo>;
  /**
   * Hands an assigned task to another (Available) worker, who gets a new reservation, or to a
   * queue (`WQ…`, from `listQueues`): the task goes back to routing (to someone else while there is one).
   */
  transferTask(taskSid: string, toWorkerSid: string): Promise<TaskInfo>;
  wrapupTask(taskSid: string): Promise<TaskInfo>;
  completeTask(taskSid: string): Promise<TaskInfo>;
  /** Resolves once the message is committed (acknowledged by the server). */
  sendMessage(channelSid: string, body: string, options?: SendMessageOptions): Promise<ChatMessage>;
  /** Tells the channel's other members this worker is typing (fire and forget). */
  sendTyping(channelSid: string): void;
  /** A channel's messages, in index order (those after `afterIndex`, when given). */
  getMessages(channelSid: string, options?: { afterIndex?: number }): Promise<ChatMessage[]>;
  /** Every worker, with its activity (the directory's agents). */
  listWorkers(): Promise<WorkerInfo[]>;
  /** The queues (the directory's queues: transfer targets). */
  listQueues(): Promise<QueueInfo[]>;
  /** Sets this worker Offline and closes the connection. */
  logout(): Promise<void>;
}

/** Events of a customer's connection. */
export interface CustomerEvents {
  connectionStateChanged: (state: ConnectionState) => void;
  /** After every (re)connect: the channel, its task and every message. */
  snapshot: (snapshot: CustomerSnapshot) => void;
  messageAdded: (message: ChatMessage) => void;
  /** An agent is typing. */
  typing: (event: TypingEvent) => void;
  /** The channel changed: `closed` when the agent completed the task (the chat ended). */
  channelUpdated: (channel: ChannelInfo) => void;
}

/** A customer's side of one engagement: what the webchat widget talks to. */
export interface CustomerSession {
  readonly connectionState: ConnectionState;
  readonly engagement: Engagement;
  /** Connects (and keeps reconnecting until `disconnect`); resolves with the first snapshot. */
  connect(): Promise<CustomerSnapshot>;
  disconnect(): void;
  on<K extends keyof CustomerEvents>(event: K, listener: CustomerEvents[K]): Disposable;
  sendMessage(body: string, options?: SendMessageOptions): Promise<ChatMessage>;
  sendTyping(): void;
  getMessages(options?: { afterIndex?: number }): Promise<ChatMessage[]>;
  /** Leaves the channel: the engagement ends (its task is canceled if not yet completed). */
  leave(): Promise<void>;
}

/** Starts engagements: the webchat's way in. */
export interface EngagementStarter {
  /** Pre-engagement form data in; a channel, a task and a customer token out. */
  startEngagement(formData: EngagementFormData): Promise<Engagement>;
}
