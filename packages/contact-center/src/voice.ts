/**
 * Voice, queues and the supervisor's view: the domain types every side shares (server, agent
 * desktop, webchat, phone page). Plain, serializable data, as in `types.ts`.
 *
 * A call is a task on the `voice` channel. Its task has a channel (`CH…`, no messages: it
 * scopes the customer's token as for a chat) and a call (`CA…`) with participants. The contact
 * center is only the signalling server: audio flows between the browsers over WebRTC, one
 * peer connection per pair of joined participants (a mesh; calls are small). Of each pair,
 * the participant who joined later makes the offer (ties: the greater id).
 */

/**
 * A worker's role: a supervisor may also monitor calls and chats and sees the Teams view; an
 * admin may also write to the plugin registry (deploy, configure, release, roll back). An
 * admin is not a supervisor (name different identities for the two).
 */
export type WorkerRole = 'agent' | 'supervisor' | 'admin';

/** Who a call participant is. `phone`: a phone page's registered number (outbound calls). */
export type ParticipantKind = 'customer' | 'agent' | 'supervisor' | 'phone';

/**
 * A participant's state: `ringing` (offered, not answered), `joined` (talking), `held`
 * (joined, but nobody hears them and they hear nobody), `left` (hung up, kicked or ended).
 */
export type ParticipantState = 'ringing' | 'joined' | 'held' | 'left';

/** One participant of a call. */
export interface CallParticipant {
  /** Stable within the call: the customer's identity, a worker's sid (`WK…`) or `phone:+1555…`. */
  id: string;
  kind: ParticipantKind;
  /** The name people see. */
  name: string;
  /** The worker, for agents and supervisors. */
  workerSid: string | null;
  state: ParticipantState;
  /** Muted by themselves (ToggleMute): they send no audio. */
  muted: boolean;
  /** A supervisor listening in: receives only, and the customer is not told. */
  monitoring: boolean;
  /** When they joined (ms), null while ringing: of two peers the later one makes the offer. */
  joinedAt: number | null;
}

/** A call's state: `ringing` until an agent (or the called phone) answers, `ended` for good. */
export type CallStatus = 'ringing' | 'in-progress' | 'ended';

/** One voice call (Flex's conference). */
export interface CallInfo {
  /** `CA…` */
  sid: string;
  taskSid: string;
  /** The task's channel (`CH…`): the customer's token names it. */
  channelSid: string;
  direction: 'inbound' | 'outbound';
  status: CallStatus;
  /** The caller: the customer's name (inbound) or the caller id (outbound). */
  from: string;
  /** The called: the queue's name (inbound) or the destination number (outbound). */
  to: string;
  participants: CallParticipant[];
  createdAt: number;
  updatedAt: number;
}

/** A WebRTC signalling message relayed between two participants of a call (never stored). */
export type SignalData =
  | { type: 'offer' | 'answer'; sdp: string }
  | { type: 'candidate'; candidate: { candidate: string; sdpMid?: string | null; sdpMLineIndex?: number | null } };

/** A relayed signal, as its recipient gets it. */
export interface CallSignal {
  callSid: string;
  /** The sender's participant id. */
  from: string;
  data: SignalData;
}

/** Digits sent on a call (SendDTMFDigits), as the other participants get them. */
export interface CallDtmf {
  callSid: string;
  from: string;
  /** `0-9`, `*`, `#`, `w` (a pause). */
  digits: string;
}

/** A queue's live figures (every agent hears them; the Teams view shows them). */
export interface QueueStats {
  queueSid: string;
  name: string;
  /** Tasks waiting in the queue (pending), and offered but not yet accepted (reserved). */
  waitingTasks: number;
  reservedTasks: number;
  /** How long the oldest waiting task has waited (ms), 0 when none waits. */
  longestWaitMs: number;
  /** Workers the queue selects who are Available now (with or without free capacity). */
  availableWorkers: number;
  /** Workers the queue selects, whatever their activity. */
  eligibleWorkers: number;
  /** Tasks currently assigned or wrapping that came through this queue. */
  activeTasks: number;
}

/** One task of a worker, as the Teams view lists it. */
export interface TeamTask {
  taskSid: string;
  channelType: 'chat' | 'voice';
  /** The reservation's status: pending, accepted or wrapping. */
  status: 'pending' | 'accepted' | 'wrapping';
  customerName: string;
  queueSid: string | null;
  /** Since when (ms) it has been in this status. */
  since: number;
}

/** One worker of the Teams view: who they are, what they do, what they hold. */
export interface TeamMember {
  workerSid: string;
  tasks: TeamTask[];
}

/** What a supervisor's snapshot adds: everyone's tasks and every queue's figures. */
export interface SupervisorView {
  team: TeamMember[];
  queueStats: QueueStats[];
}

/** What a phone page registers as (`POST /api/phones`): its number and the token to use it. */
export interface PhoneRegistration {
  /** E.164-like: `+` and 3–15 digits. */
  number: string;
  /** Signed: lets this phone answer, signal and hang up its own calls, nothing else. */
  token: string;
}

/** What starting a call gives the customer (`POST /api/voice/calls`). */
export interface CallEngagement {
  callSid: string;
  channelSid: string;
  taskSid: string;
  identity: string;
  friendlyName: string;
  token: string;
}

/** A phone's view, sent on every (re)connect: its number and its calls not yet ended. */
export interface PhoneSnapshot {
  number: string;
  calls: CallInfo[];
}

/** ICE servers for real networks (STUN/TURN); on 127.0.0.1 none are needed. */
export interface IceServerConfig {
  urls: string | string[];
  username?: string;
  credential?: string;
}
