/**
 * The default place remote audio plays: a hidden `<audio autoplay>` appended to
 * `document.body`, removed by the returned function.
 */
export function attachAudioElement(participantId: string, stream: MediaStream): () => void {
  const audio = document.createElement('audio');
  audio.autoplay = true;
  audio.hidden = true;
  audio.dataset.participant = participantId;
  audio.srcObject = stream;
  document.body.appendChild(audio);
  // Autoplay may be refused before a user gesture; the call started with one, so it rarely is.
  audio.play().catch(() => undefined);
  return () => {
    audio.pause();
    audio.srcObject = null;
    audio.remove();
  };
}
