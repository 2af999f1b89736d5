/**
 * The browser side of callMedia.test.ts (bundled with esbuild): CallMedia instances in one
 * page, their signals relayed in memory (asynchronously, as a server would), and what the test
 * inspects: every RTCPeerConnection made, every microphone track, the audio elements.
 */
import { createCallMedia, type CallAudioStats, type CallInfo, type CallMedia } from '../../src';

const connections: RTCPeerConnection[] = [];
const Native = window.RTCPeerConnection;
window.RTCPeerConnection = class extends Native {
  constructor(config?: RTCConfiguration) {
    super(config);
    connections.push(this);
  }
} as typeof RTCPeerConnection;

const tracks: MediaStreamTrack[] = [];
const instances = new Map<string, CallMedia>();
let delivered = 0;

const harness = {
  create(self: string, receiveOnly = false): void {
    const media = createCallMedia({
      self,
      receiveOnly,
      send: (to, data) =>
        setTimeout(() => {
          delivered++;
          instances.get(to)?.receive({ callSid: 'CA1', from: self, data });
        }, 5),
      getUserMedia: async () => {
        const stream = await navigator.mediaDevices.getUserMedia({ audio: true });
        tracks.push(...stream.getTracks());
        return stream;
      },
    });
    instances.set(self, media);
  },
  update(self: string, call: CallInfo): void {
    instances.get(self)?.update(call);
  },
  stats(self: string): Promise<CallAudioStats> {
    return instances.get(self)!.stats();
  },
  error(self: string): string | undefined {
    return instances.get(self)?.error?.message;
  },
  close(self: string): void {
    instances.get(self)?.close();
  },
  inspect() {
    return {
      connections: connections.map((pc) => pc.signalingState),
      tracks: tracks.map((t) => t.readyState),
      audioElements: document.querySelectorAll('audio').length,
      delivered,
    };
  },
};

declare global {
  interface Window {
    __media: typeof harness;
  }
}
window.__media = harness;
