/**
 * The reconnecting socket's promises to its callers, against scripted sockets: a retryable
 * request (sendMessage) outlives any outage and any request timeout, is resent on a new
 * connection when the old one stops answering, and ends only with the server's answer (or
 * the client's stop); other requests keep their deadline.
 */
import { ContactCenterError } from '../errors';
import type { ServerFrame } from '../protocol';
import { RpcSocket, type WebSocketLike } from './RpcSocket';

type Listener = (event: never) => void;

/** A socket the test drives: it records what the client sent and opens, answers or dies on demand. */
class ScriptedSocket implements WebSocketLike {
  static all: ScriptedSocket[] = [];
  readyState = 0;
  readonly sent: Array<{ type: string; id?: number } & Record<string, unknown>> = [];
  private readonly listeners = new Map<string, Listener[]>();
  constructor(readonly url: string) {
    ScriptedSocket.all.push(this);
  }
  addEventListener(type: string, listener: Listener): void {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }
  send(data: string): void {
    this.sent.push(JSON.parse(data));
  }
  close(): void {
    this.readyState = 3;
  }
  private emit(type: string, event: unknown): void {
    for (const l of this.listeners.get(type) ?? []) (l as (e: unknown) => void)(event);
  }
  /** Opens and sends the snapshot (the server's first frame). */
  accept(): void {
    this.readyState = 1;
    this.emit('open', {});
    this.frame({ type: 'snapshot', snapshot: { n: ScriptedSocket.all.indexOf(this) } as never });
  }
  frame(frame: ServerFrame): void {
    this.emit('message', { data: JSON.stringify(frame) });
  }
  drop(): void {
    this.readyState = 3;
    this.emit('close', { code: 1006, reason: '' });
  }
}

const until = async (check: () => boolean, ms = 2000) => {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 5));
  }
};
const latest = () => ScriptedSocket.all[ScriptedSocket.all.length - 1]!;

function socket(requestTimeoutMs = 60) {
  const states: string[] = [];
  const rpc = new RpcSocket<unknown>({
    url: async () => 'ws://test/ws',
    WebSocket: ScriptedSocket,
    reconnect: { initialDelayMs: 5, maxDelayMs: 10 },
    requestTimeoutMs,
    onState: (s) => states.push(s),
    onSnapshot: () => {},
    onEvent: () => {},
  });
  return { rpc, states };
}

beforeEach(() => (ScriptedSocket.all = []));

it('keeps a retryable request through an outage longer than the request timeout, and sends it once back', async () => {
  const { rpc } = socket(30);
  const started = rpc.start();
  await until(() => ScriptedSocket.all.length === 1);
  latest().accept();
  await started;
  latest().drop();
  let settled = false;
  const sending = rpc.request<{ sid: string }>('sendMessage', { body: 'hi', clientId: 'c1' }, true);
  void sending.finally(() => (settled = true));
  // The server stays away for ten request timeouts: every attempt fails before it opens.
  const away = Date.now() + 300;
  while (Date.now() < away) {
    const s = latest();
    if (s.readyState === 0 && ScriptedSocket.all.length > 1) s.drop();
    await new Promise((r) => setTimeout(r, 5));
  }
  expect(settled).toBe(false);
  await until(() => latest().readyState === 0);
  const back = latest();
  back.accept();
  await until(() => back.sent.length === 1);
  expect(back.sent[0]).toMatchObject({ type: 'sendMessage', clientId: 'c1' });
  back.frame({ type: 'result', id: back.sent[0]!.id!, result: { sid: 'IM1' } });
  await expect(sending).resolves.toEqual({ sid: 'IM1' });
  expect(ScriptedSocket.all.flatMap((s) => s.sent)).toHaveLength(1);
  rpc.stop();
});

it('drops a connection that does not answer a retryable request, and resends it on a new one', async () => {
  const { rpc } = socket(40);
  const started = rpc.start();
  await until(() => ScriptedSocket.all.length === 1);
  const silent = latest();
  silent.accept();
  await started;
  const sending = rpc.request('sendMessage', { body: 'hi', clientId: 'c1' }, true);
  expect(silent.sent).toHaveLength(1);
  // No answer within 40 ms: the client gives up on that socket, not on the message.
  await until(() => ScriptedSocket.all.length === 2);
  expect(silent.readyState).toBe(3);
  const fresh = latest();
  fresh.accept();
  await until(() => fresh.sent.length === 1);
  expect(fresh.sent[0]).toMatchObject({ clientId: 'c1' });
  fresh.frame({ type: 'result', id: fresh.sent[0]!.id!, result: 'stored' });
  await expect(sending).resolves.toBe('stored');
  rpc.stop();
});

it("ends a retryable request with the server's refusal, and its reason", async () => {
  const { rpc } = socket();
  const started = rpc.start();
  await until(() => ScriptedSocket.all.length === 1);
  latest().accept();
  await started;
  const sending = rpc.request('sendMessage', { body: 'x', clientId: 'c1' }, true);
  const [frame] = latest().sent;
  latest().frame({ type: 'error', id: frame!.id!, code: 'CC_INVALID_STATE', message: 'Channel CH1 is closed' });
  await expect(sending).rejects.toEqual(new ContactCenterError('CC_INVALID_STATE', 'Channel CH1 is closed'));
  rpc.stop();
});

it('times out other requests, and rejects every request when it stops', async () => {
  const { rpc } = socket(30);
  const started = rpc.start();
  await until(() => ScriptedSocket.all.length === 1);
  latest().accept();
  await started;
  await expect(rpc.request('listWorkers', {})).rejects.toMatchObject({ code: 'CC_TIMEOUT' });
  latest().drop();
  await expect(rpc.request('listWorkers', {})).rejects.toMatchObject({ code: 'CC_DISCONNECTED' });
  const queued = rpc.request('sendMessage', { body: 'x', clientId: 'c2' }, true);
  rpc.stop('Logged out');
  await expect(queued).rejects.toMatchObject({ code: 'CC_DISCONNECTED', message: 'Logged out' });
});
