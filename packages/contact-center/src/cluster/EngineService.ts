/**
 * The engine instance's side of the cluster: it answers the other instances' requests (run
 * on the engine exactly as a local connection's would be) and publishes every push, in the
 * order the engine made them, on the one Redis connection that also carries the answers — so
 * an instance never gets an answer before the pushes that preceded it.
 */
import { ContactCenterError } from '../errors';
import type { ContactCenter } from '../engine/ContactCenter';
import { dispatchLocally, principalProblem, snapshotOf } from '../gateway/EnginePort';
import type { Bus } from './Bus';
import { RemoteOrigin, toWire, type ClusterChannels, type RpcReply, type RpcRequest } from './wire';

export class EngineService {
  private readonly disposables: Array<{ dispose(): void }> = [];
  private stopped = false;

  constructor(
    private readonly bus: Bus,
    private readonly engine: ContactCenter,
    private readonly instance: string,
    private readonly channels: ClusterChannels,
    private readonly onError: (message: string, error: unknown) => void,
  ) {}

  /** Starts answering requests and publishing pushes. */
  async start(): Promise<void> {
    this.disposables.push(
      this.engine.pushes.on('push', (push) =>
        this.publish(this.channels.push, JSON.stringify(toWire(this.instance, push))),
      ),
      this.bus.events.on('message', (channel, text) => {
        if (channel === this.channels.rpc) this.handle(text);
      }),
    );
    await this.bus.subscribe(this.channels.rpc);
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    for (const d of this.disposables) d.dispose();
    await this.bus.unsubscribe(this.channels.rpc).catch(() => {});
  }

  private handle(text: string): void {
    if (this.stopped) return;
    let request: RpcRequest;
    try {
      request = JSON.parse(text) as RpcRequest;
    } catch (error) {
      return this.onError('cluster: a malformed request on the bus', error);
    }
    const answer = (reply: RpcReply) => this.publish(this.channels.reply(request.from), JSON.stringify(reply));
    const ok = (value: unknown) => answer({ id: request.id, ok: true, value: value ?? null });
    const fail = (error: unknown) => {
      if (error instanceof ContactCenterError)
        return answer({ id: request.id, ok: false, code: error.code, message: error.message });
      this.onError('cluster: a request failed', error);
      answer({
        id: request.id,
        ok: false,
        code: 'CC_INTERNAL',
        message: 'The server failed; the operation did not happen',
      });
    };
    switch (request.op) {
      case 'dispatch':
        return dispatchLocally(
          this.engine,
          request.principal,
          request.request,
          new RemoteOrigin(request.from, request.origin),
          { result: ok, error: fail },
        );
      case 'snapshot':
        return void snapshotOf(this.engine, request.principal).then(ok, fail);
      case 'check':
        return void principalProblem(this.engine, request.principal).then(ok, fail);
    }
  }

  private publish(channel: string, text: string): void {
    // While Redis is away this fails; the other instances resync their clients when it is back.
    this.bus.publish(channel, text).catch(() => {});
  }
}
