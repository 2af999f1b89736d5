import type { Disposable } from '@switchboard/actions';
import type { CallInfo, CallSignal, IceServerConfig, SignalData } from '../../voice';

/** Options of {@link createCallMedia}. */
export interface CallMediaOptions {
  /** This side's participant id in the call (customer identity, worker sid, or `phone:+…`). */
  self: string;
  /** Sends a signal to another participant (the client's `signal` method, bound to the call). */
  send(to: string, data: SignalData): void;
  iceServers?: IceServerConfig[];
  /** Default: `navigator.mediaDevices.getUserMedia({ audio: true })`. */
  getUserMedia?: () => Promise<MediaStream>;
  /**
   * Where remote audio plays; default: a hidden `<audio autoplay>` per peer appended to
   * `document.body`. Returns a detach function.
   */
  attachAudio?: (participantId: string, stream: MediaStream) => () => void;
  /** A monitoring supervisor: receive only (never asks for the microphone). Default false. */
  receiveOnly?: boolean;
}

/** One peer's audio figures. */
export interface PeerAudioStats {
  inboundBytes: number;
  outboundBytes: number;
  audioLevel: number;
  connectionState: string;
}

/** Audio figures, from `RTCPeerConnection.getStats()`. */
export interface CallAudioStats {
  inboundBytes: number;
  outboundBytes: number;
  /** The loudest inbound audio level, 0..1. */
  audioLevel: number;
  peers: Record<string, PeerAudioStats>;
}

/** The browser side of a call's audio: a WebRTC mesh with the other participants. */
export interface CallMedia {
  /**
   * Applies the call's current state: opens/closes peer connections, attaches/detaches the
   * outgoing track per peer (held/muted/left/monitoring rules). Idempotent; call it on every
   * `callUpdated`.
   */
  update(call: CallInfo): void;
  /** A signal from another participant of this call. */
  receive(signal: CallSignal): void;
  /** Plays DTMF on the outgoing audio (RTCDTMFSender) where a sender exists. */
  playDtmf(digits: string): void;
  stats(): Promise<CallAudioStats>;
  /** The microphone error (e.g. permission denied), if any; also emitted as 'error'. */
  readonly error: Error | undefined;
  on(event: 'error', listener: (error: Error) => void): Disposable;
  /** Closes every peer connection and stops the microphone. Idempotent. */
  close(): void;
}
