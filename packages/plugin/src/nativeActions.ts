/**
 * The native actions of the agent desktop: their names, payloads and results. The host
 * registers them against its contact center; plugins observe, replace and invoke them
 * (`api.actions.addListener('beforeAcceptTask', …)`). Types only.
 */
import type {
  Activity,
  ChannelInfo,
  ChatMessage,
  ReservationStatus,
  TaskStatus,
  TypingEvent,
  WorkerInfo,
} from '@switchboard/contact-center';
import type { TransferOptions, VoiceActions } from './voiceActions';

/**
 * A task as the agent desktop shows it: one reservation of this agent, with its task. As in
 * Flex, `sid` is the reservation's sid (`WR…`) and `taskSid` the task's (`WT…`).
 */
export interface DesktopTask {
  /** The reservation's sid (`WR…`). */
  sid: string;
  /** The task's sid (`WT…`). */
  taskSid: string;
  /** The reservation's status: `pending` (incoming), `accepted`, `wrapping`. */
  status: ReservationStatus;
  taskStatus: TaskStatus;
  /** The channel type (`chat`), as `TaskLike.channel`. */
  channel: string;
  /** The chat channel of the conversation (`CH…`). */
  channelSid: string;
  /** The customer's display name. */
  customerName: string;
  /** What the customer gave in the pre-engagement form, and more. */
  attributes: Record<string, unknown>;
  workerSid: string;
  createdAt: number;
  updatedAt: number;
  /** When an incoming reservation times out (and the task goes to another agent). */
  expiresAt: number | null;
  /** For a voice task, its call (`CA…`): `selectCallOfTask` gives the call. */
  callSid?: string | null;
}

/** A chat channel as the agent desktop keeps it. */
export interface DesktopChannel extends ChannelInfo {
  /** Every message, by index, each once. */
  messages: ChatMessage[];
  /** The agent's unsent text (SetInputText). */
  inputText: string;
  /** The latest "someone else is typing" in this channel, if any. */
  typing: TypingEvent | null;
  /**
   * What this agent sent that the contact center has not stored yet, oldest first: shown as
   * sending. An entry leaves when its message is stored (it is in `messages` then) or refused.
   */
  outbox: OutgoingMessage[];
}

/** A message on its way: SendMessage queued it and waits for the contact center. */
export interface OutgoingMessage {
  /** The message's idempotency key (its `clientId` once stored). */
  clientId: string;
  body: string;
  /** When SendMessage queued it (ms since the epoch). */
  queuedAt: number;
}

/** A task action's payload: the task by sid (a reservation or a task sid), or the task itself. */
export type TaskActionPayload = { sid: string; task?: DesktopTask } | { task: DesktopTask; sid?: string };

/** What a task action's listeners see: the payload with the task resolved from the store. */
export interface ResolvedTaskPayload {
  sid: string;
  task: DesktopTask;
}

/** A chat action's payload names its channel: `channelSid`, or `channel` (an object with `sid`). */
export type ChannelRef =
  { channelSid: string; channel?: { sid: string } } | { channel: { sid: string }; channelSid?: string };

/**
 * The native actions: name → `{ payload, result }`, for `createActions<NativeActions>()` and
 * for typing listeners. Payloads are what callers pass; listeners and replacements receive
 * them after `payloadUpdate` (task actions: with `task` resolved; chat actions: with
 * `channelSid` resolved).
 */
export interface NativeActions extends VoiceActions {
  /** Accepts an incoming reservation; resolves with the task, now `accepted` (and selected). */
  AcceptTask: { payload: TaskActionPayload; result: DesktopTask };
  /** Rejects an incoming reservation; the task goes to another agent. */
  RejectTask: { payload: TaskActionPayload; result: DesktopTask };
  /** Selects a task: the task canvas shows it. */
  SelectTask: { payload: TaskActionPayload; result: DesktopTask };
  /**
   * Hands an accepted task to another Available agent (`targetSid`: a worker's sid, `WK…`), or
   * to a queue of the directory (`WQ…`: the task goes back to routing, to another agent while
   * there is one). Closes the directory. For a call, `options.mode` `WARM` keeps this agent on
   * the call with the customer and the new agent until it hangs up (the task stays with it till
   * then); `COLD` (the default) hands it on at once.
   */
  TransferTask: {
    payload: TaskActionPayload & { targetSid: string; options?: TransferOptions };
    result: DesktopTask;
  };
  /**
   * Sets the attributes of a task this agent holds (offered, accepted or wrapping): they replace
   * the task's, or with `mergeExisting: true` are merged into them deeply (objects key by key;
   * arrays and other values replace). `attributes` must be a plain JSON object (no
   * `__proto__`/`constructor`/`prototype` key, 8,000 characters as JSON at most). Every desktop
   * holding the task sees the change (`taskUpdated`). Resolves with the task as updated.
   *
   * @example
   * await api.actions.invokeAction('SetTaskAttributes', { sid, attributes: { crmId: '42' }, mergeExisting: true });
   */
  SetTaskAttributes: {
    payload: TaskActionPayload & { attributes: Record<string, unknown>; mergeExisting?: boolean };
    result: DesktopTask;
  };
  /**
   * Opens the transfer directory (`state.desktop.directory`; `selectDirectory` lists its agents,
   * Available first, and its queues), for the task given (`{ sid }` or `{ task }`) or else the
   * selected one. The agents and queues are fetched from the contact center afresh.
   */
  ShowDirectory: { payload: Partial<TaskActionPayload> | undefined; result: void };
  /** Closes the transfer directory. */
  HideDirectory: { payload: undefined; result: void };
  /** Ends the conversation part of an accepted task: it is `wrapping`. */
  WrapupTask: { payload: TaskActionPayload; result: DesktopTask };
  /** Completes an accepted or wrapping task: the customer sees the chat ended. */
  CompleteTask: { payload: TaskActionPayload; result: DesktopTask };
  /**
   * Sets this agent's activity, by the sid (`WA…`) or the name of one activity of the contact
   * center's list (`state.desktop.activities`). Resolves with the worker.
   */
  SetActivity: { payload: { activityName: Activity } | { activitySid: string }; result: WorkerInfo };
  /**
   * Sets this agent's attributes (`worker.attributes`: `full_name`, `skills`, …), replaced or,
   * with `mergeExisting: true`, merged deeply. `full_name`, when a non-empty string, renames the
   * agent; it cannot be removed. Same rules as SetTaskAttributes for `attributes`. Every desktop
   * sees the change; this one emits `workerAttributesUpdated`.
   */
  SetWorkerAttributes: {
    payload: { attributes: Record<string, unknown>; mergeExisting?: boolean };
    result: WorkerInfo;
  };
  /**
   * Logs out: the agent goes Offline and the page resets. `afterLogout` listeners are not
   * supported (the page is gone), as in Flex.
   */
  Logout: { payload: undefined; result: void };
  /**
   * Sends a chat message: it shows in the channel's `outbox` at once, and the invocation
   * resolves once the contact center stored it, however long that takes (a message written
   * while disconnected is sent after the reconnect, once). It rejects only when the message is
   * refused (a closed chat, a rate limit…), with the reason; the text then goes back to the
   * input if the agent has not started another. `clientId` (default: a fresh one, set before
   * the listeners run) makes a resend harmless.
   */
  SendMessage: { payload: ChannelRef & { body: string; clientId?: string }; result: ChatMessage };
  /** Sets the unsent text of a channel's message input. */
  SetInputText: { payload: ChannelRef & { body: string }; result: void };
  /** Tells the customer the agent is typing. */
  SendTyping: { payload: ChannelRef; result: void };
}

/** The name of a native action. */
export type NativeActionName = keyof NativeActions;
