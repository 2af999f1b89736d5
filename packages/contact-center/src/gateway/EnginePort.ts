/**
 * What the protocol hub needs of the engine: snapshots, requests carried out, principals
 * checked, and the pushes to deliver. One server process: {@link localPort}, the engine in
 * this process. A cluster: the engine runs on one instance (the one holding the database's
 * lock), and the other instances reach it through Redis (`cluster/RemotePort.ts`) — the hub
 * is the same on both.
 */
import { Emitter } from '@switchboard/actions/events';
import type { ContactCenter } from '../engine/ContactCenter';
import type { Principal } from '../engine/principal';
import type { Push } from '../engine/PushPlanner';
import { dispatchRequest, type Reply } from './dispatch';

/** A request validated against its frame's schema. */
export type ValidRequest = Record<string, unknown> & { type: string };

export interface EnginePort {
  /** What the engine pushes to connections (the `except` of a push is an `origin` given to {@link dispatch}). */
  readonly pushes: Emitter<{ push: (push: Push) => void }>;
  /** The first frame of a connection: everything its principal may see now. */
  snapshot(principal: Principal): Promise<unknown>;
  /** Carries out `request` for `principal`; `origin` is the connection it came from. */
  dispatch(principal: Principal, request: ValidRequest, origin: object, reply: Reply): void;
  /** Why a verified token's principal may not connect (a worker or conversation that does not exist), or null. */
  checkPrincipal(principal: Principal): Promise<string | null>;
  /** The connection `origin` closed (a port that maps origins forgets it). */
  forget?(origin: object): void;
}

/** Why `principal` names nothing this engine has, or null when it does. */
export async function principalProblem(engine: ContactCenter, principal: Principal): Promise<string | null> {
  if (principal.role === 'agent' && !engine.worker(principal.workerSid))
    return 'The token names a worker that does not exist';
  if (principal.role === 'customer' && !(await engine.hasChannel(principal.channelSid)))
    return 'The token names a conversation that does not exist';
  if (principal.role === 'phone' && !engine.phones.isCurrent(principal.number, principal.identity))
    return `The registration of ${principal.number} was replaced or is gone (after a restart); register the phone again`;
  return null;
}

/** The snapshot of `principal` from the engine in this process. */
export function snapshotOf(engine: ContactCenter, principal: Principal): Promise<unknown> {
  if (principal.role === 'agent') return Promise.resolve().then(() => engine.agentSnapshot(principal.workerSid));
  if (principal.role === 'phone') return Promise.resolve().then(() => engine.phoneSnapshot(principal.number));
  return engine.customerSnapshot(principal.channelSid);
}

/** Runs a request on the engine in this process; a refusal found at once goes to `reply.error`. */
export function dispatchLocally(
  engine: ContactCenter,
  principal: Principal,
  request: ValidRequest,
  origin: unknown,
  reply: Reply,
): void {
  try {
    dispatchRequest(engine, principal, request, origin, reply);
  } catch (e) {
    reply.error(e);
  }
}

/**
 * The engine in this process, as a port.
 *
 * @example
 * const hub = new Hub({ engine: localPort(engine), maxMessageLength: 4000, onError });
 */
export function localPort(engine: ContactCenter): EnginePort {
  return {
    pushes: engine.pushes,
    snapshot: (principal) => snapshotOf(engine, principal),
    dispatch: (principal, request, origin, reply) => dispatchLocally(engine, principal, request, origin, reply),
    checkPrincipal: (principal) => principalProblem(engine, principal),
  };
}
