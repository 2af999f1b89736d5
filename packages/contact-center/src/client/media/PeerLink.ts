import type { IceServerConfig, SignalData } from '../../voice';
import type { PeerAudioStats } from './types';

/** What a {@link PeerLink} needs from its owner. */
export interface PeerLinkOptions {
  self: string;
  peerId: string;
  iceServers: IceServerConfig[];
  /** This side makes the first offer. */
  offerer: boolean;
  direction: 'sendrecv' | 'recvonly';
  send(data: SignalData): void;
  /** Remote audio arrived: play it; returns a detach function. */
  onRemoteStream(stream: MediaStream): () => void;
  /** A negotiation step failed (reported, the link carries on). */
  onError(error: Error): void;
}

type Candidate = Extract<SignalData, { type: 'candidate' }>['candidate'];

const asError = (e: unknown): Error => (e instanceof Error ? e : new Error(String(e)));

/**
 * One RTCPeerConnection with one other participant: one audio transceiver, its offer/answer
 * exchange ("perfect negotiation": on glare the side with the smaller id is polite and rolls
 * back), candidates queued until the remote description is set, and the outgoing track swapped
 * with `replaceTrack` (null stops RTP: hold, mute) without renegotiating.
 */
/** An unanswered offer is sent again after 2 s, 4 s, 6 s, … (at most this many times). */
const OFFER_RESENDS = 5;
const OFFER_RESEND_MS = 2000;

export class PeerLink {
  readonly peerId: string;
  private pc: RTCPeerConnection;
  private readonly options: PeerLinkOptions;
  private readonly polite: boolean;
  private makingOffer = false;
  private ignoreOffer = false;
  private direction: 'sendrecv' | 'recvonly';
  private pendingCandidates: Candidate[] = [];
  private track: MediaStreamTrack | null = null;
  private detach: (() => void) | undefined;
  private closed = false;
  /** Signals are handled one at a time, in order (each step awaits the previous one). */
  private queue: Promise<void> = Promise.resolve();

  constructor(options: PeerLinkOptions) {
    this.options = options;
    this.peerId = options.peerId;
    this.polite = options.self < options.peerId;
    this.direction = options.direction;
    this.pc = this.createConnection();
    if (options.offerer) {
      this.pc.addTransceiver('audio', { direction: this.direction });
      this.enqueue(() => this.makeOffer());
    }
  }

  /** The outgoing track for this peer (null: send nothing). */
  setTrack(track: MediaStreamTrack | null): void {
    this.track = track;
    this.applyTrack();
  }

  /** Changes this side's direction (a supervisor starts or stops monitoring): renegotiates. */
  setDirection(direction: 'sendrecv' | 'recvonly'): void {
    if (direction === this.direction) return;
    this.direction = direction;
    const transceiver = this.transceiver();
    if (!transceiver) return; // not negotiated yet: the answer or the first offer uses it
    transceiver.direction = direction;
    this.applyTrack();
    this.enqueue(() => this.makeOffer());
  }

  /** A signal from the peer. */
  receive(data: SignalData): void {
    this.enqueue(() => this.handle(data));
  }

  /** Plays digits on the outgoing audio, when a track is being sent. */
  playDtmf(tones: string): void {
    const dtmf = this.transceiver()?.sender.dtmf;
    if (dtmf && this.track && dtmf.canInsertDTMF) dtmf.insertDTMF(tones);
  }

  async stats(): Promise<PeerAudioStats> {
    const result: PeerAudioStats = {
      inboundBytes: 0,
      outboundBytes: 0,
      audioLevel: 0,
      connectionState: this.pc.connectionState,
    };
    if (this.closed) return result;
    const report = await this.pc.getStats();
    report.forEach((entry: { type: string; kind?: string; [key: string]: unknown }) => {
      if (entry.kind !== undefined && entry.kind !== 'audio') return;
      if (entry.type === 'inbound-rtp') {
        result.inboundBytes += Number(entry.bytesReceived ?? 0);
        result.audioLevel = Math.max(result.audioLevel, Number(entry.audioLevel ?? 0));
      } else if (entry.type === 'outbound-rtp') {
        result.outboundBytes += Number(entry.bytesSent ?? 0);
      }
    });
    return result;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.pendingCandidates = [];
    this.detach?.();
    this.detach = undefined;
    this.pc.close();
  }

  private createConnection(): RTCPeerConnection {
    const pc = new RTCPeerConnection({ iceServers: this.options.iceServers });
    pc.onicecandidate = ({ candidate }) => {
      if (!candidate || this.closed || pc !== this.pc) return;
      const { candidate: line, sdpMid, sdpMLineIndex } = candidate.toJSON();
      if (line) this.options.send({ type: 'candidate', candidate: { candidate: line, sdpMid, sdpMLineIndex } });
    };
    pc.ontrack = (event) => {
      if (this.closed || pc !== this.pc) return;
      this.detach?.();
      this.detach = this.options.onRemoteStream(event.streams[0] ?? new MediaStream([event.track]));
    };
    return pc;
  }

  /** The transceiver carrying the call's audio (the one negotiated, else the first). */
  private transceiver(): RTCRtpTransceiver | undefined {
    const all = this.pc.getTransceivers();
    return all.find((t) => t.mid !== null && t.currentDirection !== 'stopped') ?? all[0];
  }

  private applyTrack(): void {
    if (this.closed) return;
    const sender = this.transceiver()?.sender;
    if (!sender) return;
    const next = this.direction === 'recvonly' ? null : this.track;
    if (sender.track === next) return;
    sender.replaceTrack(next).catch((e: unknown) => this.options.onError(asError(e)));
  }

  private enqueue(step: () => Promise<void>): void {
    this.queue = this.queue
      .then(() => (this.closed ? undefined : step()))
      .catch((e: unknown) => {
        if (!this.closed) this.options.onError(asError(e));
      });
  }

  private async makeOffer(): Promise<void> {
    this.makingOffer = true;
    try {
      await this.pc.setLocalDescription();
      const sdp = this.pc.localDescription?.sdp;
      if (!this.closed && sdp && this.pc.signalingState === 'have-local-offer') {
        this.options.send({ type: 'offer', sdp });
        this.resendUnanswered(this.pc, 1);
      }
    } finally {
      this.makingOffer = false;
    }
  }

  /**
   * Signals are relayed, never stored: an offer (or its answer) sent while the other side's
   * connection was reconnecting, or before it listened, is gone. An offer still unanswered
   * after a while is sent again (with the candidates gathered since, in its SDP); a duplicate
   * is harmless — the other side answers it again and this side ignores the stale answer.
   */
  private resendUnanswered(pc: RTCPeerConnection, attempt: number): void {
    if (attempt > OFFER_RESENDS) return;
    const timer = setTimeout(() => {
      if (this.closed || pc !== this.pc || pc.signalingState !== 'have-local-offer') return;
      const sdp = pc.localDescription?.sdp;
      if (sdp) this.options.send({ type: 'offer', sdp });
      this.resendUnanswered(pc, attempt + 1);
    }, OFFER_RESEND_MS * attempt);
    (timer as { unref?: () => void }).unref?.();
  }

  private async handle(data: SignalData): Promise<void> {
    if (data.type === 'candidate') return this.addCandidate(data.candidate);
    if (data.type === 'answer') {
      if (this.pc.signalingState !== 'have-local-offer') return; // stale, or our offer was rolled back
      await this.pc.setRemoteDescription({ type: 'answer', sdp: data.sdp });
      return this.flushCandidates();
    }
    const collision = this.makingOffer || this.pc.signalingState !== 'stable';
    this.ignoreOffer = !this.polite && collision;
    if (this.ignoreOffer) return;
    try {
      await this.pc.setRemoteDescription({ type: 'offer', sdp: data.sdp });
    } catch (e) {
      // An offer the connection cannot take after a finished negotiation comes from a fresh
      // connection on the other side (it restarted): start over with a fresh one here.
      if (!this.pc.remoteDescription) throw e;
      this.restart();
      await this.pc.setRemoteDescription({ type: 'offer', sdp: data.sdp });
    }
    const transceiver = this.transceiver();
    if (transceiver && transceiver.direction !== this.direction) transceiver.direction = this.direction;
    this.applyTrack();
    await this.pc.setLocalDescription();
    const sdp = this.pc.localDescription?.sdp;
    if (sdp && !this.closed) this.options.send({ type: 'answer', sdp });
    await this.flushCandidates();
  }

  private restart(): void {
    this.pc.close();
    this.detach?.();
    this.detach = undefined;
    this.pendingCandidates = [];
    this.pc = this.createConnection();
  }

  private async addCandidate(candidate: Candidate): Promise<void> {
    if (!this.pc.remoteDescription) {
      this.pendingCandidates.push(candidate);
      return;
    }
    try {
      await this.pc.addIceCandidate(candidate);
    } catch (e) {
      // A candidate of an offer this side ignored (glare) is expected to fail; one bad
      // candidate must not drop the others.
      if (!this.ignoreOffer && !this.closed) this.options.onError(asError(e));
    }
  }

  private async flushCandidates(): Promise<void> {
    const pending = this.pendingCandidates;
    this.pendingCandidates = [];
    for (const candidate of pending) await this.addCandidate(candidate);
  }
}
