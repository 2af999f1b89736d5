/**
 * The native actions of the agent desktop, registered against a contact-center provider:
 * what the buttons of the desktop invoke, and what plugins observe, replace and invoke.
 * Task actions take `{ sid }` (a reservation's or a task's) or `{ task }`; their
 * payloadUpdate resolves the task from the store, so listeners see `{ sid, task }`. Chat
 * actions take `channelSid` or `channel`; their payloadUpdate resolves `channelSid`.
 */
import type { Store } from '@reduxjs/toolkit';
import { DisposableStore, toDisposable, type ActionsApi, type Disposable, type OwnerRef } from '@switchboard/actions';
import {
  ACTIVITY_LIST,
  attributesProblem,
  newClientId,
  type ActivityInfo,
  type ContactCenterProvider,
  type TransferMode,
} from '@switchboard/contact-center';
import type { DesktopTask, NativeActionName } from '@switchboard/plugin';
import { HostError } from '../errors';
import { invalid, resolveTaskPayload } from './payloads';
import { registerVoiceActions } from './voiceActions';
import {
  directoryHidden,
  directoryShown,
  inputTextChanged,
  messageAdded,
  messageQueued,
  messageRefused,
  queuesListed,
  reservationUpdated,
  selectDesktop,
  taskSelected,
  taskUpdated,
  workersListed,
  workerUpdated,
  type DesktopState,
} from './desktopSlice';

/** Options of {@link registerNativeActions}. */
export interface NativeActionOptions {
  /** Called after `Logout` signed the agent out: the page resets (the agent desktop reloads). */
  onLogout?: () => void;
}

/** Every native action's name, in the order the docs list them. */
export const NATIVE_ACTIONS: readonly NativeActionName[] = [
  'AcceptTask',
  'RejectTask',
  'SelectTask',
  'TransferTask',
  'WrapupTask',
  'CompleteTask',
  'SetTaskAttributes',
  'ShowDirectory',
  'HideDirectory',
  'SetActivity',
  'SetWorkerAttributes',
  'Logout',
  'SendMessage',
  'SetInputText',
  'SendTyping',
];

type Payload = Record<string, unknown>;

/**
 * Registers the native actions on `actions` (the voice actions too: `registerVoiceActions`),
 * calling `provider` and keeping `store`
 * (`state.desktop`) up to date. Everything is owned by `owner` when given; the returned
 * Disposable unregisters them.
 */
export function registerNativeActions(
  actions: ActionsApi,
  store: Store,
  provider: ContactCenterProvider,
  options: NativeActionOptions = {},
  owner: OwnerRef = { id: 'host', disposables: new DisposableStore() },
): Disposable {
  const scope = actions.scope(owner);
  const desktop = (): DesktopState => selectDesktop(store.getState() as { desktop: DesktopState });
  const current = (sid: string): DesktopTask | undefined => desktop().tasks[sid];

  /** payloadUpdate of the task actions: `{ sid }` or `{ task }` → `{ ...payload, sid, task }`. */
  const withTask = (action: string) => (raw: unknown) => resolveTaskPayload(desktop(), action, raw);

  /** payloadUpdate of the chat actions: `channelSid` or `channel` → `{ ...payload, channelSid }`. */
  const withChannel = (action: string, needsBody: boolean) => (raw: unknown) => {
    const payload = (raw ?? {}) as Payload;
    const channelSid = payload.channelSid ?? (payload.channel as { sid?: unknown } | undefined)?.sid;
    if (typeof channelSid !== 'string' || !channelSid)
      throw invalid(action, `channelSid or channel${needsBody ? ', and body' : ''}`, raw);
    if (needsBody && typeof payload.body !== 'string') throw invalid(action, 'a string body', raw);
    if (!desktop().channels[channelSid]) {
      throw new HostError('CHANNEL_NOT_FOUND', `${action}: this agent has no chat channel "${channelSid}"`, {
        action,
        payload: raw,
      });
    }
    return { ...payload, channelSid };
  };

  /** payloadUpdate of SendMessage: the channel, and the idempotency key listeners see too. */
  const withMessage = (raw: unknown) => {
    const payload: Payload = withChannel('SendMessage', true)(raw);
    const { clientId } = payload;
    if (clientId !== undefined && (typeof clientId !== 'string' || !clientId))
      throw invalid('SendMessage', 'a clientId that is a string, when given', raw);
    return { ...payload, clientId: clientId ?? newClientId() };
  };

  /** The attributes of SetTaskAttributes / SetWorkerAttributes, checked: a plain JSON object, mergeExisting a boolean. */
  const checkAttributes = (action: string, p: unknown): { attributes: Payload; mergeExisting: boolean } => {
    const { attributes, mergeExisting } = (p ?? {}) as Payload;
    if (attributes === undefined) throw invalid(action, '{ attributes } (an object)', p);
    const problem = attributesProblem(attributes, 'attributes');
    if (problem) throw new HostError('PAYLOAD_INVALID', `${action}: ${problem}`, { action, payload: p });
    if (mergeExisting !== undefined && typeof mergeExisting !== 'boolean')
      throw invalid(action, 'a boolean mergeExisting, when given', p);
    return { attributes: attributes as Payload, mergeExisting: mergeExisting === true };
  };
  /** TransferTask's `options.mode`: COLD, WARM, or none given. */
  const transferMode = (p: unknown): TransferMode | undefined => {
    const options = (p as { options?: unknown }).options;
    if (options === undefined) return undefined;
    const mode = (options as { mode?: unknown } | null)?.mode;
    if (mode === undefined) return undefined;
    if (mode !== 'COLD' && mode !== 'WARM')
      throw invalid('TransferTask', "options.mode 'COLD' or 'WARM', when given", p);
    return mode;
  };
  /** The activity list: the contact center's, or the standard one before the first snapshot. */
  const activities = (): readonly ActivityInfo[] =>
    desktop().activities.length ? desktop().activities : ACTIVITY_LIST;

  type TaskPayload = { sid: string; task: DesktopTask };
  type ChatPayload = { channelSid: string; body: string };
  const ended = (task: DesktopTask, status: DesktopTask['status']): DesktopTask =>
    current(task.sid) ?? { ...task, status };

  scope.registerAction(
    'AcceptTask',
    async (p) => {
      const { task } = p as TaskPayload;
      store.dispatch(reservationUpdated(await provider.acceptReservation(task.sid)));
      store.dispatch(taskSelected(task.sid));
      return ended(task, 'accepted');
    },
    withTask('AcceptTask'),
  );
  scope.registerAction(
    'RejectTask',
    async (p) => {
      const { task } = p as TaskPayload;
      store.dispatch(reservationUpdated(await provider.rejectReservation(task.sid)));
      return ended(task, 'rejected');
    },
    withTask('RejectTask'),
  );
  scope.registerAction(
    'SelectTask',
    (p) => {
      const { task } = p as TaskPayload;
      store.dispatch(taskSelected(task.sid));
      return task;
    },
    withTask('SelectTask'),
  );
  scope.registerAction(
    'TransferTask',
    async (p) => {
      const { task, targetSid } = p as TaskPayload & { targetSid?: unknown };
      if (typeof targetSid !== 'string' || !targetSid)
        throw invalid('TransferTask', '{ targetSid } (a worker sid, or a queue sid from the directory)', p);
      if (targetSid === desktop().worker?.sid) {
        throw new HostError('PAYLOAD_INVALID', 'TransferTask: targetSid is this agent; choose another agent', {
          action: 'TransferTask',
        });
      }
      const mode = transferMode(p);
      if (mode === 'WARM' && task.channel !== 'voice') {
        throw new HostError(
          'PAYLOAD_INVALID',
          `TransferTask: a WARM transfer is for calls; task ${task.sid} is a ${task.channel}`,
          {
            action: 'TransferTask',
          },
        );
      }
      const info = await (mode === undefined
        ? provider.transferTask(task.taskSid, targetSid)
        : provider.transferTask(task.taskSid, targetSid, { mode }));
      store.dispatch(taskUpdated(info));
      if (desktop().directory.open) store.dispatch(directoryHidden());
      // A warm transfer keeps the task with this agent until it hangs up.
      return mode === 'WARM' ? (current(task.sid) ?? task) : ended(task, 'transferred');
    },
    withTask('TransferTask'),
  );
  scope.registerAction(
    'WrapupTask',
    async (p) => {
      const { task } = p as TaskPayload;
      store.dispatch(taskUpdated(await provider.wrapupTask(task.taskSid)));
      return ended(task, 'wrapping');
    },
    withTask('WrapupTask'),
  );
  scope.registerAction(
    'CompleteTask',
    async (p) => {
      const { task } = p as TaskPayload;
      store.dispatch(taskUpdated(await provider.completeTask(task.taskSid)));
      return ended(task, 'completed');
    },
    withTask('CompleteTask'),
  );
  scope.registerAction('SetActivity', async (p) => {
    const { activitySid, activityName } = (p ?? {}) as Payload;
    const list = activities();
    const needs =
      `{ activityName } (one of ${list.map((a) => a.name).join(', ')}) ` +
      `or { activitySid } (one of ${list.map((a) => a.sid).join(', ')})`;
    if ((activitySid === undefined) === (activityName === undefined)) throw invalid('SetActivity', needs, p);
    const activity =
      activitySid !== undefined ? list.find((a) => a.sid === activitySid) : list.find((a) => a.name === activityName);
    if (!activity) throw invalid('SetActivity', needs, p);
    const worker = await provider.setActivity({ activitySid: activity.sid });
    store.dispatch(workerUpdated(worker));
    return worker;
  });
  // Attributes are checked before the listeners run (they see `mergeExisting` as a boolean), and
  // again before the call (a listener may have changed them).
  scope.registerAction(
    'SetWorkerAttributes',
    async (p) => {
      const { attributes, mergeExisting } = checkAttributes('SetWorkerAttributes', p);
      const worker = await provider.setWorkerAttributes(attributes, { mergeExisting });
      store.dispatch(workerUpdated(worker));
      return worker;
    },
    (raw: unknown) => ({ ...(raw as Payload), ...checkAttributes('SetWorkerAttributes', raw) }),
  );
  scope.registerAction(
    'SetTaskAttributes',
    async (p) => {
      const { task } = p as TaskPayload;
      const { attributes, mergeExisting } = checkAttributes('SetTaskAttributes', p);
      store.dispatch(taskUpdated(await provider.setTaskAttributes(task.taskSid, attributes, { mergeExisting })));
      return current(task.sid) ?? { ...task, attributes };
    },
    (raw: unknown) => ({ ...withTask('SetTaskAttributes')(raw), ...checkAttributes('SetTaskAttributes', raw) }),
  );
  scope.registerAction(
    'ShowDirectory',
    async (p) => {
      const { task } = p as { task?: DesktopTask };
      // Opens at once with what the desktop knows, then with the contact center's current list.
      store.dispatch(directoryShown({ taskSid: task?.sid ?? null }));
      const [workers, queues] = await Promise.all([provider.listWorkers(), provider.listQueues()]);
      store.dispatch(workersListed(workers));
      store.dispatch(queuesListed(queues));
    },
    (raw: unknown) => {
      // The task of the payload ({ sid } or { task }), else the selected one, else none.
      const payload = (raw ?? {}) as Payload;
      if (payload.sid !== undefined || payload.task !== undefined) return withTask('ShowDirectory')(raw);
      const selected = desktop().selectedTaskSid;
      const task = selected === null ? undefined : current(selected);
      return task ? { ...payload, sid: task.sid, task } : { ...payload };
    },
  );
  scope.registerAction('HideDirectory', () => {
    store.dispatch(directoryHidden());
  });
  scope.registerAction('Logout', async () => {
    await provider.logout();
    options.onLogout?.();
  });
  scope.registerAction(
    'SendMessage',
    async (p) => {
      const { channelSid, body, clientId } = p as ChatPayload & { clientId: string };
      if (!body.trim()) throw invalid('SendMessage', 'a body that is not blank', p);
      // Shown as sending at once; the input held what is sent now.
      store.dispatch(messageQueued({ channelSid, clientId, body, queuedAt: Date.now() }));
      if (desktop().channels[channelSid]?.inputText === body)
        store.dispatch(inputTextChanged({ channelSid, body: '' }));
      let message;
      try {
        // However long the contact center is away: the client resends it once it is back.
        message = await provider.sendMessage(channelSid, body, { clientId });
      } catch (error) {
        store.dispatch(messageRefused({ channelSid, clientId }));
        // Nothing written is lost: the text goes back to the input, unless the agent started another.
        if (desktop().channels[channelSid]?.inputText === '') store.dispatch(inputTextChanged({ channelSid, body }));
        throw error;
      }
      store.dispatch(messageAdded(message));
      return message;
    },
    withMessage,
  );
  scope.registerAction(
    'SetInputText',
    (p) => {
      const { channelSid, body } = p as ChatPayload;
      store.dispatch(inputTextChanged({ channelSid, body }));
    },
    withChannel('SetInputText', true),
  );
  scope.registerAction(
    'SendTyping',
    (p) => {
      provider.sendTyping((p as ChatPayload).channelSid);
    },
    withChannel('SendTyping', false),
  );
  // The voice actions (HoldCall, StartOutboundCall, …), in their own file, registered with these.
  const voice = registerVoiceActions(actions, store, provider, owner);
  return toDisposable(() => {
    voice.dispose();
    scope.dispose();
  });
}
