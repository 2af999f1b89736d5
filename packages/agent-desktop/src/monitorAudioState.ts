/**
 * How the monitored call's audio goes, as `MonitorAudio` (main bundle) reports it and the
 * monitor panel (Teams view chunk) shows it. It imports nothing, so the one copy both chunks
 * share does not stop webpack from concatenating the main bundle's modules (see README).
 */
/** The monitored call's audio, as the panel shows it: whether there is a media factory, and its error. */
export interface MonitorAudioState {
  available: boolean;
  error: string | null;
}
export const NO_AUDIO: MonitorAudioState = { available: false, error: null };
/** What `MonitorAudio` reports (one desktop per page), for the panel wherever it renders. */
let audioState = NO_AUDIO;
const audioListeners = new Set<() => void>();
export const reportAudio = (next: MonitorAudioState) => {
  if (next.available === audioState.available && next.error === audioState.error) return;
  audioState = next;
  for (const listener of audioListeners) listener();
};
export const subscribeAudio = (listener: () => void) => {
  audioListeners.add(listener);
  return () => void audioListeners.delete(listener);
};
/** The state now (for `useSyncExternalStore` with `subscribeAudio`). */
export const getAudioState = (): MonitorAudioState => audioState;
