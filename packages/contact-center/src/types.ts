/**
 * The contact center's domain, as every side sees it (server, agent desktop, webchat).
 * Plain, serializable data: these objects travel over the wire and live in Redux stores.
 * Timestamps are milliseconds since the epoch.
 */
import type { CallInfo, IceServerConfig, QueueStats, SupervisorView, WorkerRole } from './voice';

/** What a worker (an agent) is doing; only Available workers get new reservations. */
export type Activity = 'Available' | 'Busy' | 'Offline';

/** Every activity, in the order a UI lists them. */
export const ACTIVITIES: readonly Activity[] = ['Available', 'Busy', 'Offline'];

/**
 * One activity of the contact center's activity list, as Flex/TaskRouter lists them: a sid
 * (`WA…`), a name and whether a worker in it gets new reservations.
 */
export interface ActivityInfo {
  /** `WA…` (stable: the same on every contact center). */
  sid: string;
  name: Activity;
  /** Only workers in an available activity are offered tasks. */
  available: boolean;
}

/** The activity list, in the order a UI lists them (`ACTIVITIES`, with sids). */
export const ACTIVITY_LIST: readonly ActivityInfo[] = [
  { sid: 'WA00000000000000000000000000000001', name: 'Available', available: true },
  { sid: 'WA00000000000000000000000000000002', name: 'Busy', available: false },
  { sid: 'WA00000000000000000000000000000003', name: 'Offline', available: false },
];

/** The activity of a sid or a name, if there is one. */
export const findActivity = (ref: { activitySid?: string; activityName?: string }): ActivityInfo | undefined =>
  ACTIVITY_LIST.find((a) => (ref.activitySid !== undefined ? a.sid === ref.activitySid : a.name === ref.activityName));

/** The sid of an activity. */
export const activitySid = (activity: Activity): string => ACTIVITY_LIST.find((a) => a.name === activity)!.sid;

/**
 * A task queue: where a task waits for a worker, and which workers it selects. The default
 * configuration has one, `Everyone` (every worker); a transfer to a queue sends the task back
 * to routing, into that queue.
 */
export interface QueueInfo {
  /** `WQ…` */
  sid: string;
  name: string;
  /** The expression over a worker's attributes that selects the queue's workers (`"1 == 1"`: all). */
  targetWorkers?: string;
}

/**
 * The default configuration's queues: one, `Everyone`, selecting every worker. A contact center
 * with a routing configuration lists its own (`listQueues`, the snapshot's `queues`).
 */
export const QUEUES: readonly QueueInfo[] = [
  { sid: 'WQ00000000000000000000000000000001', name: 'Everyone', targetWorkers: '1 == 1' },
];

/**
 * A worker's attributes, stored by the contact center (Flex's `worker.attributes`):
 * `full_name` (always the worker's `fullName`) and `skills` by default, and whatever else is set.
 */
export type WorkerAttributes = Record<string, unknown>;

/** A worker: one agent of the contact center. */
export interface WorkerInfo {
  /** `agent`, or `supervisor` (may monitor, sees the Teams view); from the configuration. */
  role: WorkerRole;
  /** `WK…` */
  sid: string;
  /** The login name (`alice`). */
  identity: string;
  /** The name people see (`Alice`); the same as `attributes.full_name`. */
  fullName: string;
  activity: Activity;
  /** The sid of `activity` in {@link ACTIVITY_LIST} (`WA…`). */
  activitySid: string;
  /** `{ full_name, skills, … }`, set with `setWorkerAttributes`. */
  attributes: WorkerAttributes;
}

/** A new worker's attributes: `{ full_name: fullName, skills: [] }`. */
export const defaultWorkerAttributes = (fullName: string): WorkerAttributes => ({ full_name: fullName, skills: [] });

/**
 * A task's lifecycle: `pending` (waiting for a worker) → `reserved` (offered to one) →
 * `assigned` (accepted) → `wrapping` → `completed`; `canceled` when the customer leaves
 * before it was completed.
 */
export type TaskStatus = 'pending' | 'reserved' | 'assigned' | 'wrapping' | 'completed' | 'canceled';

/** The kind of channel a task came from: a chat, or a voice call (the task's call, `CA…`). */
export type ChannelType = 'chat' | 'voice';

/** A unit of work routed to workers: one customer conversation. */
export interface TaskInfo {
  /** `WT…` */
  sid: string;
  channelType: ChannelType;
  status: TaskStatus;
  /** The chat channel of the conversation (`CH…`). */
  channelSid: string;
  /** The worker the task is assigned to (after accept), else null. */
  workerSid: string | null;
  /** What the customer entered in the pre-engagement form, and more (`customerName`, …). */
  attributes: Record<string, unknown>;
  /** The queue the workflow sent the task to (`WQ…`), once routed; null before. */
  queueSid?: string | null;
  /** The workflow's priority: higher is offered first (default 0). */
  priority?: number;
  /** For a voice task, its call (`CA…`). */
  callSid?: string | null;
  createdAt: number;
  updatedAt: number;
}

/**
 * An offer of a task to one worker: `pending` until the worker accepts or rejects it, or it
 * times out (then the task is routed again). An accepted reservation follows its task:
 * `accepted` → `wrapping` → `completed`, or `transferred` when the worker hands the task on,
 * or `canceled` when the customer leaves.
 */
export type ReservationStatus =
  'pending' | 'accepted' | 'rejected' | 'timeout' | 'canceled' | 'transferred' | 'wrapping' | 'completed';

/** One offer of a task to one worker. */
export interface ReservationInfo {
  /** `WR…` */
  sid: string;
  taskSid: string;
  workerSid: string;
  status: ReservationStatus;
  createdAt: number;
  updatedAt: number;
  /** When a pending reservation times out; null once it is no longer pending. */
  expiresAt: number | null;
}

/** A chat channel is `open` until its task is completed (or the customer leaves). */
export type ChannelStatus = 'open' | 'closed';

/** The chat channel of one conversation. */
export interface ChannelInfo {
  /** `CH…` */
  sid: string;
  taskSid: string;
  status: ChannelStatus;
  /** The customer's identity (`customer-…`) and display name. */
  customer: { identity: string; friendlyName: string };
  createdAt: number;
  updatedAt: number;
}

/** Who wrote a message. */
export type AuthorRole = 'agent' | 'customer' | 'system';

/** One chat message, committed to the database. */
export interface ChatMessage {
  /** `IM…` */
  sid: string;
  channelSid: string;
  /** 0, 1, 2, … within the channel: the order everyone sees. */
  index: number;
  /** The author's identity (a worker's identity, a customer's identity, or `system`). */
  author: string;
  authorRole: AuthorRole;
  /** The author's display name. */
  authorName: string;
  body: string;
  createdAt: number;
  /**
   * The sender's idempotency key: sending again with the same key (after a reconnect)
   * returns the message already stored instead of a duplicate.
   */
  clientId: string | null;
}

/** Someone is typing in a channel (not stored; shown for a few seconds). */
export interface TypingEvent {
  channelSid: string;
  identity: string;
  role: AuthorRole;
  name: string;
  at: number;
}

/**
 * Everything an agent's desktop shows, as of one moment: sent on every (re)connect, so a
 * client that missed events replaces its view with this one and merges nothing twice.
 */
export interface AgentSnapshot {
  /** This worker. */
  worker: WorkerInfo;
  /** Every worker (for transfers), this one included. */
  workers: WorkerInfo[];
  /** The activity list (what `setActivity` takes, by name or sid). */
  activities: ActivityInfo[];
  /** The queues (transfer targets beside the workers). */
  queues: QueueInfo[];
  /** This worker's reservations that are not finished (pending, accepted, wrapping). */
  reservations: ReservationInfo[];
  /** The tasks of those reservations. */
  tasks: TaskInfo[];
  /** The channels of those tasks. */
  channels: ChannelInfo[];
  /** Every message of those channels, in index order per channel. */
  messages: ChatMessage[];
  /** The calls of those tasks (and of the calls this worker monitors), not yet ended. */
  calls?: CallInfo[];
  /** Every queue's live figures. */
  queueStats?: QueueStats[];
  /** For a supervisor only: everyone's tasks and the queues (the Teams view). */
  supervisor?: SupervisorView;
  /** ICE servers the browsers use for calls (none on 127.0.0.1). */
  iceServers?: IceServerConfig[];
}

/** What a customer's widget shows, as of one moment (sent on every (re)connect). */
export interface CustomerSnapshot {
  channel: ChannelInfo;
  task: TaskInfo;
  messages: ChatMessage[];
  /** For a voice engagement: its call. */
  call?: CallInfo;
  iceServers?: IceServerConfig[];
}

/** Pre-engagement form data: what the customer typed before the chat starts. */
export type EngagementFormData = Record<string, string>;

/** What starting an engagement gives the customer: its channel and the token to use it. */
export interface Engagement {
  channelSid: string;
  taskSid: string;
  identity: string;
  friendlyName: string;
  /** Signed: lets this customer read and write its own channel, nothing else. */
  token: string;
}
