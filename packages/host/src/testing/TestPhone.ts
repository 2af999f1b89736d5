/**
 * A phone page of the test kit (`TestContactCenter.phone(number)`): a real phone session on
 * the in-process contact center, registered at its number, receiving the outbound calls to it.
 */
import type { CallDtmf, CallInfo, PhoneSession } from '@switchboard/contact-center';
import { CallWatch, type CallMatch } from './CallWatch';

/**
 * A phone: the calls it received (with their `from`, the caller id), and what it can do.
 *
 * @example
 * const phone = await cc.phone('+15551230001');
 * await host.actions.invokeAction('StartOutboundCall', { destination: phone.number });
 * const call = await phone.waitForRinging();
 * expect(call.from).toBe('+15550100000');
 * await phone.answer(call.sid);
 */
export class TestPhone {
  /** Digits others sent on its calls, as the phone received them. */
  readonly dtmfReceived: CallDtmf[] = [];
  readonly #watch: CallWatch;

  constructor(
    /** The phone's session (`callUpdated`, `callSignal`, `signal`, …). */
    readonly session: PhoneSession,
    private readonly step: <T>(run: () => Promise<T>) => Promise<T>,
    waitMs: number,
  ) {
    this.#watch = new CallWatch(session, waitMs);
    session.on('snapshot', (s) => s.calls.forEach((c) => this.#watch.seen(c)));
    session.on('callDtmf', (d) => void this.dtmfReceived.push(d));
  }

  get number(): string {
    return this.session.number;
  }

  /** Every call this phone received, each as it last heard of it (`from`: the caller id it showed). */
  calls(): CallInfo[] {
    return this.#watch.all();
  }

  /** The calls ringing now (not answered, not ended). */
  ringing(): CallInfo[] {
    return this.calls().filter((c) => c.status === 'ringing');
  }

  /** Resolves with a call ringing this phone, now or once one does. */
  waitForRinging(): Promise<CallInfo> {
    return this.step(() => this.#watch.waitFor(undefined, 'ringing', () => `TestPhone ${this.number}: nothing rang`));
  }

  /** Resolves once the call `callSid` has `status` (or passes the test), now or later. */
  waitFor(callSid: string, match: CallMatch): Promise<CallInfo> {
    return this.step(() =>
      this.#watch.waitFor(callSid, match, () => `TestPhone ${this.number}: the call ${callSid} did not get there`),
    );
  }

  /** Answers a ringing call (the call is `in-progress`); resolves once the phone heard it. */
  answer(callSid: string): Promise<CallInfo> {
    return this.step(async () => {
      await this.session.answerCall(callSid);
      return this.#watch.waitFor(callSid, 'in-progress', () => `TestPhone ${this.number}: ${callSid} did not start`);
    });
  }

  /** Declines a ringing call or hangs up (the call ends for all); resolves once the phone heard it end. */
  hangUp(callSid: string): Promise<CallInfo> {
    return this.step(async () => {
      await this.session.hangupCall(callSid);
      return this.#watch.waitFor(callSid, 'ended', () => `TestPhone ${this.number}: ${callSid} did not end`);
    });
  }

  dispose(): void {
    this.#watch.dispose();
    this.session.disconnect();
  }
}
