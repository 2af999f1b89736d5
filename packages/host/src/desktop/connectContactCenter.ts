/**
 * Keeps `state.desktop` in step with a contact center: every event of the provider becomes
 * a store update. With the native actions, this is all the host needs to run an agent's
 * desktop on a provider. It also derives the desktop's events (taskReceived, taskAccepted, …)
 * that the host emits on `host.events`.
 */
import type { Store } from '@reduxjs/toolkit';
import { DisposableStore, toDisposable, type Disposable } from '@switchboard/actions';
import type {
  ConnectionState,
  ContactCenterProvider,
  ReservationStatus,
  WorkerInfo,
} from '@switchboard/contact-center';
import type { DesktopTask } from '@switchboard/plugin';
import {
  callUpdated,
  channelUpdated,
  connectionChanged,
  dtmfCleared,
  dtmfReceived,
  messageAdded,
  reservationUpdated,
  snapshotReceived,
  taskUpdated,
  typingReceived,
  workerUpdated,
  type DesktopState,
} from './desktopSlice';

/**
 * The agent desktop's events (on `host.events`), derived from the contact center's. A task is
 * a {@link DesktopTask} (one reservation of this agent); for the events that end it, the task
 * as it was last, with the reservation's final `status`.
 */
export interface DesktopEvents {
  /** A task was offered to this agent (a pending reservation, its task known). */
  taskReceived: (task: DesktopTask) => void;
  /** This agent accepted a task. */
  taskAccepted: (task: DesktopTask) => void;
  /** The attributes of a task this agent holds changed (SetTaskAttributes, here or on another desktop). */
  taskUpdated: (task: DesktopTask) => void;
  /** The customer left: the task was canceled (offered or accepted). */
  taskCanceled: (task: DesktopTask) => void;
  /** This agent completed a task. */
  taskCompleted: (task: DesktopTask) => void;
  /** This agent rejected an offer (or went Offline with it pending). */
  taskRejected: (task: DesktopTask) => void;
  /** The task left this agent without being completed: it was transferred (to an agent or a queue). */
  taskRescinded: (task: DesktopTask) => void;
  /** An offer was not answered in time: it goes to another agent. */
  taskTimeout: (task: DesktopTask) => void;
  /** A task of this agent went to wrap-up. */
  taskWrapup: (task: DesktopTask) => void;
  /** This agent's activity changed. */
  workerActivityUpdated: (worker: WorkerInfo) => void;
  /** This agent's attributes changed. */
  workerAttributesUpdated: (worker: WorkerInfo) => void;
  /** The connection to the contact center changed. */
  connectionStateChanged: (state: ConnectionState) => void;
}

/** How the mirror emits the desktop's events. */
export type DesktopEventSink = <K extends keyof DesktopEvents>(event: K, ...args: Parameters<DesktopEvents[K]>) => void;

/** The event of a reservation that ended, by its final status. */
const ENDINGS: Partial<Record<ReservationStatus, keyof DesktopEvents>> = {
  completed: 'taskCompleted',
  rejected: 'taskRejected',
  timeout: 'taskTimeout',
  canceled: 'taskCanceled',
  transferred: 'taskRescinded',
};
const LIVE: ReadonlySet<ReservationStatus> = new Set(['pending', 'accepted', 'wrapping']);
const json = (value: unknown) => JSON.stringify(value);

/** How long received digits stay in `state.desktop.dtmf` (ms). */
export const DTMF_SHOWN_MS = 4_000;

/**
 * Mirrors `provider`'s events into `store` until the returned Disposable is disposed. A
 * channel that becomes visible (a new offer) gets its history fetched: its first messages
 * were written before this agent could read them. `emit` receives the desktop's events.
 */
export function mirrorContactCenter(
  provider: ContactCenterProvider,
  store: Store,
  onError: (message: string, error: unknown) => void = () => {},
  emit: DesktopEventSink = () => {},
): Disposable {
  const subscriptions = new DisposableStore();
  const on = subscriptions.add.bind(subscriptions);
  const desktop = () => (store.getState() as { desktop?: DesktopState }).desktop;
  const known = (channelSid: string) => !!desktop()?.channels[channelSid];
  const fetchHistory = (channelSid: string) =>
    provider.getMessages(channelSid).then(
      (messages) => {
        if (subscriptions.disposed) return;
        for (const message of messages) store.dispatch(messageAdded(message));
      },
      (error: unknown) => onError(`the history of chat channel ${channelSid} could not be fetched`, error),
    );

  // ---- the desktop's events --------------------------------------------------------------
  /** Each task as the events last saw it, by reservation sid. */
  const seen = new Map<string, DesktopTask>();
  /** Tasks that left the store before the contact center said why (their ending comes next). */
  const vanished = new Map<string, DesktopTask>();
  let worker: WorkerInfo | null = null;
  let last: DesktopState | undefined;
  /** Compares the store with what the events saw: offers, accepts, wrap-ups, attributes, the worker. */
  const compare = () => {
    const state = desktop();
    if (!state || state === last) return;
    last = state;
    for (const [sid, before] of seen) {
      if (state.tasks[sid]) continue;
      seen.delete(sid);
      vanished.set(sid, before);
    }
    for (const task of Object.values(state.tasks)) {
      const before = seen.get(task.sid);
      seen.set(task.sid, task);
      if (!before) {
        if (task.status === 'pending') emit('taskReceived', task);
        continue;
      }
      if (before.status !== task.status) {
        // The reservation's change comes before its task's: the event shows the task's status it implies.
        if (task.status === 'accepted') emit('taskAccepted', { ...task, taskStatus: 'assigned' });
        else if (task.status === 'wrapping') {
          if (before.status === 'pending') emit('taskAccepted', { ...task, taskStatus: 'assigned' });
          emit('taskWrapup', { ...task, taskStatus: 'wrapping' });
        }
      }
      if (before.attributes !== task.attributes && json(before.attributes) !== json(task.attributes))
        emit('taskUpdated', task);
    }
    const me = state.worker;
    if (me && worker && me.sid === worker.sid && me !== worker) {
      if (me.activity !== worker.activity) emit('workerActivityUpdated', me);
      if (json(me.attributes) !== json(worker.attributes)) emit('workerAttributesUpdated', me);
    }
    worker = me;
  };
  /** A reservation ended: its task leaves with the event that says why. */
  const ended = (status: ReservationStatus, sid: string, updatedAt: number) => {
    const before = seen.get(sid) ?? vanished.get(sid);
    seen.delete(sid);
    vanished.delete(sid);
    const event = ENDINGS[status];
    if (!before || !event) return;
    // What the task became (its own update comes after the reservation's); a transfer's depends on the target.
    const taskStatus =
      status === 'completed' || status === 'canceled'
        ? status
        : status === 'rejected' || status === 'timeout'
          ? 'pending'
          : before.taskStatus;
    emit(event, { ...before, status, taskStatus, updatedAt: Math.max(before.updatedAt, updatedAt) });
  };
  on(toDisposable(store.subscribe(compare)));

  store.dispatch(connectionChanged(provider.connectionState));
  on(
    provider.on('connectionStateChanged', (state) => {
      store.dispatch(connectionChanged(state));
      emit('connectionStateChanged', state);
    }),
  );
  on(
    provider.on('snapshot', (snapshot) => {
      store.dispatch(snapshotReceived(snapshot));
      // The snapshot is the new baseline: what left meanwhile ended without an event to say why.
      vanished.clear();
    }),
  );
  on(provider.on('workerUpdated', (w) => store.dispatch(workerUpdated(w))));
  on(
    provider.on('reservationUpdated', (reservation) => {
      store.dispatch(reservationUpdated(reservation));
      if (!LIVE.has(reservation.status)) ended(reservation.status, reservation.sid, reservation.updatedAt);
    }),
  );
  on(provider.on('taskUpdated', (task) => store.dispatch(taskUpdated(task))));
  on(
    provider.on('channelUpdated', (channel) => {
      const isNew = !known(channel.sid);
      store.dispatch(channelUpdated(channel));
      if (isNew && known(channel.sid)) void fetchHistory(channel.sid);
    }),
  );
  on(provider.on('messageAdded', (message) => store.dispatch(messageAdded(message))));
  on(provider.on('typing', (event) => store.dispatch(typingReceived(event))));
  // Calls: their state, and the digits others send, shown for a few seconds. (Signals are the
  // media layer's: the agent desktop hands them to its CallMedia.)
  on(provider.on('callUpdated', (call) => store.dispatch(callUpdated(call))));
  on(
    provider.on('callDtmf', (dtmf) => {
      const at = Date.now();
      store.dispatch(dtmfReceived({ ...dtmf, at }));
      const timer = setTimeout(() => {
        subscriptions.deleteAndLeak(stop);
        store.dispatch(dtmfCleared({ callSid: dtmf.callSid, at }));
      }, DTMF_SHOWN_MS);
      const stop = on(toDisposable(() => clearTimeout(timer)));
    }),
  );
  compare();
  return subscriptions;
}
