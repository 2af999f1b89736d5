/**
 * The native voice actions of the agent desktop, with Flex's names and payloads: hold, mute,
 * hang up, kick, DTMF and outbound calls. The host registers them when its contact center has
 * voice (`provider.voice`); without it each rejects with `VOICE_NOT_SUPPORTED` naming the
 * action. They are part of {@link NativeActions}. Types only.
 *
 * A call action names its task like any task action (`{ sid }`, a reservation or task sid, or
 * `{ task }`); its payloadUpdate resolves the task and its call, so listeners see
 * `{ sid, task, callSid }`.
 *
 * @example
 * // A caller-id picker: set the number the called phone sees, before the call starts.
 * api.actions.addListener('beforeStartOutboundCall', (payload) => {
 *   payload.callerId = '+15550100';
 * });
 */
import type { CallInfo, TaskInfo, TransferMode } from '@switchboard/contact-center';
import type { DesktopTask, TaskActionPayload } from './nativeActions';

/** What a call action's listeners see: the task and its call resolved from the store. */
export interface ResolvedCallPayload {
  sid: string;
  task: DesktopTask;
  /** The task's call (`CA…`). */
  callSid: string;
}

/**
 * A participant of a task's call, as Flex names one: `targetSid` (a worker's sid `WK…`, or for
 * the customer its participant id or the call's sid) with `participantType`, or the
 * participant's id in the call (`participantId`: the customer's identity, a worker's sid, `phone:+…`).
 */
export type ParticipantRef =
  | { participantId: string; targetSid?: string; participantType?: ParticipantType }
  | { targetSid: string; participantId?: string; participantType?: ParticipantType }
  | { participantType: 'customer'; targetSid?: string; participantId?: string };

/** Flex's `participantType` of the participant actions. */
export type ParticipantType = 'customer' | 'worker' | 'supervisor' | 'external' | 'transfer';

/** The payload of the actions on the call of a task this agent holds: the task. */
export type CallActionPayload = TaskActionPayload;

/** The voice actions: name → `{ payload, result }`. */
export interface VoiceActions {
  /** Holds the customer (or the called phone) on the task's call: they hear nobody, and nobody hears them. */
  HoldCall: { payload: CallActionPayload; result: CallInfo };
  /** Takes the customer off hold. */
  UnholdCall: { payload: CallActionPayload; result: CallInfo };
  /** Holds one participant of the task's call (another agent in a warm transfer, the customer…). */
  HoldParticipant: { payload: CallActionPayload & ParticipantRef; result: CallInfo };
  /** Takes a participant off hold. */
  UnholdParticipant: { payload: CallActionPayload & ParticipantRef; result: CallInfo };
  /** Removes a participant from the task's call (they leave it). */
  KickParticipant: { payload: CallActionPayload & ParticipantRef; result: CallInfo };
  /** This agent leaves the call; with no agent left on it, it ends for all and the task goes to wrap-up. */
  HangupCall: { payload: CallActionPayload; result: CallInfo };
  /** Ends the task's call for every participant. */
  EndConferenceForAll: { payload: CallActionPayload; result: CallInfo };
  /**
   * Mutes or unmutes this agent on a call (the others stop hearing them). As in Flex it needs
   * no payload: the selected task's call, else this agent's only live call. Listeners see
   * `muted`: what it will be.
   */
  ToggleMute: { payload: Partial<TaskActionPayload> | undefined; result: CallInfo };
  /** Sends digits on the task's call (`0-9`, `*`, `#`, `w` a pause): the others get `callDtmf`. */
  SendDTMFDigits: { payload: CallActionPayload & { digits: string }; result: void };
  /**
   * Calls a number (`destination`: `+` and 3–15 digits): a voice task assigned to this agent at
   * once, its call ringing the destination. Before-listeners may set `callerId` (the number the
   * called phone sees), `queueSid` and `taskAttributes` on the payload. Resolves with the task and call.
   */
  StartOutboundCall: {
    payload: {
      destination: string;
      callerId?: string;
      queueSid?: string;
      taskAttributes?: Record<string, unknown>;
    };
    result: { task: TaskInfo; call: CallInfo };
  };
}

/** Options of TransferTask: `mode` `COLD` (default) or `WARM` (calls: this agent stays on until it hangs up). */
export interface TransferOptions {
  mode?: TransferMode;
}

/** The name of a voice action. */
export type VoiceActionName = keyof VoiceActions;
