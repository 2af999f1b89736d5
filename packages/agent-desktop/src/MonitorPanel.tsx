/**
 * The monitor panel of the Teams view: a monitored chat read only (its transcript, no
 * composer), or a monitored call's "Stop listening" panel that plays the call's audio through
 * a receive-only media session (the supervisor sends nothing).
 */
import type { CallInfo, CallMedia, CallMediaOptions } from '@switchboard/contact-center';
import { selectMonitoring, selectSupervisor, useHost, useStrings } from '@switchboard/host';
import type { MonitoredTask } from '@switchboard/plugin';
import { useEffect, useRef, useState, useSyncExternalStore } from 'react';
import { useSelector } from 'react-redux';
import { useDesktop, useInvoke, usePending } from './hooks';

/**
 * Makes a call's media session: the browser media layer's `createCallMedia` (the same type as
 * the call canvas's `CreateCallMedia`); tests pass a fake. The monitor asks for `receiveOnly`.
 * None: the panel says audio is not available.
 */
export type MonitorMediaFactory = (options: CallMediaOptions) => CallMedia;

/** The media of the call listened to, by call sid (for the curious and the E2E tests: `stats()`). */
export const liveMonitorMedia = new Map<string, CallMedia>();

/** The monitored call's audio, as the panel shows it: whether there is a media factory, and its error. */
interface MonitorAudioState {
  available: boolean;
  error: string | null;
}
const NO_AUDIO: MonitorAudioState = { available: false, error: null };
/** What `MonitorAudio` reports (one desktop per page), for the panel wherever it renders. */
let audioState = NO_AUDIO;
const audioListeners = new Set<() => void>();
const reportAudio = (next: MonitorAudioState) => {
  if (next.available === audioState.available && next.error === audioState.error) return;
  audioState = next;
  for (const listener of audioListeners) listener();
};
const subscribeAudio = (listener: () => void) => {
  audioListeners.add(listener);
  return () => void audioListeners.delete(listener);
};
const useAudioState = () =>
  useSyncExternalStore(
    subscribeAudio,
    () => audioState,
    () => audioState,
  );

/** Plays a monitored call's audio while it is live; the media's error, if any. */
function useMonitorAudio(call: CallInfo | null, factory: MonitorMediaFactory | undefined): MonitorAudioState {
  const provider = useHost().contactCenter;
  const self = useDesktop((d) => d.worker?.sid);
  const iceServers = useSelector((s: Parameters<typeof selectSupervisor>[0]) => selectSupervisor(s).iceServers);
  const media = useRef<CallMedia | null>(null);
  const [error, setError] = useState<string | null>(null);
  const callSid = call?.sid;
  const live = !!call && call.status !== 'ended';
  useEffect(() => {
    if (!factory || !provider || !self || !callSid || !live) return undefined;
    const session = factory({
      self,
      receiveOnly: true,
      ...(iceServers.length ? { iceServers } : {}),
      send: (to, data) => provider.voice?.signal(callSid, to, data),
    });
    media.current = session;
    liveMonitorMedia.set(callSid, session);
    const signals = provider.on('callSignal', (signal) => {
      if (signal.callSid === callSid) session.receive(signal);
    });
    const errors = session.on('error', (e) => setError(e.message));
    return () => {
      signals.dispose();
      errors.dispose();
      session.close();
      if (liveMonitorMedia.get(callSid) === session) liveMonitorMedia.delete(callSid);
      if (media.current === session) media.current = null;
    };
  }, [factory, provider, self, callSid, live, iceServers]);
  // Every change of the call (participants joining, holding, leaving) reaches the media.
  useEffect(() => {
    if (call && media.current) media.current.update(call);
  }, [call, live]);
  return { available: !!factory, error };
}

/**
 * Plays the monitored call, whatever view shows (the supervisor keeps listening on the agent
 * desktop view), and tells the monitor panel how it goes. Renders nothing.
 */
export function MonitorAudio({ createCallMedia }: { createCallMedia?: MonitorMediaFactory | undefined }) {
  const call = useSelector((s: Parameters<typeof selectMonitoring>[0]) => selectMonitoring(s)?.call ?? null);
  const { available, error } = useMonitorAudio(call, createCallMedia);
  useEffect(() => reportAudio({ available, error }), [available, error]);
  useEffect(() => () => reportAudio(NO_AUDIO), []);
  return null;
}

/** A monitored call: who, and Stop listening (the audio plays from `MonitorAudio`). */
function CallMonitor({ monitoring, agentName }: { monitoring: MonitoredTask; agentName: string }) {
  const strings = useStrings();
  const invoke = useInvoke();
  const stopping = usePending('StopMonitoringCall');
  const { available, error } = useAudioState();
  const ended = monitoring.call?.status === 'ended';
  return (
    <>
      <p className="sb-monitor-title">
        {strings.get('MonitoringCallOf', { customerName: monitoring.customerName, agentName })}
      </p>
      {ended && <p role="status">{strings.get('MonitoringCallEnded')}</p>}
      {!ended && !available && <p role="status">{strings.get('MonitoringAudioUnavailable')}</p>}
      {error !== null && <p role="alert">{strings.get('MonitoringAudioError', { message: error })}</p>}
      <button
        type="button"
        disabled={stopping}
        onClick={() => void invoke('StopMonitoringCall', { sid: monitoring.taskSid })}
      >
        {strings.get('StopListening')}
      </button>
    </>
  );
}

/** A monitored chat: its transcript, read only. */
function ChatMonitor({ monitoring, agentName }: { monitoring: MonitoredTask; agentName: string }) {
  const strings = useStrings();
  const invoke = useInvoke();
  const stopping = usePending('StopMonitoringCall');
  return (
    <>
      <p className="sb-monitor-title">
        {strings.get('MonitoringChatOf', { customerName: monitoring.customerName, agentName })}
      </p>
      <ol className="sb-transcript" aria-label={strings.get('Transcript')} aria-live="polite">
        {monitoring.messages.length === 0 && <li>{strings.get('MonitoringNoMessages')}</li>}
        {monitoring.messages.map((m) => (
          <li key={m.sid} className={`sb-message sb-from-${m.authorRole}`}>
            <span className="sb-message-author">{m.authorName}</span> <span className="sb-message-body">{m.body}</span>
          </li>
        ))}
      </ol>
      <button
        type="button"
        disabled={stopping}
        onClick={() => void invoke('StopMonitoringCall', { sid: monitoring.taskSid })}
      >
        {strings.get('StopMonitoring')}
      </button>
    </>
  );
}

/** The monitor panel (the `panel` child of `MonitorPanel`): labelled "Monitoring (read only)". */
export function MonitorPanel({ monitoring }: { monitoring: MonitoredTask }) {
  const strings = useStrings();
  const agentName = useDesktop((d) =>
    monitoring.workerSid === null ? undefined : d.workers[monitoring.workerSid]?.fullName,
  );
  const name = agentName ?? strings.get('MonitoringNoAgent');
  const label = strings.get('MonitoringReadOnly');
  return (
    <section className="sb-monitor-panel" aria-label={label}>
      <h3>{label}</h3>
      {monitoring.channelType === 'voice' ? (
        <CallMonitor monitoring={monitoring} agentName={name} />
      ) : (
        <ChatMonitor monitoring={monitoring} agentName={name} />
      )}
    </section>
  );
}
