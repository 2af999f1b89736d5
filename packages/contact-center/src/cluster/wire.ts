/**
 * What instances say to each other over Redis (JSON texts on four channels of a prefix):
 * requests to the engine, their answers (to the asking instance only), the engine's pushes
 * (to every instance), and the engine instance's announcement.
 */
import type { ContactCenterErrorCode } from '../errors';
import type { Principal } from '../engine/principal';
import type { Push } from '../engine/PushPlanner';
import type { ValidRequest } from '../gateway/EnginePort';

export interface ClusterChannels {
  /** Requests to the engine (only the engine instance subscribes). */
  rpc: string;
  /** The engine's pushes. */
  push: string;
  /** Announcements of the engine instance. */
  leader: string;
  /** What every instance must act on (a sign-in session revoked: its sockets close everywhere). */
  control: string;
  /** The answers to `instance`'s requests. */
  reply(instance: string): string;
  /** The Redis key holding the current announcement. */
  leaderKey: string;
  /** The Redis key holding the cluster key (trusted forwarding headers between instances). */
  clusterKey: string;
}

export const clusterChannels = (prefix: string): ClusterChannels => ({
  rpc: `${prefix}:rpc`,
  push: `${prefix}:push`,
  leader: `${prefix}:leader`,
  control: `${prefix}:control`,
  reply: (instance) => `${prefix}:reply:${instance}`,
  leaderKey: `${prefix}:leader:current`,
  clusterKey: `${prefix}:cluster-key`,
});

/** What a gateway instance asks of the engine. */
export type RpcBody =
  | { op: 'dispatch'; principal: Principal; request: ValidRequest; origin: number }
  | { op: 'snapshot' | 'check'; principal: Principal };

/** A request from a gateway instance to the engine: the body, its number and the instance to answer. */
export type RpcRequest = RpcBody & { id: number; from: string };

export type RpcReply =
  { id: number; ok: true; value: unknown } | { id: number; ok: false; code: ContactCenterErrorCode; message: string };

/** A push as it travels: audiences as arrays, the excepted connection by instance and number. */
export interface WirePush {
  /** The engine instance that sent it. */
  from: string;
  event: Push['event'];
  data: unknown;
  workers?: string[];
  channelSid?: string;
  allAgents?: boolean;
  phones?: string[];
  except?: { instance: string; origin: number };
}

/** A message every instance acts on. */
export type ControlMessage = { kind: 'sessionRevoked'; sid: string };

/** The engine instance, as it announces itself. */
export interface LeaderAnnouncement {
  instance: string;
  /** Its HTTP address (the other instances forward the HTTP API there). */
  url: string;
  /** When it took over (ms since the epoch). */
  since: number;
}

/** The connection a request came from, on another instance (the `except` of the pushes it causes). */
export class RemoteOrigin {
  constructor(
    readonly instance: string,
    readonly origin: number,
  ) {}
}

/** A push made ready for Redis. */
export function toWire(from: string, push: Push): WirePush {
  const wire: WirePush = { from, event: push.event, data: push.data };
  if (push.workers) wire.workers = [...push.workers];
  if (push.channelSid !== undefined) wire.channelSid = push.channelSid;
  if (push.allAgents) wire.allAgents = true;
  if (push.phones) wire.phones = [...push.phones];
  if (push.except instanceof RemoteOrigin) wire.except = { instance: push.except.instance, origin: push.except.origin };
  return wire;
}
