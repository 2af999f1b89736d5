/**
 * The native voice actions (see `VoiceActions` in @switchboard/plugin), registered against a
 * contact-center provider beside the other native actions: hold, mute, hang up, kick, DTMF and
 * outbound calls. Call actions resolve the task (`{ sid }` or `{ task }`) and its call from
 * the store, so listeners see `{ sid, task, callSid }`; participant actions add
 * `participantId`. A provider without `voice` refuses each with `VOICE_NOT_SUPPORTED`.
 */
import type { Store } from '@reduxjs/toolkit';
import { DisposableStore, type ActionsApi, type Disposable, type OwnerRef } from '@switchboard/actions';
import type { CallInfo, CallParticipant, ContactCenterProvider, VoiceOperations } from '@switchboard/contact-center';
import type { DesktopTask, VoiceActionName } from '@switchboard/plugin';
import { HostError } from '../errors';
import {
  callUpdated,
  selectCallOfTask,
  selectDesktop,
  taskSelected,
  taskUpdated,
  type DesktopState,
} from './desktopSlice';
import { invalid, resolveTaskPayload } from './payloads';

/** Every voice action's name, in the order the docs list them. */
export const VOICE_ACTIONS: readonly VoiceActionName[] = [
  'HoldCall',
  'UnholdCall',
  'HoldParticipant',
  'UnholdParticipant',
  'KickParticipant',
  'HangupCall',
  'EndConferenceForAll',
  'ToggleMute',
  'SendDTMFDigits',
  'StartOutboundCall',
];

/** A phone number as the contact center dials it: `+` and 3–15 digits. */
export const PHONE_NUMBER = /^\+\d{3,15}$/;
/** DTMF digits: `0-9`, `*`, `#`, and `w` (a pause). */
const DTMF = /^[0-9*#w]+$/;

type Payload = Record<string, unknown>;
type CallPayload = { sid: string; task: DesktopTask; callSid: string };
type ParticipantPayload = CallPayload & { participantId: string };

/** Participants who are still on the call. */
const present = (p: CallParticipant) => p.state !== 'left';
const isCustomer = (p: CallParticipant) => p.kind === 'customer' || p.kind === 'phone';
/** The customer of a call (or the phone an outbound call rings): the one still on it first. */
const customerOf = (call: CallInfo): CallParticipant | undefined =>
  call.participants.find((p) => isCustomer(p) && present(p)) ?? call.participants.find(isCustomer);

/**
 * Registers the voice actions on `actions`, calling `provider.voice` and keeping `store`
 * (`state.desktop.calls`) up to date. Owned by `owner` when given; the returned Disposable
 * unregisters them.
 */
export function registerVoiceActions(
  actions: ActionsApi,
  store: Store,
  provider: ContactCenterProvider,
  owner: OwnerRef = { id: 'host', disposables: new DisposableStore() },
): Disposable {
  const scope = actions.scope(owner);
  const root = () => store.getState() as { desktop: DesktopState };
  const desktop = () => selectDesktop(root());

  /** The provider's voice operations, or VOICE_NOT_SUPPORTED naming the action. */
  const voice = (action: string): VoiceOperations => {
    if (provider.voice) return provider.voice;
    throw new HostError(
      'VOICE_NOT_SUPPORTED',
      `${action}: this contact center has no voice (its provider has no \`voice\` operations)`,
      { action },
    );
  };
  /** The call of a resolved task, or CALL_NOT_FOUND. */
  const callOf = (action: string, task: DesktopTask, raw: unknown): CallInfo => {
    const call = selectCallOfTask(root(), task);
    if (call) return call;
    throw new HostError(
      'CALL_NOT_FOUND',
      `${action}: task ${task.sid} has no call${task.channel === 'voice' ? ' (yet)' : ` (it is a ${task.channel} task)`}`,
      { action, payload: raw },
    );
  };
  /** payloadUpdate of the call actions: the task and its call. */
  const withCall = (action: string) => (raw: unknown) => {
    voice(action);
    const payload = resolveTaskPayload(desktop(), action, raw);
    return { ...payload, callSid: callOf(action, payload.task, raw).sid };
  };
  /** payloadUpdate of the participant actions: the task, its call and the participant's id. */
  const withParticipant = (action: string) => (raw: unknown) => {
    const payload = withCall(action)(raw);
    const call = desktop().calls[payload.callSid]!;
    const { participantId, targetSid, participantType } = payload as Payload;
    const ref = participantId ?? targetSid;
    const customer = () => customerOf(call);
    // Flex names the customer by the sid of its call leg: the call's, or one this desktop does not know.
    const found =
      (typeof ref === 'string' && ref
        ? (call.participants.find((p) => p.id === ref || p.workerSid === ref) ??
          (ref === call.sid ? customer() : undefined))
        : undefined) ?? (participantType === 'customer' ? customer() : undefined);
    if (ref === undefined && participantType !== 'customer')
      throw invalid(action, '{ participantId } or { targetSid } (or participantType "customer")', raw);
    if (!found) {
      throw new HostError(
        'PARTICIPANT_NOT_FOUND',
        `${action}: call ${call.sid} has no participant ${typeof ref === 'string' ? `"${ref}"` : 'customer'} ` +
          `(its participants: ${call.participants.map((p) => p.id).join(', ') || 'none'})`,
        { action, payload: raw },
      );
    }
    return { ...payload, participantId: found.id };
  };
  /** payloadUpdate of HoldCall / UnholdCall: the customer (or called phone) of the task's call. */
  const withCustomer = (action: string) => (raw: unknown) => {
    const payload = withCall(action)(raw);
    const call = desktop().calls[payload.callSid]!;
    const customer = customerOf(call);
    if (!customer)
      throw new HostError('PARTICIPANT_NOT_FOUND', `${action}: call ${call.sid} has no customer`, {
        action,
        payload: raw,
      });
    return { ...payload, participantId: customer.id };
  };
  /** Stores what an operation answered and returns it. */
  const updated = (call: CallInfo): CallInfo => {
    store.dispatch(callUpdated(call));
    return call;
  };

  const participantAction = (
    action: VoiceActionName,
    run: (voice: VoiceOperations, callSid: string, participantId: string) => Promise<CallInfo>,
    payloadUpdate: (raw: unknown) => ParticipantPayload,
  ) =>
    scope.registerAction(
      action,
      async (p) => {
        const { callSid, participantId } = p as ParticipantPayload;
        return updated(await run(voice(action), callSid, participantId));
      },
      payloadUpdate,
    );
  participantAction('HoldCall', (v, c, id) => v.holdParticipant(c, id), withCustomer('HoldCall'));
  participantAction('UnholdCall', (v, c, id) => v.unholdParticipant(c, id), withCustomer('UnholdCall'));
  participantAction('HoldParticipant', (v, c, id) => v.holdParticipant(c, id), withParticipant('HoldParticipant'));
  participantAction(
    'UnholdParticipant',
    (v, c, id) => v.unholdParticipant(c, id),
    withParticipant('UnholdParticipant'),
  );
  participantAction('KickParticipant', (v, c, id) => v.kickParticipant(c, id), withParticipant('KickParticipant'));

  scope.registerAction(
    'HangupCall',
    async (p) => updated(await voice('HangupCall').hangupCall((p as CallPayload).callSid)),
    withCall('HangupCall'),
  );
  scope.registerAction(
    'EndConferenceForAll',
    async (p) => updated(await voice('EndConferenceForAll').endConference((p as CallPayload).callSid)),
    withCall('EndConferenceForAll'),
  );
  scope.registerAction(
    'ToggleMute',
    async (p) => {
      const { callSid, muted } = p as CallPayload & { muted: unknown };
      if (typeof muted !== 'boolean') throw invalid('ToggleMute', 'a boolean muted, when given', p);
      return updated(await voice('ToggleMute').setMuted(callSid, muted));
    },
    (raw: unknown) => {
      const payload = (raw ?? {}) as Payload;
      let resolved: CallPayload;
      if (payload.sid !== undefined || payload.task !== undefined) resolved = withCall('ToggleMute')(raw);
      else {
        // As in Flex: the current call — the selected task's, else this agent's only live one.
        voice('ToggleMute');
        const state = desktop();
        const live = (t: DesktopTask | undefined) => {
          const call = t && t.status === 'accepted' ? selectCallOfTask(root(), t) : undefined;
          return call !== undefined && call.status !== 'ended';
        };
        const selected = state.selectedTaskSid === null ? undefined : state.tasks[state.selectedTaskSid];
        const others = Object.values(state.tasks).filter(live);
        const task = live(selected) ? selected : others.length === 1 ? others[0] : undefined;
        if (!task) {
          throw invalid(
            'ToggleMute',
            '{ sid } or { task } (no call is selected and this agent is not on exactly one call)',
            raw,
          );
        }
        resolved = { ...payload, sid: task.sid, task, callSid: callOf('ToggleMute', task, raw).sid };
      }
      const me = desktop().worker?.sid;
      const self = desktop().calls[resolved.callSid]!.participants.find((x) => x.workerSid === me && present(x));
      // Listeners see what it will be; a `muted` given explicitly wins.
      return { ...resolved, muted: typeof payload.muted === 'boolean' ? payload.muted : !(self?.muted ?? false) };
    },
  );
  scope.registerAction(
    'SendDTMFDigits',
    async (p) => {
      const { callSid, digits } = p as CallPayload & { digits: unknown };
      if (typeof digits !== 'string' || !DTMF.test(digits))
        throw invalid('SendDTMFDigits', 'digits of 0-9, *, # and w', p);
      await voice('SendDTMFDigits').sendDtmf(callSid, digits);
    },
    (raw: unknown) => {
      const payload = withCall('SendDTMFDigits')(raw);
      const { digits } = payload as Payload;
      if (typeof digits !== 'string' || !DTMF.test(digits))
        throw invalid('SendDTMFDigits', 'digits of 0-9, *, # and w', raw);
      return payload;
    },
  );
  // The payload is checked before the listeners run and again before the call: a
  // before-listener may set callerId (a caller-id picker), queueSid or taskAttributes.
  const checkOutbound = (p: unknown) => {
    const { destination, callerId, queueSid, taskAttributes } = (p ?? {}) as Payload;
    if (typeof destination !== 'string' || !PHONE_NUMBER.test(destination))
      throw invalid('StartOutboundCall', 'a destination of + and 3 to 15 digits', p);
    if (callerId !== undefined && (typeof callerId !== 'string' || !callerId))
      throw invalid('StartOutboundCall', 'a callerId that is a string, when given', p);
    if (queueSid !== undefined && (typeof queueSid !== 'string' || !queueSid))
      throw invalid('StartOutboundCall', 'a queueSid that is a string, when given', p);
    if (
      taskAttributes !== undefined &&
      (typeof taskAttributes !== 'object' || taskAttributes === null || Array.isArray(taskAttributes))
    )
      throw invalid('StartOutboundCall', 'taskAttributes that are an object, when given', p);
    return {
      destination,
      ...(callerId === undefined ? {} : { callerId: callerId as string }),
      ...(queueSid === undefined ? {} : { queueSid: queueSid as string }),
      ...(taskAttributes === undefined ? {} : { taskAttributes: taskAttributes as Record<string, unknown> }),
    };
  };
  scope.registerAction(
    'StartOutboundCall',
    async (p) => {
      const result = await voice('StartOutboundCall').startOutboundCall(checkOutbound(p));
      store.dispatch(taskUpdated(result.task));
      store.dispatch(callUpdated(result.call));
      // The new task shows at once when its reservation is known already.
      const task = Object.values(desktop().tasks).find((t) => t.taskSid === result.task.sid);
      if (task) store.dispatch(taskSelected(task.sid));
      return result;
    },
    (raw: unknown) => {
      voice('StartOutboundCall');
      checkOutbound(raw);
      return { ...(raw as Payload) };
    },
  );
  return scope;
}
