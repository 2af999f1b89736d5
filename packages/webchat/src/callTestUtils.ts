/**
 * Test doubles of a call: a fake contact center that places calls (its sessions let the test
 * play the agent: answer, hold, hang up) and a fake CallMedia that records what the widget
 * asked of it (jsdom has no WebRTC; the real CallMedia is tested in Chromium).
 */
import { Emitter } from '@switchboard/actions/events';
import type {
  CallEngagement,
  CallInfo,
  CallMedia,
  CallMediaOptions,
  CallSignal,
  ChannelInfo,
  CustomerSnapshot,
  EngagementFormData,
  SignalData,
} from '@switchboard/contact-center';
import { FakeSession } from './test-utils';
import type { WebChatCallClient } from './types';

let seq = 0;

/** One call's session, as the fake contact center runs it. */
export class FakeCallSession extends FakeSession {
  call: CallInfo;
  readonly signals: Array<{ to: string; data: SignalData }> = [];
  readonly dtmf: string[] = [];

  constructor(readonly callEngagement: CallEngagement) {
    super(callEngagement, { sid: callEngagement.channelSid, status: 'open' } as ChannelInfo, []);
    this.call = {
      sid: callEngagement.callSid,
      taskSid: callEngagement.taskSid,
      channelSid: callEngagement.channelSid,
      direction: 'inbound',
      status: 'ringing',
      from: callEngagement.friendlyName,
      to: 'Support',
      participants: [
        {
          id: callEngagement.identity,
          kind: 'customer',
          name: callEngagement.friendlyName,
          workerSid: null,
          state: 'joined',
          muted: false,
          monitoring: false,
          joinedAt: 1,
        },
      ],
      createdAt: 1,
      updatedAt: 1,
    };
  }

  override async connect() {
    const snapshot = await super.connect();
    const withCall: CustomerSnapshot = { ...snapshot, call: this.call };
    this.events.emit('snapshot', withCall);
    return snapshot;
  }

  signal(to: string, data: SignalData): void {
    this.signals.push({ to, data });
  }

  async setMuted(muted: boolean): Promise<CallInfo> {
    await Promise.resolve();
    return this.#change((c) => ({
      ...c,
      participants: c.participants.map((p) => (p.kind === 'customer' ? { ...p, muted } : p)),
    }));
  }

  async sendDtmf(digits: string): Promise<void> {
    await Promise.resolve();
    this.dtmf.push(digits);
  }

  override async leave(): Promise<void> {
    await super.leave();
    this.call = { ...this.call, status: 'ended' };
  }

  /** The agent answers: in progress, with the agent joined. */
  agentAnswers(): CallInfo {
    return this.#change((c) => ({
      ...c,
      status: 'in-progress',
      participants: [
        ...c.participants,
        {
          id: 'WKalice',
          kind: 'agent',
          name: 'Alice',
          workerSid: 'WKalice',
          state: 'joined',
          muted: false,
          monitoring: false,
          joinedAt: 2,
        },
      ],
    }));
  }

  /** The agent holds (or unholds) the customer. */
  hold(held: boolean): CallInfo {
    return this.#change((c) => ({
      ...c,
      participants: c.participants.map((p) => (p.kind === 'customer' ? { ...p, state: held ? 'held' : 'joined' } : p)),
    }));
  }

  /** The agent hangs up: the call ends. */
  agentHangsUp(): CallInfo {
    return this.#change((c) => ({ ...c, status: 'ended' }));
  }

  /** A WebRTC signal from the agent. */
  agentSignals(data: SignalData): void {
    this.events.emit('callSignal', { callSid: this.call.sid, from: 'WKalice', data });
  }

  #change(f: (call: CallInfo) => CallInfo): CallInfo {
    this.call = f({ ...this.call, updatedAt: this.call.updatedAt + 1 });
    this.events.emit('callUpdated', this.call);
    return this.call;
  }
}

/** A fake contact center that places calls. */
export class FakeCallClient implements WebChatCallClient {
  readonly started: EngagementFormData[] = [];
  readonly sessions: FakeCallSession[] = [];
  startError: Error | undefined;

  async startCall(formData: EngagementFormData): Promise<CallEngagement> {
    this.started.push(formData);
    await Promise.resolve();
    if (this.startError) throw this.startError;
    const n = ++seq;
    return {
      callSid: `CA${n}`,
      channelSid: `CHc${n}`,
      taskSid: `WTc${n}`,
      identity: `customer-c${n}`,
      friendlyName: formData.name ?? 'Customer',
      token: `token-c${n}`,
    };
  }

  session(engagement: CallEngagement | Parameters<WebChatCallClient['session']>[0]): FakeCallSession {
    const session = new FakeCallSession(engagement as CallEngagement);
    this.sessions.push(session);
    return session;
  }

  get last(): FakeCallSession {
    const s = this.sessions[this.sessions.length - 1];
    if (!s) throw new Error('no call session yet');
    return s;
  }
}

/** A CallMedia that records what it was asked. */
export class FakeCallMedia implements CallMedia {
  static made: FakeCallMedia[] = [];
  readonly updates: CallInfo[] = [];
  readonly received: CallSignal[] = [];
  readonly played: string[] = [];
  closed = false;
  error: Error | undefined;
  readonly #events = new Emitter<{ error: (error: Error) => void }>((e) => {
    throw e;
  });

  constructor(readonly options: CallMediaOptions) {
    FakeCallMedia.made.push(this);
  }

  static create = (options: CallMediaOptions): FakeCallMedia => new FakeCallMedia(options);

  update(call: CallInfo): void {
    this.updates.push(call);
  }
  receive(signal: CallSignal): void {
    this.received.push(signal);
  }
  playDtmf(digits: string): void {
    this.played.push(digits);
  }
  async stats() {
    return { inboundBytes: 0, outboundBytes: 0, audioLevel: 0, peers: {} };
  }
  on(event: 'error', listener: (error: Error) => void) {
    return this.#events.on(event, listener);
  }
  close(): void {
    this.closed = true;
  }
  /** The microphone is refused. */
  fail(error: Error): void {
    this.error = error;
    this.#events.emit('error', error);
  }
}
