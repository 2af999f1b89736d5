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
  transferTask: { params: { taskSid: string; toWorkerSid: string }; result: TaskInfo };
  wrapupTask: { params: { taskSid: string }; result: TaskInfo };
  completeTask: { params: { taskSid: string }; result: TaskInfo };
  sendMessage: { params: { channelSid: string; body: string; clientId: string }; result: ChatMessage };
  sendTyping: { params: { channelSid: string }; result: null };
  getMessages: { params: { channelSid: string; afterIndex?: number }; result: ChatMessage[] };
  listWorkers: { params: Record<string, never>; result: WorkerInfo[] };
  listQueues: { params: Record<string, never>; result: QueueInfo[] };
  logout: { params: Record<string, never>; result: null };
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
}

/** Every frame type a client may send. */
export type RequestType = keyof AgentRequests | keyof CustomerRequests;

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
}

export type PushEventName = keyof PushEvents;

/** Frames the server sends. */
export type ServerFrame =
  | { type: 'snapshot'; snapshot: AgentSnapshot | CustomerSnapshot }
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
  | { role: 'customer'; channelSid: string; identity: string; friendlyName: string };

/** The WebSocket path of the server. */
export const SOCKET_PATH = '/ws';
