import { Emitter } from '@switchboard/actions/events';
import type { CallSignal } from '../../voice';
import { attachAudioElement } from './attachAudioElement';
import { dtmfTones } from './dtmfTones';
import { needsMicrophone, planPeers, type PeerPlan } from './mediaPlan';
import { PeerLink } from './PeerLink';
import type { CallAudioStats, CallMedia, CallMediaOptions } from './types';

interface MediaEvents {
  error: (error: Error) => void;
}

/** Signals from a participant kept until this side opens its connection to them (at most this many each). */
const MAX_EARLY_SIGNALS = 200;

const asError = (e: unknown): Error => (e instanceof Error ? e : new Error(String(e)));

/**
 * Creates a call's browser media: one RTCPeerConnection per other participant who is joined
 * or held (a mesh), the microphone sent to each as the media model says (nothing to or from a
 * held participant, nothing while muted, nothing from a monitoring side), remote audio played.
 *
 * @example
 * const media = createCallMedia({ self: engagement.identity, send: (to, data) => session.signal?.(to, data) });
 * session.on('callUpdated', (call) => (call.status === 'ended' ? media.close() : media.update(call)));
 * session.on('callSignal', (signal) => media.receive(signal));
 * console.log((await media.stats()).inboundBytes);
 */
export function createCallMedia(options: CallMediaOptions): CallMedia {
  const { self, receiveOnly = false } = options;
  const attachAudio = options.attachAudio ?? attachAudioElement;
  const getUserMedia =
    options.getUserMedia ?? (() => navigator.mediaDevices.getUserMedia({ audio: true, video: false }));
  const events = new Emitter<MediaEvents>((error) => console.error('[call-media] error listener failed', error));
  const links = new Map<string, PeerLink>();
  const plans = new Map<string, PeerPlan>();
  const early = new Map<string, CallSignal[]>();
  let callSid: string | undefined;
  let micTrack: MediaStreamTrack | null = null;
  let micStream: MediaStream | undefined;
  let micRequested = false;
  let error: Error | undefined;
  let closed = false;

  const applyTracks = (): void => {
    for (const [peerId, link] of links) link.setTrack(plans.get(peerId)?.send ? micTrack : null);
  };

  const requestMicrophone = (): void => {
    if (micRequested) return;
    micRequested = true;
    getUserMedia().then(
      (stream) => {
        if (closed) {
          stream.getTracks().forEach((t) => t.stop());
          return;
        }
        micStream = stream;
        micTrack = stream.getAudioTracks()[0] ?? null;
        applyTracks();
      },
      (e: unknown) => {
        if (closed) return;
        error = asError(e);
        events.emit('error', error);
      },
    );
  };

  const openLink = (plan: PeerPlan): PeerLink => {
    const link = new PeerLink({
      self,
      peerId: plan.peerId,
      iceServers: options.iceServers ?? [],
      offerer: plan.offerer,
      direction: plan.direction,
      send: (data) => options.send(plan.peerId, data),
      onRemoteStream: (stream) => attachAudio(plan.peerId, stream),
      onError: (e) => console.warn(`[call-media] ${self} ↔ ${plan.peerId}:`, e.message),
    });
    links.set(plan.peerId, link);
    const waiting = early.get(plan.peerId);
    early.delete(plan.peerId);
    waiting?.forEach((signal) => link.receive(signal.data));
    return link;
  };

  return {
    get error() {
      return error;
    },

    update(call) {
      if (closed || (callSid && call.sid !== callSid)) return;
      callSid = call.sid;
      if (needsMicrophone(call, self, receiveOnly)) requestMicrophone();
      const wanted = planPeers(call, self, receiveOnly);
      const wantedIds = new Set(wanted.map((p) => p.peerId));
      for (const [peerId, link] of links) {
        if (wantedIds.has(peerId)) continue;
        link.close();
        links.delete(peerId);
        plans.delete(peerId);
      }
      // Early signals from someone who is no longer on the call are dropped.
      const present = new Set(call.participants.filter((p) => p.state !== 'left').map((p) => p.id));
      for (const peerId of early.keys()) if (!present.has(peerId)) early.delete(peerId);
      for (const plan of wanted) {
        plans.set(plan.peerId, plan);
        const link = links.get(plan.peerId) ?? openLink(plan);
        link.setDirection(plan.direction);
      }
      applyTracks();
    },

    receive(signal: CallSignal) {
      if (closed || (callSid && signal.callSid !== callSid) || signal.from === self) return;
      const link = links.get(signal.from);
      if (link) {
        link.receive(signal.data);
        return;
      }
      // Their offer or candidates may come before the update that shows them joined.
      const list = early.get(signal.from) ?? [];
      if (list.length < MAX_EARLY_SIGNALS) list.push(signal);
      early.set(signal.from, list);
    },

    playDtmf(digits) {
      const tones = dtmfTones(digits);
      if (!tones || closed) return;
      for (const link of links.values()) link.playDtmf(tones);
    },

    async stats() {
      const entries = await Promise.all([...links].map(async ([peerId, link]) => [peerId, await link.stats()] as const));
      const result: CallAudioStats = { inboundBytes: 0, outboundBytes: 0, audioLevel: 0, peers: {} };
      for (const [peerId, peer] of entries) {
        result.peers[peerId] = peer;
        result.inboundBytes += peer.inboundBytes;
        result.outboundBytes += peer.outboundBytes;
        result.audioLevel = Math.max(result.audioLevel, peer.audioLevel);
      }
      return result;
    },

    on(event, listener) {
      return events.on(event, listener);
    },

    close() {
      if (closed) return;
      closed = true;
      for (const link of links.values()) link.close();
      links.clear();
      plans.clear();
      early.clear();
      micStream?.getTracks().forEach((t) => t.stop());
      micStream = undefined;
      micTrack = null;
    },
  };
}
