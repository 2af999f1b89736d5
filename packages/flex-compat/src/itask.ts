/**
 * Flex's task object (`ITask`) over the desktop's `DesktopTask`. As in Flex, `sid` is the
 * reservation's sid (`WR…`) and `taskSid` the task's (`WT…`); the chat is the conversation
 * (`conversationSid`, and `channelSid` as Flex 1 called it).
 */
import type { CallInfo } from '@switchboard/contact-center';
import type { DesktopTask } from '@switchboard/plugin';

/** Invokes a host action (the plugin's scoped `api.actions.invokeAction`). */
export type Invoke = (action: string, payload?: unknown) => Promise<unknown>;

/** A task as Flex plugins see it. */
export interface ITask {
  /** The reservation's sid (`WR…`). */
  readonly sid: string;
  readonly reservationSid: string;
  /** The task's sid (`WT…`). */
  readonly taskSid: string;
  /** The reservation's status: `pending`, `accepted`, `wrapping` (then `completed`, …). */
  readonly status: string;
  /** The task's status: `pending`, `reserved`, `assigned`, `wrapping`, `completed`, `canceled`. */
  readonly taskStatus: string;
  /** The task channel: `chat` (`voice` once the desktop has calls). */
  readonly taskChannelUniqueName: string;
  readonly taskChannelSid: string;
  /** The channel type of the conversation (`web` for the webchat). */
  readonly channelType: string;
  readonly attributes: Record<string, unknown>;
  readonly dateCreated: Date;
  readonly dateUpdated: Date;
  /** Seconds since the reservation was created. */
  readonly age: number;
  readonly priority: number;
  readonly queueName: string;
  readonly queueSid: string;
  readonly workerSid: string;
  /** The chat's sid (Flex 2: the conversation). */
  readonly conversationSid: string;
  /** The chat's sid (Flex 1: the chat channel). */
  readonly channelSid: string;
  readonly defaultFrom: string;
  /** Switchboard's own view of the task. */
  readonly source: DesktopTask;
  /** A call's conference (its participants, live), undefined for a chat or a call not known yet. */
  readonly conference: FlexConference | undefined;
  /** Sets the task's attributes (`SetTaskAttributes`): replaces them, or merges with `mergeExisting`. */
  setAttributes(attributes: Record<string, unknown>, mergeExisting?: boolean): Promise<void>;
  /** `WrapupTask`. */
  wrapUp(): Promise<void>;
  /** `CompleteTask`. */
  complete(): Promise<void>;
  /** `TransferTask` to a worker (`WK…`). */
  transfer(to: string): Promise<void>;
}

/** Flex's conference of a call task: the call's participants, as Flex names them. */
export interface FlexConference {
  /** The call's sid (`CA…`). */
  conferenceSid: string;
  /** Participants who have not left. */
  liveParticipantCount: number;
  participants: Array<{
    /** `customer`, `worker` (an agent), `supervisor`, `external` (a phone). */
    participantType: string;
    workerSid: string | null;
    /** The participant's id in the call: what `targetSid` of the participant actions takes. */
    callSid: string;
    status: 'joining' | 'joined' | 'left';
    onHold: boolean;
    muted: boolean;
  }>;
}

const TYPES: Record<string, string> = { agent: 'worker', phone: 'external' };

/** The default queue of the local contact center (one queue until issue 13). */
export const DEFAULT_QUEUE = { name: 'Everyone', sid: 'WQ00000000000000000000000000000000' };

/** Whether `value` looks like a desktop task (what native task payloads carry). */
export function isDesktopTask(value: unknown): value is DesktopTask {
  const v = value as Partial<DesktopTask> | null;
  return (
    typeof v === 'object' &&
    v !== null &&
    typeof v.taskSid === 'string' &&
    typeof v.channelSid === 'string' &&
    'createdAt' in v
  );
}

/**
 * Turns desktop tasks into ITasks, one ITask per desktop task object (so a task that did not
 * change is the same ITask: React and selectors see no change), and back.
 */
export class TaskTranslator {
  readonly #itasks = new WeakMap<DesktopTask, ITask>();
  readonly #sources = new WeakMap<object, DesktopTask>();
  constructor(
    private readonly invoke: Invoke,
    /** The call of a voice task, in the host's state now. */
    private readonly callOf: (task: DesktopTask) => CallInfo | undefined = () => undefined,
  ) {}

  /** The ITask of `task`. */
  toITask(task: DesktopTask): ITask {
    let itask = this.#itasks.get(task);
    if (itask) return itask;
    const { invoke, callOf } = this;
    const done = (p: Promise<unknown>) => p.then(() => undefined);
    itask = Object.freeze({
      sid: task.sid,
      reservationSid: task.sid,
      taskSid: task.taskSid,
      status: task.status,
      taskStatus: task.taskStatus,
      taskChannelUniqueName: task.channel,
      taskChannelSid: `TC${task.channel}`,
      channelType: task.channel === 'chat' ? 'web' : task.channel,
      attributes: task.attributes,
      dateCreated: new Date(task.createdAt),
      dateUpdated: new Date(task.updatedAt),
      get age() {
        return Math.max(0, Math.floor((Date.now() - task.createdAt) / 1000));
      },
      priority: 0,
      queueName: DEFAULT_QUEUE.name,
      queueSid: DEFAULT_QUEUE.sid,
      workerSid: task.workerSid,
      conversationSid: task.channelSid,
      channelSid: task.channelSid,
      defaultFrom: task.customerName,
      source: task,
      get conference(): FlexConference | undefined {
        const call = callOf(task);
        return (
          call && {
            conferenceSid: call.sid,
            liveParticipantCount: call.participants.filter((p) => p.state !== 'left').length,
            participants: call.participants.map((p) => ({
              participantType: TYPES[p.kind] ?? p.kind,
              workerSid: p.workerSid,
              callSid: p.id,
              status: p.state === 'ringing' ? 'joining' : p.state === 'left' ? 'left' : 'joined',
              onHold: p.state === 'held',
              muted: p.muted,
            })),
          }
        );
      },
      setAttributes: (attributes: Record<string, unknown>, mergeExisting = false) =>
        done(invoke('SetTaskAttributes', { sid: task.sid, attributes, mergeExisting })),
      wrapUp: () => done(invoke('WrapupTask', { sid: task.sid })),
      complete: () => done(invoke('CompleteTask', { sid: task.sid })),
      transfer: (to: string) => done(invoke('TransferTask', { sid: task.sid, targetSid: to })),
    } satisfies ITask);
    this.#itasks.set(task, itask);
    this.#sources.set(itask, task);
    return itask;
  }

  /** The desktop task an ITask was made from, if it was. */
  sourceOf(itask: unknown): DesktopTask | undefined {
    return typeof itask === 'object' && itask !== null ? this.#sources.get(itask) : undefined;
  }
}
