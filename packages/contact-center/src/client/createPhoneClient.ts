import type { Disposable } from '@switchboard/actions';
import { Emitter } from '@switchboard/actions/events';
import { ContactCenterError } from '../errors';
import { SOCKET_PATH, type PhoneRequests } from '../protocol';
import type { ConnectionState, PhoneEvents, PhoneSession } from '../provider';
import type { CallInfo, PhoneRegistration, PhoneSnapshot, SignalData } from '../voice';
import { joinUrl, requestJson, socketUrl, type FetchLike } from './http';
import { RpcSocket, type ReconnectOptions, type WebSocketConstructor } from './RpcSocket';

/** Options of {@link createPhoneClient}. */
export interface PhoneClientOptions {
  /** The contact center's HTTP origin, e.g. `http://127.0.0.1:4000`. */
  serverUrl: string;
  /** The number this phone answers: `+` and 3–15 digits. */
  number: string;
  /** Default `globalThis.WebSocket`; in Node pass `ws`'s `WebSocket`. */
  WebSocket?: WebSocketConstructor;
  /** Default `globalThis.fetch`. */
  fetch?: FetchLike;
  /** Backoff of the reconnects, or `false` to stay closed when the connection drops. */
  reconnect?: ReconnectOptions | false;
  /** How long a request may wait for its answer (default 10,000 ms), then CC_TIMEOUT. */
  requestTimeoutMs?: number;
  /** Where a throwing event listener's error goes (default `console.error`). */
  onListenerError?: (error: unknown, event: keyof PhoneEvents) => void;
}

type Params<K extends keyof PhoneRequests> = PhoneRequests[K]['params'];
type Result<K extends keyof PhoneRequests> = PhoneRequests[K]['result'];

/**
 * A phone page's connection: registers `number` (`POST /api/phones`; again after a server
 * restart, or when another page took the number over) and receives the outbound calls to it.
 *
 * @example
 * import WebSocket from 'ws'; // in Node; browsers have one
 * const phone = createPhoneClient({ serverUrl: 'http://127.0.0.1:4000', number: '+15551230001', WebSocket });
 * phone.on('callUpdated', (call) => call.status === 'ringing' && void phone.answerCall(call.sid));
 * await phone.connect();
 */
export function createPhoneClient(options: PhoneClientOptions): PhoneSession {
  const { serverUrl, number } = options;
  const WebSocketImpl = options.WebSocket ?? (globalThis.WebSocket as WebSocketConstructor | undefined);
  if (!WebSocketImpl)
    throw new ContactCenterError('CC_BAD_REQUEST', 'No WebSocket implementation: pass options.WebSocket');
  const fetchFn: FetchLike = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const events = new Emitter<PhoneEvents>((error, event) =>
    options.onListenerError
      ? options.onListenerError(error, event)
      : console.error(`[contact-center] ${String(event)} listener failed`, error),
  );
  let token: string | undefined;
  const register = async (): Promise<string> => {
    const res = await requestJson<PhoneRegistration>(fetchFn, joinUrl(serverUrl, '/api/phones'), { body: { number } });
    return (token = res.token);
  };

  const socket = new RpcSocket<PhoneSnapshot>({
    url: async () => socketUrl(serverUrl, SOCKET_PATH, token ?? (await register())),
    WebSocket: WebSocketImpl,
    reconnect: options.reconnect ?? {},
    requestTimeoutMs: options.requestTimeoutMs ?? 10_000,
    onState: (state) => events.emit('connectionStateChanged', state),
    onSnapshot: (snapshot) => events.emit('snapshot', snapshot),
    onEvent: (frame) => {
      if (frame.event === 'callUpdated') events.emit('callUpdated', frame.data);
      else if (frame.event === 'callSignal') events.emit('callSignal', frame.data);
      else if (frame.event === 'callDtmf') events.emit('callDtmf', frame.data);
    },
    // The registration is gone (a restart) or was replaced: register again.
    onConnectFailed: async () => void (await register()),
  });
  const call = <K extends keyof PhoneRequests>(type: K, params: Params<K>): Promise<Result<K>> =>
    socket.request<Result<K>>(type, params, false);

  return {
    get connectionState(): ConnectionState {
      return socket.state;
    },
    number,
    connect: () => socket.start(),
    disconnect: () => socket.stop(),
    on: <K extends keyof PhoneEvents>(event: K, listener: PhoneEvents[K]): Disposable => events.on(event, listener),
    answerCall: (callSid: string): Promise<CallInfo> => call('answerCall', { callSid }),
    hangupCall: (callSid: string): Promise<CallInfo> => call('hangupCall', { callSid }),
    signal: (callSid: string, to: string, data: SignalData) => socket.notify('signal', { callSid, to, data }),
    setMuted: (callSid: string, muted: boolean): Promise<CallInfo> => call('setMuted', { callSid, muted }),
    sendDtmf: async (callSid: string, digits: string): Promise<void> =>
      void (await call('sendDtmf', { callSid, digits })),
  };
}
