import type { CallInfo, CallParticipant } from '../../voice';

/** What this side wants with one other participant. */
export interface PeerPlan {
  peerId: string;
  /** This side makes the offer (it joined later; tie: the greater id). */
  offerer: boolean;
  /** This side's transceiver direction: `recvonly` for a monitoring (receive-only) side. */
  direction: 'sendrecv' | 'recvonly';
  /** The microphone goes to this peer now (not muted, nobody held, not monitoring). */
  send: boolean;
  /**
   * This peer is a monitoring supervisor and this side is the agent who relays the call to it:
   * it sends the mix of what it says (when `send`) and what it hears from the others.
   */
  relay: boolean;
}

const connected = (p: CallParticipant): boolean => p.state === 'joined' || p.state === 'held';

/**
 * Of two participants, whether `a` makes the offer: the one who joined later, ties broken by
 * the greater id (both sides compute the same answer from the same call).
 */
export function makesOffer(a: CallParticipant, b: CallParticipant): boolean {
  const at = a.joinedAt ?? 0;
  const bt = b.joinedAt ?? 0;
  return at !== bt ? at > bt : a.id > b.id;
}

/**
 * The agent who relays the call to monitoring supervisors: the connected, non-monitoring agent
 * who joined first (ties: the smaller id). The caller never learns of a supervisor (the server
 * hides it), so a supervisor hears the call through this agent, not from the caller directly.
 */
export function relayingAgent(call: CallInfo): CallParticipant | undefined {
  const agents = call.participants.filter((p) => p.kind === 'agent' && connected(p) && !p.monitoring);
  return agents.sort((a, b) => (a.joinedAt ?? 0) - (b.joinedAt ?? 0) || (a.id < b.id ? -1 : 1))[0];
}

/**
 * The peer connections `self` should have in `call`, and whether it sends to each: the media
 * model's rules. Nothing when the call ended or `self` is not joined or held. A monitoring
 * (receive-only) side connects to the relaying agent only, who sends it the mix of the call;
 * nobody else connects to it.
 */
export function planPeers(call: CallInfo, self: string, receiveOnly = false): PeerPlan[] {
  if (call.status === 'ended') return [];
  const me = call.participants.find((p) => p.id === self);
  if (!me || !connected(me)) return [];
  const meListens = receiveOnly || me.monitoring;
  const relay = relayingAgent(call);
  const speaks = !meListens && me.state === 'joined' && !me.muted;
  return call.participants
    .filter((p) => {
      if (p.id === self || !connected(p)) return false;
      if (meListens) return p.id === relay?.id;
      return !p.monitoring || me.id === relay?.id;
    })
    .map((p) => ({
      peerId: p.id,
      offerer: makesOffer(me, p),
      direction: meListens ? 'recvonly' : 'sendrecv',
      send: speaks && p.state === 'joined',
      relay: !meListens && p.monitoring,
    }));
}

/** Whether `self` will send audio at all in `call` (so the microphone is worth asking for). */
export function needsMicrophone(call: CallInfo, self: string, receiveOnly = false): boolean {
  if (receiveOnly || call.status === 'ended') return false;
  const me = call.participants.find((p) => p.id === self);
  return !!me && me.state !== 'left' && !me.monitoring;
}
