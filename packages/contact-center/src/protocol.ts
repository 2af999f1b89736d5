/**
 * The wire protocol between the local contact center and its clients (JSON text frames over
 * one WebSocket per client, `/ws?token=…`). Types only: the server validates every inbound
 * frame with zod (`server/schemas.ts`), the clients trust the server.
 *
 * Client → server: a request `{ type, id?, ...params }`. Every request with an `id` gets
 * exactly one reply with that id: `{ type: 'result', id, result }` or
 * `{ type: 'error', id, code, message }`. A request without an id (typing) is answered only
 * when it fails (`id: null`).
 *
 * Server → client: first `{ type: 'snapshot', snapshot }` (the whole view, after every
 * connect), then replies and `{ type: 'event', event, data }` pushes.
 */
import type { ContactCenterErrorCode } from './errors';
import type {
  Activity,
  AgentSnapshot,
  ChannelInfo,
  ChatMessage,
  CustomerSnapshot,
  QueueInfo,
  ReservationInfo,
  TaskInfo,
  TypingEvent,
  WorkerInfo,
} from './types';
import type {
  CallDtmf,
  CallInfo,
  CallSignal,
  PhoneSnapshot,
  QueueStats,
  SignalData,
  SupervisorView,
  TeamMember,
} from './voice';

/** A request's correlation id, echoed by its reply. */
export type RequestId = string | number;

/** What an agent may ask, by frame `type`: the params it sends and the result it gets. */
export interface AgentRequests {
  /** By name (`activity`) or by sid (`activitySid`): one of the two. */
  setActivity: { params: { activity: Activity } | { activitySid: string }; result: WorkerInfo };
  setWorkerAttributes: {
    params: { attributes: Record<string, unknown>; mergeExisting?: boolean };
    result: WorkerInfo;
  };
  setTaskAttributes: {
    params: { taskSid: string; attributes: Record<string, unknown>; mergeExisting?: boolean };
    result: TaskInfo;
  };
  acceptReservation: { params: { reservationSid: string }; result: ReservationInfo };
  rejectReservation: { params: { reservationSid: string }; result: ReservationInfo };
  /** `mode` (default COLD): WARM keeps the transferring agent on a call until they hang up. */
  transferTask: { params: { taskSid: string; toWorkerSid: string; mode?: 'COLD' | 'WARM' }; result: TaskInfo };
  wrapupTask: { params: { taskSid: string }; result: TaskInfo };
  completeTask: { params: { taskSid: string }; result: TaskInfo };
  sendMessage: { params: { channelSid: string; body: string; clientId: string }; result: ChatMessage };
  sendTyping: { params: { channelSid: string }; result: null };
  getMessages: { params: { channelSid: string; afterIndex?: number }; result: ChatMessage[] };
  listWorkers: { params: Record<string, never>; result: WorkerInfo[] };
  listQueues: { params: Record<string, never>; result: QueueInfo[] };
  logout: { params: Record<string, never>; result: null };

  // ---- voice (the agent's own calls) ----
  /** A voice task assigned to this agent at once, and its call ringing `destination`. */
  startOutboundCall: {
    params: { destination: string; callerId?: string; queueSid?: string; taskAttributes?: Record<string, unknown> };
    result: { task: TaskInfo; call: CallInfo };
  };
  holdParticipant: { params: { callSid: string; participantId: string }; result: CallInfo };
  unholdParticipant: { params: { callSid: string; participantId: string }; result: CallInfo };
  kickParticipant: { params: { callSid: string; participantId: string }; result: CallInfo };
  /** This agent leaves the call; with no agent left on it, the call ends for all (task → wrapping). */
  hangupCall: { params: { callSid: string }; result: CallInfo };
  /** Ends the call for every participant. */
  endConference: { params: { callSid: string }; result: CallInfo };
  setMuted: { params: { callSid: string; muted: boolean }; result: CallInfo };
  sendDtmf: { params: { callSid: string; digits: string }; result: null };
  /** Relays a WebRTC signal to another participant of the call (usually sent without an id). */
  signal: { params: { callSid: string; to: string; data: SignalData }; result: null };

  // ---- supervisor only (CC_FORBIDDEN for an agent) ----
  /** Listen in on a call (receive only), or read a chat (read only). */
  monitorTask: { params: { taskSid: string }; result: { task: TaskInfo; call: CallInfo | null } };
  stopMonitoringTask: { params: { taskSid: string }; result: null };
  getSupervisorView: { params: Record<string, never>; result: SupervisorView };
  /** Every queue's live figures (any agent). */
  getQueueStats: { params: Record<string, never>; result: QueueStats[] };
}

/**
 * What a customer may ask. `channelSid` is optional (the token names the channel); when
 * given it must be the customer's own.
 */
export interface CustomerRequests {
  sendMessage: { params: { channelSid?: string; body: string; clientId: string }; result: ChatMessage };
  sendTyping: { params: { channelSid?: string }; result: null };
  getMessages: { params: { channelSid?: string; afterIndex?: number }; result: ChatMessage[] };
  leave: { params: { channelSid?: string }; result: null };
  /** On a voice engagement: the call is the channel's. */
  signal: { params: { channelSid?: string; to: string; data: SignalData }; result: null };
  setMuted: { params: { channelSid?: string; muted: boolean }; result: CallInfo };
  sendDtmf: { params: { channelSid?: string; digits: string }; result: null };
}

/** What a phone page (a registered number) may ask, about the calls to its number. */
export interface PhoneRequests {
  answerCall: { params: { callSid: string }; result: CallInfo };
  /** Declines a ringing call, or hangs up a joined one. */
  hangupCall: { params: { callSid: string }; result: CallInfo };
  signal: { params: { callSid: string; to: string; data: SignalData }; result: null };
  setMuted: { params: { callSid: string; muted: boolean }; result: CallInfo };
  sendDtmf: { params: { callSid: string; digits: string }; result: null };
}

/** Every frame type a client may send. */
export type RequestType = keyof AgentRequests | keyof CustomerRequests | keyof PhoneRequests;

/** A request frame of type `K` from map `M`. */
export type RequestFrame<M, K extends keyof M> = { type: K; id?: RequestId } & (M[K] extends { params: infer P }
  ? P
  : never);

/** Pushed events, by name: the same names as the clients' events. */
export interface PushEvents {
  workerUpdated: WorkerInfo;
  reservationUpdated: ReservationInfo;
  taskUpdated: TaskInfo;
  channelUpdated: ChannelInfo;
  messageAdded: ChatMessage;
  typing: TypingEvent;
  /** A call the recipient is on (or monitors, or is rung by) changed. */
  callUpdated: CallInfo;
  callSignal: CallSignal;
  callDtmf: CallDtmf;
  /** Every agent: the queues' figures (throttled). */
  queueStatsUpdated: QueueStats[];
  /** Supervisors: everyone's tasks (throttled; the whole list). */
  teamUpdated: TeamMember[];
  /** Every agent: a plugin release went live or was rolled back (refetch `GET /api/registry/active`). */
  releaseChanged: { releaseSid: string | null };
}

export type PushEventName = keyof PushEvents;

/** Frames the server sends. */
export type ServerFrame =
  | { type: 'snapshot'; snapshot: AgentSnapshot | CustomerSnapshot | PhoneSnapshot }
  | { type: 'result'; id: RequestId; result: unknown }
  | { type: 'error'; id: RequestId | null; code: ContactCenterErrorCode; message: string }
  | { [K in PushEventName]: { type: 'event'; event: K; data: PushEvents[K] } }[PushEventName];

/** An HTTP error body: every non-2xx answer of the API has this shape. */
export interface HttpErrorBody {
  error: { code: ContactCenterErrorCode; message: string };
}

/** The claims of a verified token, as `GET /api/session` returns them. */
export type SessionInfo =
  | { role: 'agent'; workerSid: string; identity: string }
  | { role: 'customer'; channelSid: string; identity: string; friendlyName: string }
  | { role: 'phone'; number: string; identity: string };

/** The WebSocket path of the server. */
export const SOCKET_PATH = '/ws';
