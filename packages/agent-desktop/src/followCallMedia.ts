/**
 * The audio of this agent's calls: a CallMedia per call this agent has joined (self: its
 * worker sid; signals through `provider.voice.signal`), fed every `callUpdated` (through the
 * store) and `callSignal`, playing the digits SendDTMFDigits sends, closed when the call
 * ends or the agent leaves it.
 */
import { toDisposable, type Disposable } from '@switchboard/actions';
import {
  createCallMedia,
  type CallInfo,
  type CallMedia,
  type CallMediaOptions,
  type CallSignal,
} from '@switchboard/contact-center';
import type { DesktopState, Host } from '@switchboard/host';

/** Makes a call's media (default: `createCallMedia`; tests pass a fake). */
export type CreateCallMedia = (options: CallMediaOptions) => CallMedia;

/** The media of the calls in progress, by call sid (for the curious and the E2E tests: `stats()`). */
export const liveCallMedia = new Map<string, CallMedia>();

/**
 * This agent is on the call (joined or held), and the call goes on. A call it monitors (a
 * supervisor listening in) is not: the monitor's own media (receive only) plays that one.
 */
const onCall = (call: CallInfo, me: string | undefined): boolean =>
  call.status !== 'ended' &&
  call.participants.some(
    (p) => p.workerSid === me && p.id === me && !p.monitoring && (p.state === 'joined' || p.state === 'held'),
  );

/**
 * Follows `host`'s calls until disposed: opens, updates and closes their media.
 *
 * @example
 * const following = followCallMedia(host);
 * // later: following.dispose() closes every call's media
 */
export function followCallMedia(host: Host, createMedia: CreateCallMedia = createCallMedia): Disposable {
  const provider = host.contactCenter;
  const voice = provider?.voice;
  if (!provider || !voice) return toDisposable(() => {});
  const media = new Map<string, { media: CallMedia; call: CallInfo }>();
  /** Signals that came before this agent's side of the call was set up (an early offer). */
  const early = new Map<string, CallSignal[]>();
  const desktop = () => (host.store.getState() as { desktop?: DesktopState }).desktop;

  const close = (callSid: string) => {
    const entry = media.get(callSid);
    if (!entry) return;
    media.delete(callSid);
    liveCallMedia.delete(callSid);
    early.delete(callSid);
    entry.media.close();
  };
  let calls: Record<string, CallInfo> | undefined;
  const sync = () => {
    const state = desktop();
    if (!state || state.calls === calls) return;
    calls = state.calls;
    const me = state.worker?.sid;
    for (const callSid of [...media.keys()]) {
      const call = calls[callSid];
      if (!call || !onCall(call, me)) {
        if (call) media.get(callSid)!.media.update(call);
        close(callSid);
      }
    }
    for (const callSid of [...early.keys()]) if (!calls[callSid]) early.delete(callSid);
    for (const call of Object.values(calls)) {
      if (!me || !onCall(call, me)) continue;
      let entry = media.get(call.sid);
      if (!entry) {
        const created = createMedia({
          self: me,
          send: (to, data) => voice.signal(call.sid, to, data),
          ...(state.iceServers.length ? { iceServers: state.iceServers } : {}),
        });
        created.on('error', (error) =>
          host.notifications.show('ActionFailed', { action: 'Call', message: error.message }),
        );
        entry = { media: created, call };
        media.set(call.sid, entry);
        liveCallMedia.set(call.sid, created);
        created.update(call);
        for (const signal of early.get(call.sid) ?? []) created.receive(signal);
        early.delete(call.sid);
      } else if (entry.call !== call) {
        entry.call = call;
        entry.media.update(call);
      }
    }
  };
  const subscriptions = [
    toDisposable(host.store.subscribe(sync)),
    provider.on('callSignal', (signal) => {
      const entry = media.get(signal.callSid);
      if (entry) entry.media.receive(signal);
      else if (desktop()?.calls[signal.callSid])
        early.set(signal.callSid, [...(early.get(signal.callSid) ?? []), signal]);
    }),
    host.actions.addListener('afterSendDTMFDigits', (payload) => {
      const { callSid, digits } = payload as { callSid: string; digits: string };
      media.get(callSid)?.media.playDtmf(digits);
    }),
  ];
  sync();
  return toDisposable(() => {
    for (const s of subscriptions) s.dispose();
    for (const callSid of [...media.keys()]) close(callSid);
    early.clear();
  });
}
