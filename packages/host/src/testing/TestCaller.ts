/**
 * The caller's side of a call the test kit placed (`TestContactCenter.placeCall`): a real
 * customer session on the in-process contact center (signalling only, no media).
 */
import type { CallDtmf, CallInfo, CustomerSession } from '@switchboard/contact-center';
import { CallWatch, type CallMatch } from './CallWatch';

/** Sids of a placed call. */
export interface TestCallSids {
  callSid: string;
  taskSid: string;
  channelSid: string;
  /** The offer made to the agent it was placed for. */
  reservationSid: string;
  customerIdentity: string;
}

/** What the caller's driver needs of the kit. */
export interface CallerHooks {
  step: <T>(run: () => Promise<T>) => Promise<T>;
  /**
   * Starts listening for `event` on the call `callSid` at the kit's agent; the promise resolves
   * once it heard it, or at once when the agent does not hear such events of this call (it holds
   * no live reservation of it; for digits: it is not on the call).
   */
  agentHears(
    event: 'callUpdated' | 'callDtmf',
    callSid: string,
    match: (value: CallInfo | CallDtmf) => boolean,
  ): Promise<void>;
  waitMs: number;
}

/**
 * A caller: its call as it sees it, and what it can do (hang up, send digits, mute).
 *
 * @example
 * const caller = await cc.placeCall({ name: 'Ada' });
 * await host.actions.invokeAction('AcceptTask', { sid: caller.reservationSid });
 * await caller.waitFor('in-progress');
 * await caller.sendDigits('1#');
 * await caller.hangUp();
 */
export class TestCaller implements TestCallSids {
  readonly callSid: string;
  readonly taskSid: string;
  readonly channelSid: string;
  readonly reservationSid: string;
  readonly customerIdentity: string;
  /** Digits others sent on the call, as the caller received them. */
  readonly dtmfReceived: CallDtmf[] = [];
  readonly #watch: CallWatch;

  constructor(
    sids: TestCallSids,
    /** The caller's session (`callUpdated`, `callSignal`, `signal`, …). */
    readonly session: CustomerSession,
    private readonly hooks: CallerHooks,
  ) {
    ({
      callSid: this.callSid,
      taskSid: this.taskSid,
      channelSid: this.channelSid,
      reservationSid: this.reservationSid,
      customerIdentity: this.customerIdentity,
    } = sids);
    this.#watch = new CallWatch(session, hooks.waitMs);
    session.on('snapshot', (s) => this.#watch.seen(s.call));
    session.on('callDtmf', (d) => void this.dtmfReceived.push(d));
  }

  /** The call as the caller last heard of it (its participants never list a monitoring supervisor). */
  call(): CallInfo {
    const call = this.#watch.get(this.callSid);
    if (!call) throw new Error(`TestCaller: the caller of ${this.callSid} has not heard of its call yet`);
    return call;
  }

  /** Resolves once the caller's call has `status` (or passes the test), now or later. */
  waitFor(match: CallMatch): Promise<CallInfo> {
    return this.hooks.step(() =>
      this.#watch.waitFor(
        this.callSid,
        match,
        () =>
          `TestCaller: the call ${this.callSid} did not become ${typeof match === 'string' ? match : 'as expected'}`,
      ),
    );
  }

  /** The caller hangs up: the call ends for all (the task wraps, or is canceled if nobody answered); resolves once the agent heard it. */
  hangUp(): Promise<void> {
    return this.hooks.step(async () => {
      const heard = this.hooks.agentHears('callUpdated', this.callSid, (c) => (c as CallInfo).status === 'ended');
      await this.session.leave();
      await heard;
    });
  }

  /** The caller presses keys (`0-9`, `*`, `#`, `w`); resolves once the agent on the call got them. */
  sendDigits(digits: string): Promise<void> {
    return this.hooks.step(async () => {
      const heard = this.hooks.agentHears('callDtmf', this.callSid, (d) => (d as CallDtmf).digits === digits);
      await this.session.sendDtmf!(digits);
      await heard;
    });
  }

  /** The caller mutes or unmutes; resolves with the call once the agent heard it. */
  mute(muted: boolean): Promise<CallInfo> {
    return this.hooks.step(async () => {
      const heard = this.hooks.agentHears('callUpdated', this.callSid, (c) =>
        (c as CallInfo).participants.some((p) => p.id === this.customerIdentity && p.muted === muted),
      );
      const call = await this.session.setMuted!(muted);
      await heard;
      return call;
    });
  }

  dispose(): void {
    this.#watch.dispose();
    this.session.disconnect();
  }
}
