/**
 * Flex's `TaskHelper`: static predicates over ITasks (or the desktop's tasks). The host's
 * own task helpers (issue 12 part C, over `DesktopTask`) say the same things; these read the
 * ITask fields Flex code passes.
 */
import type { DesktopTask } from '@switchboard/plugin';
import { currentContext } from './context';
import { isDesktopTask, type ITask } from './itask';

type AnyTask = ITask | DesktopTask | undefined | null;

const view = (task: AnyTask): { status?: string; taskStatus?: string; channel?: string } => {
  if (!task) return {};
  if (isDesktopTask(task)) return { status: task.status, taskStatus: task.taskStatus, channel: task.channel };
  return { status: task.status, taskStatus: task.taskStatus, channel: task.taskChannelUniqueName };
};

/** Flex's `TaskHelper`. */
export class TaskHelper {
  static isChatBasedTask(task: AnyTask): boolean {
    const c = view(task).channel;
    return c === 'chat' || c === 'sms' || c === 'messenger' || c === 'whatsapp';
  }
  static isCallTask(task: AnyTask): boolean {
    return view(task).channel === 'voice';
  }
  static isLiveCall(task: AnyTask): boolean {
    return TaskHelper.isCallTask(task) && view(task).status === 'accepted';
  }
  static isPending(task: AnyTask): boolean {
    const { status, taskStatus } = view(task);
    return status === 'pending' || taskStatus === 'pending' || taskStatus === 'reserved';
  }
  static isTaskAccepted(task: AnyTask): boolean {
    const s = view(task).status;
    return s === 'accepted' || s === 'wrapping';
  }
  static isInWrapupMode(task: AnyTask): boolean {
    return view(task).status === 'wrapping';
  }
  static isCompleted(task: AnyTask): boolean {
    const { status, taskStatus } = view(task);
    return status === 'completed' || taskStatus === 'completed';
  }
  static isLiveChat(task: AnyTask): boolean {
    return TaskHelper.isChatBasedTask(task) && view(task).status === 'accepted';
  }
  static canComplete(task: AnyTask): boolean {
    return view(task).status === 'wrapping';
  }
  static canTransfer(task: AnyTask): boolean {
    return view(task).status === 'accepted';
  }
  static canHold(_task: AnyTask): boolean {
    return false;
  }
  /** The task with reservation sid `sid` (`WR…`) of this agent. */
  static getTaskByReservationSid(sid: string): ITask | undefined {
    return currentContext('TaskHelper.getTaskByReservationSid').manager.store.getState().flex.worker.tasks.get(sid);
  }
  /** The task with task sid `sid` (`WT…`) of this agent. */
  static getTaskByTaskSid(sid: string): ITask | undefined {
    const tasks = currentContext('TaskHelper.getTaskByTaskSid').manager.store.getState().flex.worker.tasks;
    return [...tasks.values()].find((t) => t.taskSid === sid);
  }
  /** The task whose chat is `conversationSid`. */
  static getTaskFromConversationSid(conversationSid: string): ITask | undefined {
    const tasks = currentContext('TaskHelper.getTaskFromConversationSid').manager.store.getState().flex.worker.tasks;
    return [...tasks.values()].find((t) => t.conversationSid === conversationSid);
  }
  /** Flex 1's name. */
  static getTaskByChannelSid(channelSid: string): ITask | undefined {
    return TaskHelper.getTaskFromConversationSid(channelSid);
  }
}
