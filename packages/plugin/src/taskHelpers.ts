/**
 * Task helpers: pure predicates and look-ups over {@link DesktopTask} (Flex's `TaskHelper`,
 * as plain functions). They read only the task (or the state given), never a global, so a
 * plugin calls them in a render, an `if` option or a listener alike.
 *
 * A task's `channel` is its channel type: `chat` today; `voice` (and other chat-based
 * channels) later. The predicates are right for either: a call is a `voice` task, a
 * chat-based task is any task with a conversation (every channel but voice and video).
 *
 * @example
 * import { isChatBasedTask, isTaskAccepted } from '@switchboard/plugin';
 * api.contributions.add('TaskCanvasHeader', TranscriptButton, {
 *   key: 'transcript',
 *   if: ({ task }) => isChatBasedTask(task) && isTaskAccepted(task),
 * });
 */
import type { DesktopTask } from './nativeActions';

/** The channel type of a call. */
export const VOICE_CHANNEL = 'voice';

/** Channel types with no conversation (no chat channel): calls and video. */
const NOT_CHAT_BASED: ReadonlySet<string> = new Set([VOICE_CHANNEL, 'video']);

/** What the predicates on calls and chats read of a task. */
type TaskOf = Pick<DesktopTask, 'status' | 'taskStatus' | 'channel'>;

/** A chat-based task: its conversation is a chat channel (chat today; SMS, WhatsApp… later). */
export function isChatBasedTask(task: Pick<DesktopTask, 'channel'>): boolean {
  return !NOT_CHAT_BASED.has(task.channel);
}

/** A call: a `voice` task. */
export function isCallTask(task: Pick<DesktopTask, 'channel'>): boolean {
  return task.channel === VOICE_CHANNEL;
}

/** Offered to this agent and not answered yet (an incoming reservation). */
export function isPending(task: Pick<DesktopTask, 'status'>): boolean {
  return task.status === 'pending';
}

/** This agent accepted it (it is accepted, wrapping up, or completed). */
export function isTaskAccepted(task: Pick<DesktopTask, 'status'>): boolean {
  return task.status === 'accepted' || task.status === 'wrapping' || task.status === 'completed';
}

/** The conversation is over and the agent wraps up (`WrapupTask` ran; `CompleteTask` is next). */
export function isInWrapupMode(task: Pick<DesktopTask, 'status'>): boolean {
  return task.status === 'wrapping';
}

/** Completed: by this agent (its reservation) or at all (the task). */
export function isCompleted(task: Pick<DesktopTask, 'status' | 'taskStatus'>): boolean {
  return task.status === 'completed' || task.taskStatus === 'completed';
}

/** A call the agent is on: an accepted voice task, not yet wrapping up. */
export function isLiveCall(task: TaskOf): boolean {
  return isCallTask(task) && task.status === 'accepted';
}

/** A live chat: an accepted chat-based task, not yet wrapping up. */
export function isLiveChat(task: TaskOf): boolean {
  return isChatBasedTask(task) && task.status === 'accepted';
}

/** `WrapupTask` applies: the task is accepted and not wrapping up yet. */
export function canWrapup(task: Pick<DesktopTask, 'status'>): boolean {
  return task.status === 'accepted';
}

/** `CompleteTask` applies: the task is accepted or wrapping up. */
export function canComplete(task: Pick<DesktopTask, 'status'>): boolean {
  return task.status === 'accepted' || task.status === 'wrapping';
}

/** `TransferTask` applies: the task is accepted and not wrapping up. */
export function canTransfer(task: Pick<DesktopTask, 'status'>): boolean {
  return task.status === 'accepted';
}

/** A hold applies: a live call (there is no hold for chats). */
export function canHold(task: TaskOf): boolean {
  return isLiveCall(task);
}

/** The tasks in a state: the host's root state (`state.desktop.tasks`), read defensively. */
function tasksOf(state: unknown): Record<string, DesktopTask> {
  if (typeof state !== 'object' || state === null) return {};
  const desktop = (state as { desktop?: unknown }).desktop;
  if (typeof desktop !== 'object' || desktop === null) return {};
  const tasks = (desktop as { tasks?: unknown }).tasks;
  return typeof tasks === 'object' && tasks !== null ? (tasks as Record<string, DesktopTask>) : {};
}

/**
 * The task whose reservation is `reservationSid` (`WR…`, a `DesktopTask`'s `sid`), in the
 * host's state (`api.store.getState()`), or undefined.
 */
export function getTaskByReservationSid(state: unknown, reservationSid: string): DesktopTask | undefined {
  const tasks = tasksOf(state);
  return Object.prototype.hasOwnProperty.call(tasks, reservationSid) ? tasks[reservationSid] : undefined;
}

/**
 * The task with task sid `taskSid` (`WT…`) in the host's state (`api.store.getState()`), or
 * undefined. A reservation sid (`WR…`) finds its task too, as task actions accept either.
 */
export function getTaskByTaskSid(state: unknown, taskSid: string): DesktopTask | undefined {
  return (
    Object.values(tasksOf(state)).find((task) => task.taskSid === taskSid) ?? getTaskByReservationSid(state, taskSid)
  );
}

/** The task whose conversation is the chat channel `channelSid` (`CH…`), or undefined. */
export function getTaskByChannelSid(state: unknown, channelSid: string): DesktopTask | undefined {
  return Object.values(tasksOf(state)).find((task) => task.channelSid === channelSid);
}

/** Every task in the host's state, oldest first. */
export function getTasks(state: unknown): DesktopTask[] {
  return Object.values(tasksOf(state)).sort((a, b) => a.createdAt - b.createdAt || a.sid.localeCompare(b.sid));
}
