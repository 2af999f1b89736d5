/**
 * The supervisor's native actions (see `SupervisorActions` in @switchboard/plugin):
 * `MonitorCall` listens in on a call (receive only) or reads a chat (read only);
 * `StopMonitoringCall` ends it. Registered on every contact center, they refuse a worker who
 * is not a supervisor (`NOT_SUPERVISOR`) and a contact center without supervision
 * (`SUPERVISION_UNAVAILABLE`) before any listener runs; the contact center checks again (an
 * agent's token gets `CC_FORBIDDEN`).
 */
import type { Store } from '@reduxjs/toolkit';
import { DisposableStore, type ActionsApi, type Disposable, type OwnerRef } from '@switchboard/actions';
import type { ContactCenterProvider, SupervisorOperations, TaskInfo } from '@switchboard/contact-center';
import type { MonitoredTask, SupervisorActionName } from '@switchboard/plugin';
import { HostError } from '../errors';
import { selectDesktop, type DesktopState } from './desktopSlice';
import {
  findTeamTask,
  monitoredMessagesReceived,
  monitoringStarted,
  monitoringStopped,
  selectSupervisor,
  type SupervisorState,
} from './supervisorSlice';

/** Every supervisor action's name. */
export const SUPERVISOR_ACTIONS: readonly SupervisorActionName[] = ['MonitorCall', 'StopMonitoringCall'];

type Payload = Record<string, unknown>;
type State = { desktop: DesktopState; supervisor?: SupervisorState };

const shown = (payload: unknown): string => {
  try {
    const text = JSON.stringify(payload) ?? String(payload);
    return text.length > 80 ? `${text.slice(0, 77)}...` : text;
  } catch {
    return String(payload);
  }
};

/** The task sid of `{ sid }` or `{ task }` (anything with a `taskSid`, or a task's own `sid`). */
const taskSidOf = (raw: unknown): string | undefined => {
  const payload = (raw ?? {}) as Payload;
  const task = payload.task as { taskSid?: unknown; sid?: unknown } | undefined;
  const ref = task?.taskSid ?? payload.sid ?? task?.sid;
  return typeof ref === 'string' && ref ? ref : undefined;
};

/** The customer's name of a task the team does not list (yet). */
const customerOf = (task: TaskInfo): string => {
  const { friendlyName, name, customerName } = task.attributes as Record<string, unknown>;
  const found = [friendlyName, name, customerName].find((v) => typeof v === 'string' && v);
  return (found as string | undefined) ?? 'Customer';
};

/**
 * Registers MonitorCall and StopMonitoringCall on `actions`, calling `provider.supervision`
 * and keeping `state.supervisor.monitoring` up to date. The Disposable unregisters them.
 *
 * @example
 * registerSupervisorActions(host.actions, host.store, provider);
 * await host.actions.invokeAction('MonitorCall', { sid: 'WT…' }); // a supervisor listens in
 */
export function registerSupervisorActions(
  actions: ActionsApi,
  store: Store,
  provider: ContactCenterProvider,
  owner: OwnerRef = { id: 'host', disposables: new DisposableStore() },
): Disposable {
  const scope = actions.scope(owner);
  const state = () => store.getState() as State;
  const monitoring = () => selectSupervisor(state()).monitoring;

  /** The supervision, if this worker is a supervisor and the contact center has it; else a typed refusal. */
  const supervision = (action: SupervisorActionName, payload: unknown): SupervisorOperations => {
    const worker = selectDesktop(state()).worker;
    if (worker?.role !== 'supervisor') {
      const who = worker ? `worker "${worker.identity}" (${worker.sid}) is an agent` : 'no worker is signed in';
      throw new HostError('NOT_SUPERVISOR', `${action}: only supervisors monitor tasks; ${who}`, { action, payload });
    }
    if (!provider.supervision)
      throw new HostError('SUPERVISION_UNAVAILABLE', `${action}: this contact center offers no supervision`, {
        action,
        payload,
      });
    return provider.supervision;
  };

  scope.registerAction(
    'MonitorCall',
    async (p) => {
      const { taskSid } = p as { taskSid: string };
      const ops = supervision('MonitorCall', p);
      const before = monitoring();
      if (before && before.taskSid !== taskSid)
        await actions.invokeAction('StopMonitoringCall', { sid: before.taskSid });
      const { task, call } = await ops.monitorTask(taskSid);
      const team = findTeamTask(state(), taskSid);
      const monitored: MonitoredTask = {
        taskSid,
        channelType: task.channelType,
        channelSid: task.channelSid,
        customerName: team?.task.customerName ?? customerOf(task),
        workerSid: team?.workerSid ?? null,
        call,
        messages: [],
        since: Date.now(),
      };
      store.dispatch(monitoringStarted(monitored));
      // A chat: its history (what is added from now on comes as messageAdded).
      if (task.channelType === 'chat')
        store.dispatch(monitoredMessagesReceived(await provider.getMessages(task.channelSid)));
      return monitoring() ?? monitored;
    },
    (raw: unknown) => {
      supervision('MonitorCall', raw);
      const taskSid = taskSidOf(raw);
      if (!taskSid)
        throw new HostError(
          'PAYLOAD_INVALID',
          `MonitorCall: the payload needs { sid } or { task }, got ${shown(raw)}`,
          {
            action: 'MonitorCall',
            payload: raw,
          },
        );
      return { ...((raw ?? {}) as Payload), taskSid };
    },
  );

  scope.registerAction(
    'StopMonitoringCall',
    async (p) => {
      const { taskSid } = p as { taskSid: string | null };
      if (taskSid === null) return;
      await supervision('StopMonitoringCall', p).stopMonitoringTask(taskSid);
      store.dispatch(monitoringStopped(taskSid));
    },
    (raw: unknown) => {
      supervision('StopMonitoringCall', raw);
      const given = raw === undefined ? undefined : taskSidOf(raw);
      if (raw !== undefined && !given)
        throw new HostError(
          'PAYLOAD_INVALID',
          `StopMonitoringCall: the payload needs { sid } or { task }, or nothing (the monitored task), got ${shown(raw)}`,
          { action: 'StopMonitoringCall', payload: raw },
        );
      const current = monitoring();
      if (given !== undefined && current?.taskSid !== given)
        throw new HostError(
          'TASK_NOT_FOUND',
          `StopMonitoringCall: task "${given}" is not monitored (${current ? `"${current.taskSid}" is` : 'none is'})`,
          { action: 'StopMonitoringCall', payload: raw },
        );
      return { ...((raw ?? {}) as Payload), taskSid: current?.taskSid ?? null };
    },
  );
  return scope;
}
