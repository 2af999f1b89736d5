/**
 * The monitor panel of the Teams view: a monitored chat read only (its transcript, no
 * composer), or a monitored call's "Stop listening" panel; the call's audio plays from
 * `MonitorAudio` (in the main bundle), through a receive-only media session (the supervisor
 * sends nothing). Loaded with the Teams view, on demand.
 */
import { useStrings } from '@switchboard/host';
import type { MonitoredTask } from '@switchboard/plugin';
import { useDesktop, useInvoke, usePending } from './hooks';
import { useSyncExternalStore } from 'react';
import { getAudioState, subscribeAudio } from './monitorAudioState';

/** A monitored call: who, and Stop listening (the audio plays from `MonitorAudio`). */
function CallMonitor({ monitoring, agentName }: { monitoring: MonitoredTask; agentName: string }) {
  const strings = useStrings();
  const invoke = useInvoke();
  const stopping = usePending('StopMonitoringCall');
  const { available, error } = useSyncExternalStore(subscribeAudio, getAudioState, getAudioState);
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
