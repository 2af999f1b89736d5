/**
 * Flex's `TaskHelper`: the host's task helpers (`@switchboard/plugin`, over `DesktopTask`),
 * taking ITasks (their `source`) or the desktop's tasks, and giving ITasks.
 */
import * as helpers from '@switchboard/plugin';
import type { DesktopTask } from '@switchboard/plugin';
import { selectCallOfTask } from '@switchboard/host';
import { currentContext, maybeContext } from './context';
import { isDesktopTask, type ITask } from './itask';

type AnyTask = ITask | DesktopTask | undefined | null;

/** The desktop task of `task`: an ITask's source, or one made of an ITask-like object's fields. */
const desktop = (task: AnyTask): DesktopTask | undefined => {
  if (!task) return undefined;
  if (isDesktopTask(task)) return task;
  return (
    task.source ??
    ({ status: task.status, taskStatus: task.taskStatus, channel: task.taskChannelUniqueName } as DesktopTask)
  );
};

const predicate =
  (helper: (task: DesktopTask) => boolean) =>
  (task: AnyTask): boolean => {
    const d = desktop(task);
    return d !== undefined && helper(d);
  };

/** A lookup over the host's state, as an ITask. */
const lookup =
  (api: string, helper: (state: unknown, sid: string) => DesktopTask | undefined) =>
  (sid: string): ITask | undefined => {
    const context = currentContext(`TaskHelper.${api}`);
    const task = helper(context.api.store.getState(), sid);
    return task && context.tasks.toITask(task);
  };

/** Flex's `TaskHelper`. */
export class TaskHelper {
  static isChatBasedTask = predicate(helpers.isChatBasedTask);
  static isCallTask = predicate(helpers.isCallTask);
  /** An accepted call whose call has not ended (in the host's state, when a plugin's context is current). */
  static isLiveCall = predicate((task) => {
    const state = maybeContext()?.api.store.getState() as { desktop?: object } | undefined;
    return helpers.isLiveCall(task) && !(state?.desktop && selectCallOfTask(state as never, task)?.status === 'ended');
  });
  static isPending = predicate(helpers.isPending);
  static isTaskAccepted = predicate(helpers.isTaskAccepted);
  static isInWrapupMode = predicate(helpers.isInWrapupMode);
  static isCompleted = predicate(helpers.isCompleted);
  static isLiveChat = predicate(helpers.isLiveChat);
  static canComplete = predicate(helpers.canComplete);
  static canTransfer = predicate(helpers.canTransfer);
  static canHold = predicate(helpers.canHold);
  /** The task with reservation sid `sid` (`WR…`) of this agent. */
  static getTaskByReservationSid = lookup('getTaskByReservationSid', helpers.getTaskByReservationSid);
  /** The task with task sid `sid` (`WT…`) of this agent. */
  static getTaskByTaskSid = lookup('getTaskByTaskSid', helpers.getTaskByTaskSid);
  /** The task whose chat is `conversationSid`. */
  static getTaskFromConversationSid = lookup('getTaskFromConversationSid', helpers.getTaskByChannelSid);
  /** Flex 1's name. */
  static getTaskByChannelSid = lookup('getTaskByChannelSid', helpers.getTaskByChannelSid);
}
