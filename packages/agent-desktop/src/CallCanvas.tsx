/**
 * The call canvas of a voice task (`CallCanvas` slot): the caller, the call's status and
 * duration, its participants (`ParticipantCanvas`: state, hold / resume, remove), the controls
 * (`CallCanvasActions`: mute, hold, hang up), the dial pad (`Dialpad`), and while the call is
 * offered, Accept / Reject with the caller's name.
 */
import { selectCallDtmf, selectCallOfTask, Slot, useStrings, type SlotDefault } from '@switchboard/host';
import type { CallInfo, CallParticipant } from '@switchboard/contact-center';
import type { DesktopTask } from '@switchboard/plugin';
import { useEffect, useMemo, useState } from 'react';
import { useSelector } from 'react-redux';
import { useDesktop, useInvoke, usePending } from './hooks';

type CanvasProps = { task: DesktopTask; call: CallInfo | undefined };
type CallProps = { task: DesktopTask; call: CallInfo };
type ParticipantProps = CallProps & { participant: CallParticipant };

/** Who called (inbound), or the number called (outbound). */
const callerOf = (task: DesktopTask, call: CallInfo | undefined) =>
  call ? (call.direction === 'inbound' ? call.from : call.to) : task.customerName;

/** This agent's participant in the call. */
function useSelf(call: CallInfo): CallParticipant | undefined {
  const me = useDesktop((d) => d.worker?.sid);
  return call.participants.find((p) => p.workerSid === me && p.id === me);
}

/** `m:ss` (or `h:mm:ss`) of a duration in ms. */
export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, '0');
  return h ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

/** Seconds since `since`, ticking while `running`. */
function useElapsed(since: number, running: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!running) return undefined;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [running]);
  return now - since;
}

/** Accept / Reject of an offered call, naming the caller. */
function Incoming({ task, call }: CanvasProps) {
  const invoke = useInvoke();
  const strings = useStrings();
  const accepting = usePending('AcceptTask', { sid: task.sid });
  const rejecting = usePending('RejectTask', { sid: task.sid });
  if (task.status !== 'pending') return null;
  const caller = callerOf(task, call);
  return (
    <div className="sb-call-incoming" role="group" aria-label={strings.get('CallIncoming', { task, caller })}>
      <p>{strings.get('CallIncoming', { task, caller })}</p>
      <button
        type="button"
        className="sb-accept"
        disabled={accepting || rejecting}
        aria-label={strings.get('CallAcceptFrom', { task, caller })}
        onClick={() => void invoke('AcceptTask', { sid: task.sid })}
      >
        {strings.get(accepting ? 'Accepting' : 'Accept')}
      </button>
      <button
        type="button"
        className="sb-reject"
        disabled={accepting || rejecting}
        aria-label={strings.get('CallRejectFrom', { task, caller })}
        onClick={() => void invoke('RejectTask', { sid: task.sid })}
      >
        {strings.get('Reject')}
      </button>
    </div>
  );
}

const CALL_STATUS = { ringing: 'CallStatusRinging', 'in-progress': 'CallStatusInProgress', ended: 'CallStatusEnded' };

/** The caller, the call's status and how long it has lasted. */
function Summary({ task, call }: CanvasProps) {
  const strings = useStrings();
  const me = useDesktop((d) => d.worker?.sid);
  // How long this agent has talked (since it joined), else how long the call has rung.
  const since = call?.participants.find((p) => p.id === me)?.joinedAt ?? call?.createdAt ?? task.createdAt;
  const elapsed = useElapsed(since, call !== undefined && call.status !== 'ended');
  if (!call) return <p role="status">{strings.get('CallStatusConnecting')}</p>;
  const duration = call.status === 'ended' ? call.updatedAt - since : elapsed;
  return (
    <div className="sb-call-summary">
      <h3>
        {strings.get(call.direction === 'inbound' ? 'CallInbound' : 'CallOutbound', {
          task,
          from: call.from,
          to: call.to,
        })}
      </h3>
      <p>
        <span role="status" aria-label={strings.get('CallStatus')} data-call-status={call.status}>
          {strings.get(CALL_STATUS[call.status])}
        </span>
        {' · '}
        <span role="timer" aria-label={strings.get('CallDuration')}>
          {formatDuration(duration)}
        </span>
      </p>
    </div>
  );
}

const KIND = {
  customer: 'CallParticipantCustomer',
  agent: 'CallParticipantAgent',
  supervisor: 'CallParticipantSupervisor',
  phone: 'CallParticipantPhone',
};
const STATE = {
  ringing: 'ParticipantRinging',
  joined: 'ParticipantJoined',
  held: 'ParticipantHeld',
  left: 'ParticipantLeft',
};

/** A participant's name, kind and state. */
function ParticipantInfo({ participant, call }: ParticipantProps) {
  const strings = useStrings();
  const self = useSelf(call);
  const name =
    self?.id === participant.id ? strings.get('CallParticipantYou', { name: participant.name }) : participant.name;
  return (
    <span className="sb-participant-info">
      <span className="sb-participant-name">{name}</span>{' '}
      <span className="sb-muted">({strings.get(KIND[participant.kind])})</span>{' '}
      <span className="sb-participant-state" data-state={participant.state}>
        {strings.get(STATE[participant.state])}
        {participant.muted && `, ${strings.get('ParticipantMuted')}`}
      </span>
    </span>
  );
}

/** Hold / resume and remove another participant who is on the call. */
function ParticipantActions({ task, call, participant }: ParticipantProps) {
  const invoke = useInvoke();
  const strings = useStrings();
  const self = useSelf(call);
  if (participant.id === self?.id || participant.state === 'left' || participant.monitoring || call.status === 'ended')
    return null;
  const held = participant.state === 'held';
  const payload = { sid: task.sid, participantId: participant.id };
  return (
    <span className="sb-participant-actions">
      {participant.state !== 'ringing' && (
        <button
          type="button"
          aria-pressed={held}
          aria-label={strings.get(held ? 'ParticipantUnhold' : 'ParticipantHold', { name: participant.name })}
          onClick={() => void invoke(held ? 'UnholdParticipant' : 'HoldParticipant', payload)}
        >
          {strings.get('CallHold')}
        </button>
      )}
      <button
        type="button"
        aria-label={strings.get('ParticipantKick', { name: participant.name })}
        onClick={() => void invoke('KickParticipant', payload)}
      >
        ✕
      </button>
    </span>
  );
}

/** The children of `ParticipantCanvas`, by key. */
export const PARTICIPANT_CANVAS_CHILDREN: readonly SlotDefault<ParticipantProps>[] = [
  { key: 'info', component: ParticipantInfo, sortOrder: 0 },
  { key: 'actions', component: ParticipantActions, sortOrder: 10 },
];

function Participant({ task, call, participant }: ParticipantProps) {
  const props = useMemo(() => ({ task, call, participant }), [task, call, participant]);
  return (
    <li data-participant={participant.id} data-state={participant.state}>
      <Slot name="ParticipantCanvas" props={props} defaults={PARTICIPANT_CANVAS_CHILDREN} />
    </li>
  );
}

/** Everyone on the call (those who left are listed as such). */
function Participants({ task, call }: CanvasProps) {
  const strings = useStrings();
  if (!call) return null;
  return (
    <ul className="sb-participants" aria-label={strings.get('CallParticipants')}>
      {call.participants.map((participant) => (
        <Participant key={participant.id} task={task} call={call} participant={participant} />
      ))}
    </ul>
  );
}

/** Mute this agent (aria-pressed). */
function MuteButton({ task, call }: CallProps) {
  const invoke = useInvoke();
  const strings = useStrings();
  const muted = useSelf(call)?.muted ?? false;
  return (
    <button type="button" aria-pressed={muted} onClick={() => void invoke('ToggleMute', { sid: task.sid })}>
      {strings.get('CallMute')}
    </button>
  );
}

/** Hold the customer (aria-pressed). */
function HoldButton({ task, call }: CallProps) {
  const invoke = useInvoke();
  const strings = useStrings();
  const customer = call.participants.find((p) => (p.kind === 'customer' || p.kind === 'phone') && p.state !== 'left');
  const held = customer?.state === 'held';
  return (
    <button
      type="button"
      aria-pressed={held}
      disabled={!customer || customer.state === 'ringing'}
      onClick={() => void invoke(held ? 'UnholdCall' : 'HoldCall', { sid: task.sid })}
    >
      {strings.get('CallHold')}
    </button>
  );
}

function HangupButton({ task }: CallProps) {
  const invoke = useInvoke();
  const strings = useStrings();
  const hangingUp = usePending('HangupCall', { sid: task.sid });
  return (
    <button
      type="button"
      className="sb-hangup"
      disabled={hangingUp}
      onClick={() => void invoke('HangupCall', { sid: task.sid })}
    >
      {strings.get('CallHangup')}
    </button>
  );
}

/**
 * The children of `CallCanvasActions`, by key. (Transfer is the task's: the header's
 * "Transfer…" opens the directory, with a cold and a warm transfer per agent for a call.)
 */
export const CALL_CANVAS_ACTIONS_CHILDREN: readonly SlotDefault<CallProps>[] = [
  { key: 'mute', component: MuteButton, sortOrder: 0 },
  { key: 'hold', component: HoldButton, sortOrder: 10 },
  { key: 'hangup', component: HangupButton, sortOrder: 20 },
];

/** This agent is on the call (joined or held) and it goes on. */
const live = (call: CallInfo | undefined, self: CallParticipant | undefined) =>
  call !== undefined &&
  call.status !== 'ended' &&
  self !== undefined &&
  self.state !== 'left' &&
  self.state !== 'ringing';

function Controls({ task, call }: CanvasProps) {
  const strings = useStrings();
  const me = useDesktop((d) => d.worker?.sid);
  const props = useMemo(() => (call ? { task, call } : undefined), [task, call]);
  const self = call?.participants.find((p) => p.workerSid === me && p.id === me);
  if (!props || task.status !== 'accepted' || !live(call, self)) return null;
  return (
    <div className="sb-call-controls" role="toolbar" aria-label={strings.get('CallControls')}>
      <Slot name="CallCanvasActions" props={props} defaults={CALL_CANVAS_ACTIONS_CHILDREN} />
    </div>
  );
}

const KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '*', '0', '#'];

/** The twelve keys: each sends its digit (SendDTMFDigits). */
function DialpadKeys({ task }: CallProps) {
  const invoke = useInvoke();
  const strings = useStrings();
  return (
    <div className="sb-dialpad-keys">
      {KEYS.map((digit) => (
        <button
          key={digit}
          type="button"
          aria-label={strings.get('DialpadKey', { digit })}
          onClick={() => void invoke('SendDTMFDigits', { sid: task.sid, digits: digit })}
        >
          {digit}
        </button>
      ))}
    </div>
  );
}

/** The children of `Dialpad`, by key. */
export const DIALPAD_CHILDREN: readonly SlotDefault<CallProps>[] = [{ key: 'keys', component: DialpadKeys }];

/** The dial pad of a live call, and the digits others just sent. */
function DialpadArea({ task, call }: CanvasProps) {
  const strings = useStrings();
  const me = useDesktop((d) => d.worker?.sid);
  const received = useSelector((state: never) => (call ? selectCallDtmf(state, call.sid) : undefined));
  const props = useMemo(() => (call ? { task, call } : undefined), [task, call]);
  const self = call?.participants.find((p) => p.workerSid === me && p.id === me);
  if (!props || task.status !== 'accepted' || !live(call, self)) return null;
  return (
    <div className="sb-dialpad" role="group" aria-label={strings.get('Dialpad')}>
      <Slot name="Dialpad" props={props} defaults={DIALPAD_CHILDREN} />
      <p role="status" className="sb-dtmf">
        {received ? strings.get('DtmfReceived', { digits: received.digits }) : ''}
      </p>
    </div>
  );
}

/** The children of `CallCanvas`, by key. */
export const CALL_CANVAS_CHILDREN: readonly SlotDefault<CanvasProps>[] = [
  { key: 'incoming', component: Incoming, sortOrder: 0 },
  { key: 'summary', component: Summary, sortOrder: 10 },
  { key: 'participants', component: Participants, sortOrder: 20 },
  { key: 'CallCanvasActions', component: Controls, sortOrder: 30 },
  { key: 'Dialpad', component: DialpadArea, sortOrder: 40 },
];

/** The call canvas of a voice task. */
export function CallCanvas({ task }: { task: DesktopTask }) {
  const strings = useStrings();
  const call = useSelector((state: never) => selectCallOfTask(state, task));
  const props = useMemo(() => ({ task, call }), [task, call]);
  return (
    <section className="sb-call-canvas" aria-label={strings.get('CallCanvasLabel', { task })} data-call={call?.sid}>
      <Slot name="CallCanvas" props={props} defaults={CALL_CANVAS_CHILDREN} />
    </section>
  );
}
