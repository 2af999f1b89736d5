import type { Disposable } from '@switchboard/actions';
import { Emitter } from '@switchboard/actions/events';
import { ContactCenterError } from '../errors';
import { SOCKET_PATH, type AgentRequests, type SessionInfo } from '../protocol';
import type {
  ActivityRef,
  AgentEvents,
  ConnectionState,
  ContactCenterProvider,
  OutboundCallParams,
  SendMessageOptions,
  SetAttributesOptions,
  SupervisorOperations,
  TransferMode,
  VoiceOperations,
} from '../provider';
import type { Activity, AgentSnapshot, ChatMessage, QueueInfo, ReservationInfo, TaskInfo, WorkerInfo } from '../types';
import type { QueueStats } from '../voice';
import { joinUrl, requestJson, socketUrl, type FetchLike } from './http';
import { MessageTracker, newClientId } from './MessageTracker';
import { RpcSocket, type ReconnectOptions, type WebSocketConstructor } from './RpcSocket';

/** Options of {@link createAgentClient}. */
export interface AgentClientOptions {
  /** The contact center's HTTP origin, e.g. `http://127.0.0.1:4000`. */
  serverUrl: string;
  /** Log in as this worker (the local contact center has no passwords). */
  identity?: string;
  /** Or use this agent token (from `POST /api/agents/login`). One of the two is required. */
  token?: string;
  /** Default `globalThis.WebSocket`; in Node pass `ws`'s `WebSocket`. */
  WebSocket?: WebSocketConstructor;
  /** Default `globalThis.fetch`. */
  fetch?: FetchLike;
  /** Backoff of the reconnects, or `false` to stay closed when the connection drops. */
  reconnect?: ReconnectOptions | false;
  /** How long a request may wait for its answer (default 10,000 ms), then CC_TIMEOUT. */
  requestTimeoutMs?: number;
  /** Where a throwing event listener's error goes (default `console.error`). */
  onListenerError?: (error: unknown, event: keyof AgentEvents) => void;
}

/** The local contact center's agent client: a {@link ContactCenterProvider} and its token. */
export interface AgentClient extends ContactCenterProvider {
  /** The current agent token (after login). */
  readonly token: string | undefined;
}

type Params<K extends keyof AgentRequests> = AgentRequests[K]['params'];
type Result<K extends keyof AgentRequests> = AgentRequests[K]['result'];

/**
 * Connects an agent to the local contact center over one WebSocket.
 *
 * @example
 * import WebSocket from 'ws'; // in Node; browsers have one
 * const agent = createAgentClient({ serverUrl: 'http://127.0.0.1:4000', identity: 'alice', WebSocket });
 * agent.on('reservationUpdated', (r) => r.status === 'pending' && agent.acceptReservation(r.sid));
 * await agent.connect();
 * await agent.setActivity('Available');
 */
export function createAgentClient(options: AgentClientOptions): AgentClient {
  const { serverUrl, identity } = options;
  if (!identity && !options.token)
    throw new ContactCenterError('CC_BAD_REQUEST', 'createAgentClient needs an identity or a token');
  const WebSocketImpl = options.WebSocket ?? (globalThis.WebSocket as WebSocketConstructor | undefined);
  if (!WebSocketImpl)
    throw new ContactCenterError('CC_BAD_REQUEST', 'No WebSocket implementation: pass options.WebSocket');
  const fetchFn: FetchLike = options.fetch ?? ((input, init) => globalThis.fetch(input, init));

  let token = options.token;
  let worker: WorkerInfo | undefined;
  const tracker = new MessageTracker();
  const events = new Emitter<AgentEvents>((error, event) =>
    options.onListenerError
      ? options.onListenerError(error, event)
      : console.error(`[contact-center] ${String(event)} listener failed`, error),
  );

  const login = async (): Promise<string> => {
    const res = await requestJson<{ token: string; worker: WorkerInfo }>(
      fetchFn,
      joinUrl(serverUrl, '/api/agents/login'),
      {
        body: { identity },
      },
    );
    worker = res.worker;
    return (token = res.token);
  };

  const socket = new RpcSocket<AgentSnapshot>({
    url: async () => socketUrl(serverUrl, SOCKET_PATH, token ?? (await login())),
    WebSocket: WebSocketImpl,
    reconnect: options.reconnect ?? {},
    requestTimeoutMs: options.requestTimeoutMs ?? 10_000,
    onState: (state) => events.emit('connectionStateChanged', state),
    onSnapshot: (snapshot) => {
      worker = snapshot.worker;
      tracker.reset(snapshot.messages);
      events.emit('snapshot', snapshot);
    },
    onEvent: (frame) => {
      switch (frame.event) {
        case 'messageAdded':
          if (tracker.isNew(frame.data)) events.emit('messageAdded', frame.data);
          return;
        case 'workerUpdated':
          if (frame.data.sid === worker?.sid) worker = frame.data;
          return events.emit('workerUpdated', frame.data);
        case 'reservationUpdated':
          return events.emit('reservationUpdated', frame.data);
        case 'taskUpdated':
          return events.emit('taskUpdated', frame.data);
        case 'channelUpdated':
          return events.emit('channelUpdated', frame.data);
        case 'typing':
          return events.emit('typing', frame.data);
        case 'callUpdated':
          return events.emit('callUpdated', frame.data);
        case 'callSignal':
          return events.emit('callSignal', frame.data);
        case 'callDtmf':
          return events.emit('callDtmf', frame.data);
        case 'queueStatsUpdated':
          return events.emit('queueStatsUpdated', frame.data);
        case 'teamUpdated':
          return events.emit('teamUpdated', frame.data);
        case 'releaseChanged':
          return events.emit('releaseChanged', frame.data);
      }
    },
    // The socket could not open: a browser can't tell why, so ask. With an identity, log in
    // again (the token may have expired); with a token alone, an invalid token ends the client.
    onConnectFailed: async () => {
      if (identity) {
        await login();
        return;
      }
      await requestJson<SessionInfo>(fetchFn, joinUrl(serverUrl, '/api/session'), { token });
    },
  });

  const call = <K extends keyof AgentRequests>(type: K, params: Params<K>, retry = false): Promise<Result<K>> =>
    socket.request<Result<K>>(type, params, retry);

  const voice: VoiceOperations = {
    startOutboundCall: (params: OutboundCallParams) => call('startOutboundCall', { ...params }),
    holdParticipant: (callSid, participantId) => call('holdParticipant', { callSid, participantId }),
    unholdParticipant: (callSid, participantId) => call('unholdParticipant', { callSid, participantId }),
    kickParticipant: (callSid, participantId) => call('kickParticipant', { callSid, participantId }),
    hangupCall: (callSid) => call('hangupCall', { callSid }),
    endConference: (callSid) => call('endConference', { callSid }),
    setMuted: (callSid, muted) => call('setMuted', { callSid, muted }),
    sendDtmf: async (callSid, digits) => void (await call('sendDtmf', { callSid, digits })),
    signal: (callSid, to, data) => socket.notify('signal', { callSid, to, data }),
  };
  const supervision: SupervisorOperations = {
    monitorTask: (taskSid) => call('monitorTask', { taskSid }),
    stopMonitoringTask: async (taskSid) => void (await call('stopMonitoringTask', { taskSid })),
    getSupervisorView: () => call('getSupervisorView', {}),
  };

  const client: AgentClient = {
    get connectionState(): ConnectionState {
      return socket.state;
    },
    get worker() {
      return worker;
    },
    get token() {
      return token;
    },
    connect: () => socket.start(),
    disconnect: () => socket.stop(),
    on: <K extends keyof AgentEvents>(event: K, listener: AgentEvents[K]): Disposable => events.on(event, listener),
    setActivity: async (ref: ActivityRef) =>
      (worker = await call(
        'setActivity',
        typeof ref === 'string'
          ? { activity: ref }
          : 'activitySid' in ref
            ? { activitySid: ref.activitySid }
            : { activity: ref.activityName as Activity },
      )),
    setWorkerAttributes: async (attributes: Record<string, unknown>, opts?: SetAttributesOptions) =>
      (worker = await call('setWorkerAttributes', { attributes, mergeExisting: opts?.mergeExisting ?? false })),
    setTaskAttributes: (
      taskSid: string,
      attributes: Record<string, unknown>,
      opts?: SetAttributesOptions,
    ): Promise<TaskInfo> =>
      call('setTaskAttributes', { taskSid, attributes, mergeExisting: opts?.mergeExisting ?? false }),
    acceptReservation: (reservationSid: string): Promise<ReservationInfo> =>
      call('acceptReservation', { reservationSid }),
    rejectReservation: (reservationSid: string): Promise<ReservationInfo> =>
      call('rejectReservation', { reservationSid }),
    transferTask: (taskSid: string, toWorkerSid: string, opts?: { mode?: TransferMode }): Promise<TaskInfo> =>
      call('transferTask', opts?.mode ? { taskSid, toWorkerSid, mode: opts.mode } : { taskSid, toWorkerSid }),
    wrapupTask: (taskSid: string): Promise<TaskInfo> => call('wrapupTask', { taskSid }),
    completeTask: (taskSid: string): Promise<TaskInfo> => call('completeTask', { taskSid }),
    async sendMessage(channelSid: string, body: string, opts?: SendMessageOptions): Promise<ChatMessage> {
      // Retried across reconnects: the server dedupes on (channel, clientId).
      const message = await call('sendMessage', { channelSid, body, clientId: opts?.clientId ?? newClientId() }, true);
      if (tracker.isNew(message)) events.emit('messageAdded', message);
      return message;
    },
    sendTyping: (channelSid: string) => socket.notify('sendTyping', { channelSid }),
    getMessages: (channelSid: string, opts?: { afterIndex?: number }): Promise<ChatMessage[]> =>
      call(
        'getMessages',
        opts?.afterIndex === undefined ? { channelSid } : { channelSid, afterIndex: opts.afterIndex },
      ),
    listWorkers: (): Promise<WorkerInfo[]> => call('listWorkers', {}),
    listQueues: (): Promise<QueueInfo[]> => call('listQueues', {}),
    getQueueStats: (): Promise<QueueStats[]> => call('getQueueStats', {}),
    voice,
    supervision,
    async logout(): Promise<void> {
      try {
        await call('logout', {});
      } finally {
        socket.stop('Logged out');
      }
    },
  };
  return client;
}
