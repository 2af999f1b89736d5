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
 * The peer connections `self` should have in `call`, and whether it sends to each: the media
 * model's rules. Nothing when the call ended or `self` is not joined or held; a pair of two
 * receive-only sides has no connection (neither would send).
 */
export function planPeers(call: CallInfo, self: string, receiveOnly = false): PeerPlan[] {
  if (call.status === 'ended') return [];
  const me = call.participants.find((p) => p.id === self);
  if (!me || !connected(me)) return [];
  const meListens = receiveOnly || me.monitoring;
  return call.participants
    .filter((p) => p.id !== self && connected(p) && !(meListens && p.monitoring))
    .map((p) => ({
      peerId: p.id,
      offerer: makesOffer(me, p),
      direction: meListens ? 'recvonly' : 'sendrecv',
      send: !meListens && me.state === 'joined' && !me.muted && p.state === 'joined',
    }));
}

/** Whether `self` will send audio at all in `call` (so the microphone is worth asking for). */
export function needsMicrophone(call: CallInfo, self: string, receiveOnly = false): boolean {
  if (receiveOnly || call.status === 'ended') return false;
  const me = call.participants.find((p) => p.id === self);
  return !!me && me.state !== 'left' && !me.monitoring;
}
