/**
 * The monitored call's audio, kept in the main bundle: `MonitorAudio` plays it whatever view
 * shows (the Teams view and its monitor panel load on demand), `liveMonitorMedia` lists it for
 * the E2E tests, and it reports how it goes to the panel (`monitorAudioState`).
 */
import type { CallInfo, CallMedia, CallMediaOptions } from '@switchboard/contact-center';
import { selectMonitoring, selectSupervisor, useHost } from '@switchboard/host';
import { useEffect, useRef, useState } from 'react';
import { useSelector } from 'react-redux';
import { useDesktop } from './hooks';
import { NO_AUDIO, reportAudio, type MonitorAudioState } from './monitorAudioState';

/**
 * Makes a call's media session: the browser media layer's `createCallMedia` (the same type as
 * the call canvas's `CreateCallMedia`); tests pass a fake. The monitor asks for `receiveOnly`.
 * None: the panel says audio is not available.
 */
export type MonitorMediaFactory = (options: CallMediaOptions) => CallMedia;

/** The media of the call listened to, by call sid (for the curious and the E2E tests: `stats()`). */
export const liveMonitorMedia = new Map<string, CallMedia>();

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
