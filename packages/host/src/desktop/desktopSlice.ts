/**
 * The agent desktop's state (`state.desktop`): this agent, the other workers, its tasks and
 * their chat channels, as the contact center reports them. The contact center's events are
 * the only writers, apart from what is the desktop's own (the selected task, unsent text).
 */
import { createSelector, createSlice, type PayloadAction } from '@reduxjs/toolkit';
import type {
  ActivityInfo,
  AgentSnapshot,
  CallDtmf,
  CallInfo,
  IceServerConfig,
  ChannelInfo,
  ChatMessage,
  ConnectionState,
  QueueInfo,
  ReservationInfo,
  TaskInfo,
  TypingEvent,
  WorkerInfo,
} from '@switchboard/contact-center';
import type { DesktopChannel, DesktopTask, OutgoingMessage } from '@switchboard/plugin';

/**
 * The directory: the agents and queues a task can be transferred to (ShowDirectory opens it,
 * HideDirectory or a transfer closes it). Its agents are `state.desktop.workers`
 * (`selectDirectory` lists them); its queues come from the contact center.
 */
export interface DirectoryState {
  open: boolean;
  /** The task (a reservation sid) it was opened for, if any. */
  taskSid: string | null;
  /** The queues (transfer targets beside the agents). */
  queues: QueueInfo[];
}

/** The desktop's slice of the store. */
export interface DesktopState {
  connection: ConnectionState;
  /** This agent, once connected (with its `attributes` and `activitySid`). */
  worker: WorkerInfo | null;
  /** Every worker, by sid (for transfers). */
  workers: Record<string, WorkerInfo>;
  /** The contact center's activity list (what SetActivity takes, by sid or name). */
  activities: ActivityInfo[];
  /** The transfer directory. */
  directory: DirectoryState;
  /** This agent's reservations, by sid, as the contact center reported them last. */
  reservations: Record<string, ReservationInfo>;
  /** The tasks of those reservations, by task sid. */
  taskInfos: Record<string, TaskInfo>;
  /** What the desktop shows: one task per active reservation (pending, accepted, wrapping), by reservation sid. */
  tasks: Record<string, DesktopTask>;
  /** The task the canvas shows (a reservation sid). */
  selectedTaskSid: string | null;
  /** The chat channels of the tasks, by sid. */
  channels: Record<string, DesktopChannel>;
  /** The calls of the tasks (and of the calls this agent monitors), by call sid (`CA…`); an ended one stays while its task does. */
  calls: Record<string, CallInfo>;
  /** The digits last received on each call (`callDtmf`), by call sid, for a few seconds (`at`: when). */
  dtmf: Record<string, CallDtmf & { at: number }>;
  /** The ICE servers calls use (the contact center's; none on 127.0.0.1). */
  iceServers: IceServerConfig[];
}

const ACTIVE: ReadonlySet<string> = new Set(['pending', 'accepted', 'wrapping']);

const initialState: DesktopState = {
  connection: 'idle',
  worker: null,
  workers: {},
  activities: [],
  directory: { open: false, taskSid: null, queues: [] },
  reservations: {},
  taskInfos: {},
  tasks: {},
  selectedTaskSid: null,
  channels: {},
  calls: {},
  dtmf: {},
  iceServers: [],
};

/** The task a reservation stands for, when it is active and its task is known. */
function desktopTask(state: DesktopState, r: ReservationInfo): DesktopTask | undefined {
  const info = state.taskInfos[r.taskSid];
  if (!info || !ACTIVE.has(r.status)) return undefined;
  const channel = state.channels[info.channelSid];
  const formName = info.attributes.friendlyName ?? info.attributes.name ?? info.attributes.customerName;
  return {
    sid: r.sid,
    taskSid: info.sid,
    status: r.status,
    taskStatus: info.status,
    channel: info.channelType,
    channelSid: info.channelSid,
    customerName: channel?.customer.friendlyName ?? (typeof formName === 'string' ? formName : 'Customer'),
    attributes: info.attributes,
    workerSid: r.workerSid,
    createdAt: r.createdAt,
    updatedAt: Math.max(r.updatedAt, info.updatedAt),
    expiresAt: r.expiresAt,
    callSid: info.callSid ?? Object.values(state.calls).find((c) => c.taskSid === info.sid)?.sid ?? null,
  };
}

/** Rebuilds `tasks` from the reservations (events arrive in any order: a task may come first). */
function rebuild(state: DesktopState): void {
  const tasks: Record<string, DesktopTask> = {};
  for (const r of Object.values(state.reservations)) {
    const task = desktopTask(state, r);
    if (task) tasks[r.sid] = task;
  }
  state.tasks = tasks;
  if (state.selectedTaskSid !== null && !tasks[state.selectedTaskSid]) state.selectedTaskSid = null;
  // The directory of a task that left closes with it.
  if (state.directory.taskSid !== null && !tasks[state.directory.taskSid])
    state.directory = { ...state.directory, open: false, taskSid: null };
}

/**
 * A reservation ended (completed, transferred, rejected, …): it is history. Its task and
 * channel go too, unless another active reservation of this agent still needs them.
 */
function forget(state: DesktopState, ended: ReservationInfo): void {
  delete state.reservations[ended.sid];
  const stillNeeded = Object.values(state.reservations).some(
    (r) => r.taskSid === ended.taskSid && ACTIVE.has(r.status),
  );
  if (stillNeeded) return;
  const info = state.taskInfos[ended.taskSid];
  delete state.taskInfos[ended.taskSid];
  if (info) delete state.channels[info.channelSid];
  for (const call of Object.values(state.calls)) {
    if (call.taskSid !== ended.taskSid) continue;
    delete state.calls[call.sid];
    delete state.dtmf[call.sid];
  }
}

/**
 * Adds `message` to its channel in index order, once (resends and resyncs never duplicate);
 * the outgoing message it was, if any, leaves the outbox.
 */
function addMessage(channel: DesktopChannel, message: ChatMessage): void {
  if (message.clientId !== null && channel.outbox.some((o) => o.clientId === message.clientId))
    channel.outbox = channel.outbox.filter((o) => o.clientId !== message.clientId);
  const { messages } = channel;
  if (messages.some((m) => m.sid === message.sid || m.index === message.index)) return;
  let at = messages.length;
  while (at > 0 && messages[at - 1]!.index > message.index) at--;
  messages.splice(at, 0, message);
  if (channel.typing?.identity === message.author) channel.typing = null;
}

function upsertChannel(state: DesktopState, info: ChannelInfo): DesktopChannel {
  const existing = state.channels[info.sid];
  const channel: DesktopChannel = existing
    ? { ...existing, ...info }
    : { ...info, messages: [], inputText: '', typing: null, outbox: [] };
  state.channels[info.sid] = channel;
  return channel;
}

export const desktopSlice = createSlice({
  name: 'desktop',
  initialState,
  reducers: {
    connectionChanged(state, { payload }: PayloadAction<ConnectionState>) {
      state.connection = payload;
    },
    /**
     * After every (re)connect: the contact center's view replaces ours; what the agent wrote
     * and did not send, or sent and is not stored yet, stays.
     */
    snapshotReceived(state, { payload }: PayloadAction<AgentSnapshot>) {
      const kept = Object.fromEntries(Object.entries(state.channels).map(([sid, c]) => [sid, c]));
      state.worker = payload.worker;
      state.workers = Object.fromEntries(payload.workers.map((w) => [w.sid, w]));
      // Older contact centers send neither: the desktop keeps what it had.
      if (payload.activities) state.activities = payload.activities;
      if (payload.queues) state.directory.queues = payload.queues;
      state.reservations = Object.fromEntries(payload.reservations.map((r) => [r.sid, r]));
      state.taskInfos = Object.fromEntries(payload.tasks.map((t) => [t.sid, t]));
      state.channels = {};
      for (const info of payload.channels) {
        const channel = upsertChannel(state, info);
        channel.inputText = kept[info.sid]?.inputText ?? '';
        channel.outbox = kept[info.sid]?.outbox ?? [];
      }
      for (const message of payload.messages) {
        const channel = state.channels[message.channelSid];
        if (channel) addMessage(channel, message);
      }
      // Older contact centers send no calls: the desktop keeps what it had.
      if (payload.iceServers) state.iceServers = payload.iceServers;
      if (payload.calls) state.calls = Object.fromEntries(payload.calls.map((c) => [c.sid, c]));
      rebuild(state);
    },
    workerUpdated(state, { payload }: PayloadAction<WorkerInfo>) {
      state.workers[payload.sid] = payload;
      if (state.worker?.sid === payload.sid) state.worker = payload;
    },
    reservationUpdated(state, { payload }: PayloadAction<ReservationInfo>) {
      if (ACTIVE.has(payload.status)) state.reservations[payload.sid] = payload;
      else forget(state, payload);
      rebuild(state);
    },
    taskUpdated(state, { payload }: PayloadAction<TaskInfo>) {
      state.taskInfos[payload.sid] = payload;
      rebuild(state);
    },
    channelUpdated(state, { payload }: PayloadAction<ChannelInfo>) {
      // A channel closing after its task ended is history already.
      if (payload.status === 'closed' && !state.channels[payload.sid]) return;
      upsertChannel(state, payload);
      rebuild(state);
    },
    messageAdded(state, { payload }: PayloadAction<ChatMessage>) {
      const channel = state.channels[payload.channelSid];
      if (channel) addMessage(channel, payload);
    },
    typingReceived(state, { payload }: PayloadAction<TypingEvent>) {
      const channel = state.channels[payload.channelSid];
      if (channel) channel.typing = payload;
    },
    /** SendMessage queued a message: it shows as sending until it is stored or refused. */
    messageQueued(state, { payload }: PayloadAction<OutgoingMessage & { channelSid: string }>) {
      const channel = state.channels[payload.channelSid];
      const { channelSid: _, ...message } = payload;
      if (channel && !channel.outbox.some((o) => o.clientId === message.clientId)) channel.outbox.push(message);
    },
    /** The contact center refused a queued message (or the client stopped): it leaves the outbox. */
    messageRefused(state, { payload }: PayloadAction<{ channelSid: string; clientId: string }>) {
      const channel = state.channels[payload.channelSid];
      if (channel) channel.outbox = channel.outbox.filter((o) => o.clientId !== payload.clientId);
    },
    inputTextChanged(state, { payload }: PayloadAction<{ channelSid: string; body: string }>) {
      const channel = state.channels[payload.channelSid];
      if (channel) channel.inputText = payload.body;
    },
    /** A call of this agent's changed; an ended one is kept while its task is (the canvas says it ended). */
    callUpdated(state, { payload }: PayloadAction<CallInfo>) {
      const known = !!state.calls[payload.sid] || !!state.taskInfos[payload.taskSid];
      if (payload.status === 'ended' && !known) return;
      const had = state.calls[payload.sid];
      state.calls[payload.sid] = payload;
      if (!had) rebuild(state);
    },
    /** Digits were sent on a call: shown for a few seconds (`dtmfCleared` after). */
    dtmfReceived(state, { payload }: PayloadAction<CallDtmf & { at: number }>) {
      if (state.calls[payload.callSid]) state.dtmf[payload.callSid] = payload;
    },
    /** The digits received at `at` on a call are no longer shown (newer ones stay). */
    dtmfCleared(state, { payload }: PayloadAction<{ callSid: string; at: number }>) {
      if (state.dtmf[payload.callSid]?.at === payload.at) delete state.dtmf[payload.callSid];
    },
    taskSelected(state, { payload }: PayloadAction<string | null>) {
      state.selectedTaskSid = payload !== null && state.tasks[payload] ? payload : null;
    },
    /** The directory (listWorkers) as the contact center has it now: replaces the workers. */
    workersListed(state, { payload }: PayloadAction<WorkerInfo[]>) {
      state.workers = Object.fromEntries(payload.map((w) => [w.sid, w]));
      const me = state.worker && state.workers[state.worker.sid];
      if (me) state.worker = me;
    },
    queuesListed(state, { payload }: PayloadAction<QueueInfo[]>) {
      state.directory.queues = payload;
    },
    /** ShowDirectory: opens the directory, for a task (a reservation sid) or none. */
    directoryShown(state, { payload }: PayloadAction<{ taskSid: string | null }>) {
      const taskSid = payload.taskSid !== null && state.tasks[payload.taskSid] ? payload.taskSid : null;
      state.directory = { ...state.directory, open: true, taskSid };
    },
    directoryHidden(state) {
      state.directory = { ...state.directory, open: false, taskSid: null };
    },
  },
});

export const {
  connectionChanged,
  snapshotReceived,
  workerUpdated,
  reservationUpdated,
  taskUpdated,
  channelUpdated,
  messageAdded,
  messageQueued,
  messageRefused,
  typingReceived,
  inputTextChanged,
  taskSelected,
  workersListed,
  queuesListed,
  directoryShown,
  directoryHidden,
  callUpdated,
  dtmfReceived,
  dtmfCleared,
} = desktopSlice.actions;

type WithDesktop = { desktop: DesktopState };

/** The desktop's state. */
export const selectDesktop = (state: WithDesktop): DesktopState => state.desktop;
/** The tasks, oldest first (memoized). */
export const selectTasks: (state: WithDesktop) => DesktopTask[] = createSelector(
  [(state: WithDesktop) => state.desktop.tasks],
  (tasks) => Object.values(tasks).sort((a, b) => a.createdAt - b.createdAt || a.sid.localeCompare(b.sid)),
);
/** The selected task, if any. */
export const selectSelectedTask = (state: WithDesktop): DesktopTask | undefined =>
  state.desktop.selectedTaskSid === null ? undefined : state.desktop.tasks[state.desktop.selectedTaskSid];
/** A channel, with its messages and unsent text. */
export const selectChannel = (state: WithDesktop, channelSid: string): DesktopChannel | undefined =>
  state.desktop.channels[channelSid];

/** What the directory shows: whether it is open, its task, the other agents (Available first, by name), the queues. */
export interface DirectoryView {
  open: boolean;
  task: DesktopTask | undefined;
  /** Every other agent, Available ones first, then by name. */
  workers: WorkerInfo[];
  /** The agents a task can be transferred to now (Available, not this agent). */
  available: WorkerInfo[];
  queues: QueueInfo[];
}

/** The directory (memoized). */
export const selectDirectory: (state: WithDesktop) => DirectoryView = createSelector(
  [
    (state: WithDesktop) => state.desktop.directory,
    (state: WithDesktop) => state.desktop.workers,
    (state: WithDesktop) => state.desktop.worker?.sid,
    (state: WithDesktop) => state.desktop.tasks,
  ],
  (directory, workers, me, tasks) => {
    const others = Object.values(workers)
      .filter((w) => w.sid !== me)
      .sort(
        (a, b) =>
          Number(b.activity === 'Available') - Number(a.activity === 'Available') ||
          a.fullName.localeCompare(b.fullName),
      );
    return {
      open: directory.open,
      task: directory.taskSid === null ? undefined : tasks[directory.taskSid],
      workers: others,
      available: others.filter((w) => w.activity === 'Available'),
      queues: directory.queues,
    };
  },
);
/** The activity list. */
export const selectActivities = (state: WithDesktop): ActivityInfo[] => state.desktop.activities;

/** Every call the desktop knows, by call sid. */
export const selectCalls = (state: WithDesktop): Record<string, CallInfo> => state.desktop.calls;
/**
 * The call of a task (by reservation sid, task sid, or the task), if it is a voice task whose
 * call is known.
 *
 * @example
 * const call = useSelector((state) => selectCallOfTask(state, task.sid));
 */
export const selectCallOfTask = (
  state: WithDesktop,
  task: string | Pick<DesktopTask, 'taskSid' | 'callSid'>,
): CallInfo | undefined => {
  const { calls, tasks } = state.desktop;
  const found = typeof task === 'string' ? (tasks[task] ?? Object.values(tasks).find((t) => t.taskSid === task)) : task;
  const taskSid = found?.taskSid ?? (typeof task === 'string' ? task : undefined);
  return (found?.callSid ? calls[found.callSid] : undefined) ?? Object.values(calls).find((c) => c.taskSid === taskSid);
};
/** The digits last received on a call, while they are shown. */
export const selectCallDtmf = (state: WithDesktop, callSid: string): (CallDtmf & { at: number }) | undefined =>
  state.desktop.dtmf[callSid];
