import type { CustomerClient } from '../client/createCustomerClient';
import type { CustomerSession } from '../provider';
import type { CallEngagement, CallInfo } from '../voice';
import { Timers } from './Timers';

/** How simulated callers behave (`SimulatorOptions.call`). */
export interface SimulatedCallOptions {
  /** Once answered, the caller talks this long (picked in [min, max], default [2000, 5000] ms), then hangs up. */
  talkMs?: [number, number];
  /** Digits the caller sends once answered (e.g. `'1#'`; default none). */
  dtmf?: string;
  /** Unanswered after this long (ms), the caller hangs up: an abandoned call. Default: waits. */
  patienceMs?: number;
  /** Calls each caller places one after the other (default 1). */
  callsEach?: number;
  /** The pause between two calls of one caller, picked in [min, max] (default [1000, 3000] ms). */
  gapMs?: [number, number];
  /** Calls start spread over this time (default: the simulator's `rampUpMs`). */
  rampUpMs?: number;
  /** More form data of every call (the task's attributes). */
  attributes?: Record<string, string>;
}

/** One simulated caller (signalling only: it never sends audio). */
export interface SimulatedCaller {
  readonly name: string;
  /** Its current (or last) call. */
  readonly engagement: CallEngagement | undefined;
  readonly session: CustomerSession | undefined;
  /** The call as it last heard of it. */
  readonly call: CallInfo | undefined;
  /** Calls it placed, and how many of them are over. */
  readonly placed: number;
  readonly ended: number;
  /** True once every call it had to place is over. */
  readonly done: boolean;
}

/** Counts over every simulated call. */
export interface CallStats {
  /** `POST /api/voice/calls` answered. */
  placed: number;
  /** An agent (or more) joined. */
  answered: number;
  /** Ended before anyone answered (the caller gave up after `patienceMs`, or the call was ended). */
  abandoned: number;
  /** Answered, then ended (by the caller after talking, or by the agent). */
  completed: number;
  /** Calls not yet ended. */
  active: number;
  errors: number;
  /** Time to answer (placing → the first agent joined), ms: every answered call's, and its quantiles. */
  timeToAnswerMs: { count: number; mean: number; p50: number; p95: number; max: number };
}

/** What `startCallers` returns to the simulator. */
export interface Callers {
  readonly callers: readonly SimulatedCaller[];
  stats(): CallStats;
  readonly finished: Promise<void>;
  stop(): void;
}

const quantile = (sorted: readonly number[], q: number) =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]! : 0;

const answeredBy = (call: CallInfo) =>
  call.status === 'in-progress' ||
  call.participants.some((p) => p.kind !== 'customer' && p.state !== 'ringing' && !p.monitoring);

/**
 * Starts `count` callers: each places its calls (`startCall` with a name), waits to be
 * answered, sends its digits, talks for a while (no media), hangs up (`leave`).
 */
export function startCallers(
  client: CustomerClient,
  count: number,
  options: SimulatedCallOptions & {
    names: readonly string[];
    rampUpMs: number;
    random: () => number;
    onError: (error: unknown, caller: string) => void;
  },
): Callers {
  const pick = ([min, max]: [number, number]) => min + options.random() * (max - min);
  const timers = new Timers();
  const later = (ms: number, fn: () => void) => timers.later(ms, fn);
  const callsEach = Math.max(1, options.callsEach ?? 1);
  const answerTimes: number[] = [];
  const stats = { placed: 0, answered: 0, abandoned: 0, completed: 0, active: 0, errors: 0 };
  const callers: (SimulatedCaller & {
    engagement: CallEngagement | undefined;
    session: CustomerSession | undefined;
    call: CallInfo | undefined;
    placed: number;
    ended: number;
    done: boolean;
  })[] = [];
  let doneCount = 0;
  let resolveFinished!: () => void;
  const finished = new Promise<void>((resolve) => (resolveFinished = resolve));
  if (count === 0) resolveFinished();

  const placeCall = (me: (typeof callers)[number]): void => {
    if (timers.stopped) return;
    const report = (error: unknown) => {
      stats.errors++;
      options.onError(error, me.name);
    };
    /** This call is over: count it, then the next one (or this caller is done). */
    const over = () => {
      me.ended++;
      stats.active--;
      if (me.ended < callsEach) later(pick(options.gapMs ?? [1000, 3000]), () => placeCall(me));
      else {
        me.done = true;
        if (++doneCount === count) resolveFinished();
      }
    };
    const placedAt = performance.now();
    let session: CustomerSession | undefined;
    let answered = false;
    let ended = false;
    const end = () => {
      if (ended) return;
      ended = true;
      if (session) {
        if (answered) stats.completed++;
        else stats.abandoned++;
        session.disconnect();
      } else stats.active++; // never placed: nothing to count but the error
      over();
    };
    const hangUp = () => {
      if (ended || !session) return;
      void session.leave().catch(report);
      end();
    };
    void (async () => {
      const engagement = await client.startCall({ ...options.attributes, friendlyName: me.name });
      stats.placed++;
      stats.active++;
      me.placed++;
      me.engagement = engagement;
      session = client.session(engagement);
      me.session = session;
      const seen = (call: CallInfo | null | undefined) => {
        if (!call || call.sid !== engagement.callSid || ended) return;
        me.call = call;
        if (!answered && answeredBy(call)) {
          answered = true;
          stats.answered++;
          answerTimes.push(performance.now() - placedAt);
          if (options.dtmf) session?.sendDtmf?.(options.dtmf).catch(report);
          later(pick(options.talkMs ?? [2000, 5000]), hangUp);
        }
        if (call.status === 'ended') end();
      };
      session.on('callUpdated', seen);
      session.on('snapshot', (s) => seen(s.call));
      await session.connect();
      if (options.patienceMs !== undefined) later(options.patienceMs, () => !answered && hangUp());
    })().catch((e: unknown) => {
      report(e);
      end(); // a call that could not be placed or connected is over
    });
  };

  for (let i = 0; i < count; i++) {
    const lap = Math.floor(i / options.names.length);
    const name = options.names[i % options.names.length]! + (lap ? ` ${lap + 1}` : '');
    const me = {
      name,
      engagement: undefined,
      session: undefined,
      call: undefined,
      placed: 0,
      ended: 0,
      done: false,
    };
    callers.push(me);
    const ramp = options.rampUpMs;
    if (ramp > 0 && count > 1) later((ramp * i) / (count - 1), () => placeCall(me));
    else placeCall(me);
  }

  return {
    callers,
    finished,
    stats() {
      const sorted = [...answerTimes].sort((a, b) => a - b);
      const mean = sorted.length ? sorted.reduce((a, b) => a + b, 0) / sorted.length : 0;
      return {
        ...stats,
        timeToAnswerMs: {
          count: sorted.length,
          mean,
          p50: quantile(sorted, 0.5),
          p95: quantile(sorted, 0.95),
          max: sorted.at(-1) ?? 0,
        },
      };
    },
    stop() {
      timers.stop();
      for (const c of callers) c.session?.disconnect();
    },
  };
}
