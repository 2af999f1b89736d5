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
  /** Sign in as this worker: with `password`, or without (the one-click development sign-in). */
  identity?: string;
  /** The agent's password (kept only for the first sign-in; then the refresh token is used). */
  password?: string;
  /** Or use this agent token (from `POST /api/agents/login`). One of `identity` and `token` is required. */
  token?: string;
  /** With `token`: its refresh token, so the client refreshes it before it expires. */
  refreshToken?: string;
  /** With `token`: when it expires (ms since the epoch). */
  expiresAt?: number;
  /** Called with the tokens after each sign-in and refresh (a page keeps them to survive a reload). */
  onTokens?: (tokens: AgentTokens) => void;
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

/** An agent's tokens, as `POST /api/agents/login` and `/api/agents/refresh` answer them. */
export interface AgentTokens {
  token: string;
  refreshToken: string;
  /** When `token` expires, ms since the epoch. */
  expiresAt: number;
}

/** The local contact center's agent client: a {@link ContactCenterProvider} and its token. */
export interface AgentClient extends ContactCenterProvider {
  /** The current agent token (after login). */
  readonly token: string | undefined;
  /**
   * Signs out: goes Offline when connected, revokes the session on the server (its refresh
   * token stops working; its sockets close) and closes the client.
   */
  signOut(): Promise<void>;
}

type Params<K extends keyof AgentRequests> = AgentRequests[K]['params'];
type Result<K extends keyof AgentRequests> = AgentRequests[K]['result'];

/**
 * Connects an agent to the local contact center over one WebSocket.
 *
 * With a `password` it signs in with it, keeps the refresh token in memory and refreshes the
 * access token before it expires; `signOut()` ends the session. Without one it uses the
 * one-click development sign-in (a local contact center on 127.0.0.1 with SQLite).
 *
 * @example
 * import WebSocket from 'ws'; // in Node; browsers have one
 * const agent = createAgentClient({ serverUrl: 'http://127.0.0.1:4000', identity: 'alice', password, WebSocket });
 * agent.on('reservationUpdated', (r) => r.status === 'pending' && agent.acceptReservation(r.sid));
 * await agent.connect();
 * await agent.setActivity('Available');
 */
export function createAgentClient(options: AgentClientOptions): AgentClient {
  const { serverUrl, identity, password } = options;
  if (!identity && !options.token)
    throw new ContactCenterError('CC_BAD_REQUEST', 'createAgentClient needs an identity or a token');
  const WebSocketImpl = options.WebSocket ?? (globalThis.WebSocket as WebSocketConstructor | undefined);
  if (!WebSocketImpl)
    throw new ContactCenterError('CC_BAD_REQUEST', 'No WebSocket implementation: pass options.WebSocket');
  const fetchFn: FetchLike = options.fetch ?? ((input, init) => globalThis.fetch(input, init));

  let token = options.token;
  let refreshToken = options.refreshToken;
  let expiresAt = options.expiresAt;
  let refreshTimer: ReturnType<typeof setTimeout> | undefined;
  let refreshing: Promise<string> | undefined;
  let ended = false;
  let worker: WorkerInfo | undefined;
  const tracker = new MessageTracker();
  const events = new Emitter<AgentEvents>((error, event) =>
    options.onListenerError
      ? options.onListenerError(error, event)
      : console.error(`[contact-center] ${String(event)} listener failed`, error),
  );

  /** Keeps new tokens and plans the next refresh: a quarter of the lifetime (at most a minute) before expiry. */
  const keep = (res: Partial<AgentTokens> & { token: string; worker?: WorkerInfo }): string => {
    if (res.worker) worker = res.worker;
    token = res.token;
    refreshToken = res.refreshToken;
    expiresAt = res.expiresAt;
    schedule();
    if (refreshToken && expiresAt !== undefined) options.onTokens?.({ token, refreshToken, expiresAt });
    return token;
  };
  const schedule = () => {
    clearTimeout(refreshTimer);
    refreshTimer = undefined;
    if (ended || !refreshToken || expiresAt === undefined) return;
    const left = expiresAt - Date.now();
    refreshLater(Math.max(0, left - Math.min(60_000, left / 4)));
  };
  /** Refreshes after `delay` ms; an unreachable server is tried again every 5 s (a refused token ends at the next connection). */
  const refreshLater = (delay: number) => {
    refreshTimer = setTimeout(
      () =>
        void refresh().catch((e: unknown) => {
          if (!ended && (!(e instanceof ContactCenterError) || e.code === 'CC_DISCONNECTED')) refreshLater(5000);
        }),
      delay,
    );
    (refreshTimer as { unref?: () => void }).unref?.();
  };

  const login = async (): Promise<string> => {
    const res = await requestJson<AgentTokens & { worker: WorkerInfo }>(
      fetchFn,
      joinUrl(serverUrl, '/api/agents/login'),
      { body: password === undefined ? { identity } : { identity, password } },
    );
    return keep(res);
  };

  /**
   * New tokens for the refresh token (one refresh at a time: a second would be a reuse, which
   * ends the session). A refused refresh token (signed out, expired) ends a password client
   * with CC_UNAUTHORIZED; a development one signs in again by identity.
   */
  const refresh = (): Promise<string> =>
    (refreshing ??= (async () => {
      try {
        if (!refreshToken) return await login();
        const res = await requestJson<AgentTokens & { worker: WorkerInfo }>(
          fetchFn,
          joinUrl(serverUrl, '/api/agents/refresh'),
          { body: { refreshToken } },
        );
        return keep(res);
      } catch (e) {
        if (e instanceof ContactCenterError && e.code === 'CC_UNAUTHORIZED' && identity && password === undefined)
          return await login();
        throw e;
      } finally {
        refreshing = undefined;
      }
    })());

  /** The token to open a socket with: a fresh one when it has expired (or is about to). */
  const currentToken = async (): Promise<string> => {
    if (!token) return login();
    if (refreshToken && expiresAt !== undefined && expiresAt - Date.now() < 1000) return refresh();
    return token;
  };

  const socket = new RpcSocket<AgentSnapshot>({
    url: async () => socketUrl(serverUrl, SOCKET_PATH, await currentToken()),
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
    // The socket could not open: a browser can't tell why, so ask. With a refresh token, refresh
    // (the access token may have expired); with an identity alone, log in again; with a token
    // alone, an invalid token ends the client.
    onConnectFailed: async () => {
      if (refreshToken) {
        try {
          await requestJson<SessionInfo>(fetchFn, joinUrl(serverUrl, '/api/session'), { token });
          return; // the token is fine: the server was away
        } catch (e) {
          if (!(e instanceof ContactCenterError) || e.code !== 'CC_UNAUTHORIZED') throw e;
        }
        await refresh();
        return;
      }
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
    connect: () => {
      if (!refreshTimer) schedule();
      return socket.start();
    },
    disconnect: () => {
      ended = true;
      clearTimeout(refreshTimer);
      socket.stop();
    },
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
    async signOut(): Promise<void> {
      ended = true;
      clearTimeout(refreshTimer);
      if (socket.state === 'connected') await client.logout().catch(() => {});
      socket.stop('Signed out');
      let current = token;
      // An expired access token cannot sign out: refresh it first (a refused refresh: already out).
      if (current && refreshToken && expiresAt !== undefined && expiresAt <= Date.now())
        current = await refresh().catch(() => undefined);
      token = undefined;
      refreshToken = undefined;
      if (!current) return;
      try {
        const res = await fetchFn(joinUrl(serverUrl, '/api/agents/logout'), {
          method: 'POST',
          headers: { authorization: `Bearer ${current}` },
        });
        if (!res.ok && res.status !== 401)
          throw new ContactCenterError('CC_INTERNAL', `Signing out failed: HTTP ${res.status}`);
      } catch (cause) {
        if (cause instanceof ContactCenterError) throw cause;
        throw new ContactCenterError('CC_DISCONNECTED', `Cannot reach the contact center at ${serverUrl}`, { cause });
      }
    },
  };
  return client;
}
