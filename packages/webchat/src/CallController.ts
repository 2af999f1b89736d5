import type { Disposable } from '@switchboard/actions';
import type {
  CallEngagement,
  CallInfo,
  CallMedia,
  CallMediaOptions,
  CustomerSession,
  EngagementFormData,
  IceServerConfig,
} from '@switchboard/contact-center';
import { shownError } from './EngagementController';
import { WebChatError } from './errors';
import type { CallEngagementInfo, WebChatCallClient, WebChatCallPhase, WebChatCallState } from './types';
import { NO_CALL, type WebChatStore } from './WebChatStore';

/** What {@link CallController} needs besides the store. */
export interface CallControllerOptions {
  /** Undefined: this webchat cannot place calls. */
  client: WebChatCallClient | undefined;
  createCallMedia: (options: CallMediaOptions) => CallMedia;
  iceServers?: IceServerConfig[];
}

const infoOf = ({ token: _token, ...info }: CallEngagement): CallEngagementInfo => info;

/** The customer's phase in `call`, seen from participant `self`. */
export function callPhaseOf(call: CallInfo, self: string): WebChatCallPhase {
  const me = call.participants.find((p) => p.id === self);
  if (call.status === 'ended' || me?.state === 'left') return 'ended';
  if (me?.state === 'held') return 'held';
  return call.status === 'ringing' ? 'calling' : 'connected';
}

/**
 * Runs the customer's voice call: places it, connects its session, keeps the state and the
 * media (WebRTC) in step with the call's events, mutes, sends digits and hangs up. The call
 * actions call it; nothing else writes the call part of the state.
 */
export class CallController {
  #session: CustomerSession | undefined;
  #media: CallMedia | undefined;
  #subscriptions: Disposable[] = [];
  /** Bumped whenever the call changes hands, so late answers of an old one are ignored. */
  #epoch = 0;

  constructor(
    private readonly store: WebChatStore,
    private readonly options: CallControllerOptions,
  ) {}

  get available(): boolean {
    return !!this.options.client;
  }

  get state(): WebChatCallState {
    return this.store.state.call;
  }

  /** Places the call and connects its session; resolves once the contact center took it. */
  async start(formData: EngagementFormData): Promise<CallEngagementInfo> {
    const client = this.options.client;
    if (!client) throw new WebChatError('WEBCHAT_VOICE_UNAVAILABLE', 'StartCall: this webchat cannot place calls');
    this.#end();
    const epoch = this.#epoch;
    this.#set({ ...NO_CALL, phase: 'starting' });
    let engagement: CallEngagement;
    try {
      engagement = await client.startCall(formData);
    } catch (error) {
      if (epoch === this.#epoch) this.#set({ ...NO_CALL, error: shownError(error) });
      throw error;
    }
    if (epoch !== this.#epoch) return infoOf(engagement); // hung up or destroyed meanwhile
    this.#attach(client, engagement);
    return infoOf(engagement);
  }

  /** Hangs up (leaves the call) and closes the media; the phase becomes `ended`. */
  async hangup(): Promise<void> {
    const session = this.#session;
    this.#end();
    this.#set({ phase: 'ended' });
    if (!session) return;
    try {
      await session.leave();
    } finally {
      session.disconnect();
    }
  }

  /** Mutes or unmutes this side (the contact center tells everyone; the media follows). */
  async setMuted(muted: boolean): Promise<boolean> {
    const session = this.#live('ToggleMute');
    if (!session.setMuted) throw new WebChatError('WEBCHAT_VOICE_UNAVAILABLE', 'ToggleMute: the session cannot mute');
    const epoch = this.#epoch;
    const call = await session.setMuted(muted);
    if (epoch === this.#epoch) this.#callUpdated(call);
    return muted;
  }

  /** Plays the digits on the audio and sends them through the contact center. */
  async sendDtmf(digits: string): Promise<void> {
    const session = this.#live('SendDTMFDigits');
    if (!session.sendDtmf) {
      throw new WebChatError('WEBCHAT_VOICE_UNAVAILABLE', 'SendDTMFDigits: the session cannot send digits');
    }
    this.#media?.playDtmf(digits);
    const epoch = this.#epoch;
    await session.sendDtmf(digits);
    if (epoch === this.#epoch) this.#set({ digits: this.state.digits + digits });
  }

  /** Back to no call (after one ended). */
  reset(): void {
    this.#end();
    this.#set(NO_CALL);
  }

  /** Closes the media and the session without hanging up (the widget goes away). */
  dispose(): void {
    this.#end()?.disconnect();
  }

  #live(action: string): CustomerSession {
    const session = this.#session;
    if (!session || this.state.phase === 'ended') {
      throw new WebChatError('WEBCHAT_NO_CALL', `${action}: no call is in progress`, { action });
    }
    return session;
  }

  #set(patch: Partial<WebChatCallState>): void {
    this.store.update({ call: { ...this.store.state.call, ...patch } });
  }

  #attach(client: WebChatCallClient, engagement: CallEngagement): void {
    const session = client.session(engagement);
    const epoch = ++this.#epoch;
    const current = () => epoch === this.#epoch;
    const media = this.options.createCallMedia({
      self: engagement.identity,
      send: (to, data) => session.signal?.(to, data),
      ...(this.options.iceServers && { iceServers: this.options.iceServers }),
    });
    this.#session = session;
    this.#media = media;
    this.#subscriptions = [
      media.on('error', (error) => current() && this.#set({ error: shownError(error) })),
      session.on('snapshot', ({ call }) => current() && call && this.#callUpdated(call)),
      session.on('callUpdated', (call) => current() && this.#callUpdated(call)),
      session.on('callSignal', (signal) => current() && signal.callSid === engagement.callSid && media.receive(signal)),
    ];
    this.#set({ ...NO_CALL, phase: 'calling', engagement: infoOf(engagement) });
    session.connect().catch((error: unknown) => current() && this.#set({ error: shownError(error) }));
  }

  #callUpdated(call: CallInfo): void {
    const engagement = this.state.engagement;
    if (!engagement || call.sid !== engagement.callSid) return;
    const phase = callPhaseOf(call, engagement.identity);
    const me = call.participants.find((p) => p.id === engagement.identity);
    if (phase === 'ended') {
      // The agent hung up (or the call ended): nothing more comes on this call.
      this.#end()?.disconnect();
      this.#set({ phase, call, muted: false });
      return;
    }
    this.#media?.update(call);
    this.#set({ phase, call, muted: me?.muted ?? false });
  }

  /** Detaches the current session (returned, still connected), closes the media. */
  #end(): CustomerSession | undefined {
    const session = this.#session;
    this.#epoch++;
    this.#session = undefined;
    for (const s of this.#subscriptions) s.dispose();
    this.#subscriptions = [];
    this.#media?.close();
    this.#media = undefined;
    return session;
  }
}
