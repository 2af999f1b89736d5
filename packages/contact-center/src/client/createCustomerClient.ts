import type { Disposable } from '@switchboard/actions';
import { Emitter } from '@switchboard/actions/events';
import { ContactCenterError } from '../errors';
import { SOCKET_PATH, type CustomerRequests, type SessionInfo } from '../protocol';
import type {
  CallStarter,
  ConnectionState,
  CustomerEvents,
  CustomerSession,
  EngagementStarter,
  SendMessageOptions,
} from '../provider';
import type { ChatMessage, CustomerSnapshot, Engagement, EngagementFormData } from '../types';
import type { CallEngagement, CallInfo, SignalData } from '../voice';
import { joinUrl, requestJson, socketUrl, type FetchLike } from './http';
import { MessageTracker, newClientId } from './MessageTracker';
import { RpcSocket, type ReconnectOptions, type WebSocketConstructor } from './RpcSocket';

/** Options of {@link createCustomerClient}. */
export interface CustomerClientOptions {
  /** The contact center's HTTP origin, e.g. `http://127.0.0.1:4000`. */
  serverUrl: string;
  /** Default `globalThis.WebSocket`; in Node pass `ws`'s `WebSocket`. */
  WebSocket?: WebSocketConstructor;
  /** Default `globalThis.fetch`. */
  fetch?: FetchLike;
  /** Backoff of the reconnects, or `false` to stay closed when the connection drops. */
  reconnect?: ReconnectOptions | false;
  /** How long a request may wait for its answer (default 10,000 ms), then CC_TIMEOUT. */
  requestTimeoutMs?: number;
  /** Where a throwing event listener's error goes (default `console.error`). */
  onListenerError?: (error: unknown, event: keyof CustomerEvents) => void;
}

/** The webchat's way into the local contact center. */
export interface CustomerClient extends EngagementStarter, CallStarter {
  /** `POST /api/webchat/engagements`: a channel, a task (routed at once) and a customer token. */
  startEngagement(formData: EngagementFormData): Promise<Engagement>;
  /**
   * `POST /api/voice/calls`: a call (its voice task routed at once) and a customer token. Its
   * session (`session(callEngagement)`) relays the WebRTC signals, mutes, sends digits;
   * `leave()` hangs up.
   */
  startCall(formData: EngagementFormData): Promise<CallEngagement>;
  /** A session of an engagement (a chat, or a call), not connected yet (call `connect()`). */
  session(engagement: Engagement): CustomerSession;
  /**
   * A session of a stored engagement (after a page reload), connected: resolves after the
   * first snapshot; rejects with CC_UNAUTHORIZED when the token is no longer valid (start a
   * new engagement then).
   */
  resumeSession(engagement: Engagement): Promise<CustomerSession>;
}

type Params<K extends keyof CustomerRequests> = CustomerRequests[K]['params'];
type Result<K extends keyof CustomerRequests> = CustomerRequests[K]['result'];

/**
 * Creates the customer side's client.
 *
 * @example
 * const customers = createCustomerClient({ serverUrl: 'http://127.0.0.1:4000' });
 * const engagement = await customers.startEngagement({ friendlyName: 'Ada', question: 'Hi!' });
 * localStorage.setItem('engagement', JSON.stringify(engagement));
 * const chat = customers.session(engagement);
 * chat.on('messageAdded', (m) => render(m));
 * await chat.connect();
 * await chat.sendMessage('Are you there?');
 */
export function createCustomerClient(options: CustomerClientOptions): CustomerClient {
  const { serverUrl } = options;
  const fetchFn: FetchLike = options.fetch ?? ((input, init) => globalThis.fetch(input, init));

  const session = (engagement: Engagement): CustomerSession => {
    const WebSocketImpl = options.WebSocket ?? (globalThis.WebSocket as WebSocketConstructor | undefined);
    if (!WebSocketImpl)
      throw new ContactCenterError('CC_BAD_REQUEST', 'No WebSocket implementation: pass options.WebSocket');
    const { channelSid, token } = engagement;
    const tracker = new MessageTracker();
    const events = new Emitter<CustomerEvents>((error, event) =>
      options.onListenerError
        ? options.onListenerError(error, event)
        : console.error(`[contact-center] ${String(event)} listener failed`, error),
    );
    const socket = new RpcSocket<CustomerSnapshot>({
      url: async () => socketUrl(serverUrl, SOCKET_PATH, token),
      WebSocket: WebSocketImpl,
      reconnect: options.reconnect ?? {},
      requestTimeoutMs: options.requestTimeoutMs ?? 10_000,
      onState: (state) => events.emit('connectionStateChanged', state),
      onSnapshot: (snapshot) => {
        tracker.reset(snapshot.messages);
        events.emit('snapshot', snapshot);
      },
      onEvent: (frame) => {
        if (frame.event === 'messageAdded') {
          if (tracker.isNew(frame.data)) events.emit('messageAdded', frame.data);
        } else if (frame.event === 'typing') events.emit('typing', frame.data);
        else if (frame.event === 'channelUpdated') events.emit('channelUpdated', frame.data);
        else if (frame.event === 'callUpdated') events.emit('callUpdated', frame.data);
        else if (frame.event === 'callSignal') events.emit('callSignal', frame.data);
        else if (frame.event === 'callDtmf') events.emit('callDtmf', frame.data);
      },
      // Browsers don't say why a socket failed to open: an expired token ends the session.
      onConnectFailed: async () =>
        void (await requestJson<SessionInfo>(fetchFn, joinUrl(serverUrl, '/api/session'), { token })),
    });
    const call = <K extends keyof CustomerRequests>(type: K, params: Params<K>, retry = false): Promise<Result<K>> =>
      socket.request<Result<K>>(type, params, retry);

    return {
      get connectionState(): ConnectionState {
        return socket.state;
      },
      engagement,
      connect: () => socket.start(),
      disconnect: () => socket.stop(),
      on: <K extends keyof CustomerEvents>(event: K, listener: CustomerEvents[K]): Disposable =>
        events.on(event, listener),
      async sendMessage(body: string, opts?: SendMessageOptions): Promise<ChatMessage> {
        const message = await call(
          'sendMessage',
          { channelSid, body, clientId: opts?.clientId ?? newClientId() },
          true,
        );
        if (tracker.isNew(message)) events.emit('messageAdded', message);
        return message;
      },
      sendTyping: () => socket.notify('sendTyping', { channelSid }),
      getMessages: (opts?: { afterIndex?: number }): Promise<ChatMessage[]> =>
        call(
          'getMessages',
          opts?.afterIndex === undefined ? { channelSid } : { channelSid, afterIndex: opts.afterIndex },
        ),
      signal: (to: string, data: SignalData) => socket.notify('signal', { channelSid, to, data }),
      setMuted: (muted: boolean): Promise<CallInfo> => call('setMuted', { channelSid, muted }),
      sendDtmf: async (digits: string): Promise<void> => void (await call('sendDtmf', { channelSid, digits })),
      async leave(): Promise<void> {
        try {
          await call('leave', { channelSid });
        } finally {
          socket.stop('Left the conversation');
        }
      },
    };
  };

  return {
    startEngagement: (formData: EngagementFormData) =>
      requestJson<Engagement>(fetchFn, joinUrl(serverUrl, '/api/webchat/engagements'), { body: { formData } }),
    startCall: (formData: EngagementFormData) =>
      requestJson<CallEngagement>(fetchFn, joinUrl(serverUrl, '/api/voice/calls'), { body: { formData } }),
    session,
    async resumeSession(engagement: Engagement): Promise<CustomerSession> {
      const s = session(engagement);
      await s.connect();
      return s;
    },
  };
}
