/**
 * The mix an agent sends to a monitoring supervisor: its own microphone (while it speaks) and
 * the audio it hears from the others, in one track (Web Audio; no media server). Made on first
 * use; the same track stays on the supervisor's sender while the sources change.
 */
export class RelayMixer {
  private context: AudioContext | undefined;
  private destination: MediaStreamAudioDestinationNode | undefined;
  private readonly sources = new Map<MediaStream, MediaStreamAudioSourceNode>();

  /** Mixes exactly `streams` (adds the new ones, drops the others); returns the mix's track. */
  mix(streams: readonly MediaStream[]): MediaStreamTrack | null {
    if (!this.context) {
      if (!streams.length || typeof AudioContext === 'undefined') return null;
      this.context = new AudioContext();
      this.destination = this.context.createMediaStreamDestination();
    }
    // A context made without a user gesture starts suspended (silent) until resumed.
    if (this.context.state === 'suspended') this.context.resume().catch(() => undefined);
    const wanted = new Set(streams.filter((s) => s.getAudioTracks().length > 0));
    for (const [stream, node] of this.sources)
      if (!wanted.has(stream)) {
        node.disconnect();
        this.sources.delete(stream);
      }
    for (const stream of wanted)
      if (!this.sources.has(stream)) {
        const node = this.context.createMediaStreamSource(stream);
        node.connect(this.destination!);
        this.sources.set(stream, node);
      }
    return this.destination!.stream.getAudioTracks()[0] ?? null;
  }

  close(): void {
    for (const node of this.sources.values()) node.disconnect();
    this.sources.clear();
    this.destination?.stream.getTracks().forEach((t) => t.stop());
    this.context?.close().catch(() => undefined);
    this.context = undefined;
    this.destination = undefined;
  }
}
