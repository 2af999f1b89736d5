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
export interface NativeActions {
  /** Accepts an incoming reservation; resolves with the task, now `accepted` (and selected). */
  AcceptTask: { payload: TaskActionPayload; result: DesktopTask };
  /** Rejects an incoming reservation; the task goes to another agent. */
  RejectTask: { payload: TaskActionPayload; result: DesktopTask };
  /** Selects a task: the task canvas shows it. */
  SelectTask: { payload: TaskActionPayload; result: DesktopTask };
  /** Hands an accepted task to another Available agent (`targetSid`: a worker's sid). */
  TransferTask: { payload: TaskActionPayload & { targetSid: string }; result: DesktopTask };
  /** Ends the conversation part of an accepted task: it is `wrapping`. */
  WrapupTask: { payload: TaskActionPayload; result: DesktopTask };
  /** Completes an accepted or wrapping task: the customer sees the chat ended. */
  CompleteTask: { payload: TaskActionPayload; result: DesktopTask };
  /** Sets this agent's activity. */
  SetActivity: { payload: { activityName: Activity }; result: WorkerInfo };
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
