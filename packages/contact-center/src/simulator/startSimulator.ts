import WebSocket from 'ws';
import { createCustomerClient } from '../client/createCustomerClient';
import type { WebSocketConstructor } from '../client/RpcSocket';
import type { CustomerSession } from '../provider';
import type { Engagement } from '../types';
import { startCallers, type CallStats, type SimulatedCaller, type SimulatedCallOptions } from './startCallers';
import { Timers } from './Timers';

/** Options of {@link startSimulator}. */
export interface SimulatorOptions {
  /** The contact center, e.g. `http://127.0.0.1:4100`. */
  serverUrl: string;
  /** How many chat customers to start (default 0). */
  customers?: number;
  /**
   * How many simulated callers to start (default 0): each places a call (`startCall`), waits to
   * be answered, sends `call.dtmf`, talks for `call.talkMs` and hangs up. Signalling only: no
   * media. `call` says how (talk time, patience, calls each, ramp-up).
   */
  callers?: number;
  call?: SimulatedCallOptions;
  /** Default: `ws`'s WebSocket. */
  WebSocket?: WebSocketConstructor;
  /** The pre-engagement questions (one per customer, round robin); the first message of each chat. */
  questions?: string[];
  /** What each customer writes after its question, one line per tick. */
  script?: string[];
  /** What customers answer when an agent writes (round robin). Empty: they don't answer. */
  answers?: string[];
  /** Names for the pre-engagement form (round robin, numbered after the first lap). */
  names?: string[];
  /** Delay between two scripted lines, picked in [min, max] (default [3000, 8000] ms). */
  messageIntervalMs?: [number, number];
  /** Delay before answering an agent, in [min, max] (default [800, 2500] ms). */
  replyDelayMs?: [number, number];
  /** Engagements start spread over this time (default 1000 ms). */
  rampUpMs?: number;
  /** After the script: `leave` the chat, or `wait` for the agent to close it (default). */
  whenDone?: 'leave' | 'wait';
  /** Random numbers in [0, 1) (default Math.random); pass a seeded one for repeatable runs. */
  random?: () => number;
  /** Failures of a customer (the simulation goes on). Default: ignored. */
  onError?: (error: unknown, customer: string) => void;
}

/** One scripted customer. */
export interface SimulatedCustomer {
  readonly name: string;
  readonly engagement: Engagement;
  readonly session: CustomerSession;
  /** Messages this customer sent (acknowledged). */
  readonly sent: number;
  /** Messages from agents it received. */
  readonly received: number;
  /** True once it left, or the agent closed the chat. */
  readonly done: boolean;
}

/** Counts over every simulated customer. */
export interface SimulatorStats {
  started: number;
  connected: number;
  sent: number;
  received: number;
  done: number;
  errors: number;
  /** The simulated calls. */
  calls: CallStats;
}

/** A running simulation. */
export interface Simulator {
  readonly customers: readonly SimulatedCustomer[];
  readonly callers: readonly SimulatedCaller[];
  stats(): SimulatorStats;
  /** Resolves when every customer is done (left, or its chat was closed) and every caller's calls are over. */
  allDone(): Promise<void>;
  /** Stops the scripts and disconnects every customer and caller (without leaving their chats or calls). */
  stop(): Promise<void>;
}

const DEFAULT_QUESTIONS = [
  'Where is my order?',
  'I was charged twice this month.',
  'How do I reset my password?',
  'Can I change my delivery address?',
  'My parcel arrived damaged.',
];
const DEFAULT_SCRIPT = ['Hello?', 'Is anyone there?', 'Thanks, I will wait.'];
const DEFAULT_ANSWERS = ['Sure.', 'The order number is 12345.', 'Yes, that is right.', 'Thank you!', 'OK, great.'];
const DEFAULT_NAMES = [
  'Ada Lovelace',
  'Grace Hopper',
  'Alan Turing',
  'Katherine Johnson',
  'Linus Torvalds',
  'Margaret Hamilton',
];

/**
 * Starts scripted customers: each fills in the pre-engagement form (a name, a question),
 * connects, writes its script on a schedule, answers agents, and leaves or waits. And
 * simulated callers (`callers`): each places a call, waits to be answered, talks (no media)
 * and hangs up.
 *
 * @example
 * const sim = await startSimulator({ serverUrl: cc.url, customers: 5, whenDone: 'leave', callers: 2, call: { talkMs: [1000, 2000] } });
 * console.log(sim.stats()); // … calls: { placed, answered, abandoned, completed, timeToAnswerMs }
 * await sim.stop();
 */
export async function startSimulator(options: SimulatorOptions): Promise<Simulator> {
  const random = options.random ?? Math.random;
  const pick = ([min, max]: [number, number]) => min + random() * (max - min);
  const pickOf = <T>(list: readonly T[], i: number): T => list[i % list.length]!;
  const questions = options.questions ?? DEFAULT_QUESTIONS;
  const script = options.script ?? DEFAULT_SCRIPT;
  const answers = options.answers ?? DEFAULT_ANSWERS;
  const names = options.names ?? DEFAULT_NAMES;
  const client = createCustomerClient({ serverUrl: options.serverUrl, WebSocket: options.WebSocket ?? WebSocket });
  const timers = new Timers();
  const later = (ms: number, fn: () => void) => timers.later(ms, fn);
  const customers: (SimulatedCustomer & { sent: number; received: number; done: boolean })[] = [];
  const customerCount = options.customers ?? 0;
  const stats: Omit<SimulatorStats, 'calls'> = { started: 0, connected: 0, sent: 0, received: 0, done: 0, errors: 0 };
  const doneWaiters: (() => void)[] = [];
  const report = (name: string) => (error: unknown) => {
    stats.errors++;
    options.onError?.(error, name);
  };

  const run = async (i: number): Promise<void> => {
    const lap = Math.floor(i / names.length);
    const name = pickOf(names, i) + (lap ? ` ${lap + 1}` : '');
    const question = pickOf(questions, i);
    const engagement = await client.startEngagement({ friendlyName: name, question });
    stats.started++;
    const session = client.session(engagement);
    const me = { name, engagement, session, sent: 0, received: 0, done: false };
    customers.push(me);
    const finish = () => {
      if (me.done) return;
      me.done = true;
      stats.done++;
      if (stats.done === customerCount) doneWaiters.splice(0).forEach((f) => f());
    };
    let answer = i;
    session.on('channelUpdated', (c) => c.status === 'closed' && finish());
    session.on('messageAdded', (m) => {
      if (m.authorRole !== 'agent') return;
      me.received++;
      stats.received++;
      if (answers.length && !me.done) {
        later(pick(options.replyDelayMs ?? [800, 2500]), () => send(pickOf(answers, answer++)));
      }
    });
    const send = (body: string) => {
      if (me.done || timers.stopped) return;
      session.sendMessage(body).then(() => {
        me.sent++;
        stats.sent++;
      }, report(name));
    };
    const snapshot = await session.connect();
    stats.connected++;
    if (snapshot.channel.status === 'closed') return finish();
    // As a webchat page does after StartEngagement: the question is the first message.
    if (!snapshot.messages.some((m) => m.authorRole === 'customer')) send(question);
    let line = 0;
    const tick = () => {
      if (me.done) return;
      if (line < script.length) {
        send(script[line++]!);
        later(pick(options.messageIntervalMs ?? [3000, 8000]), tick);
      } else if (options.whenDone === 'leave') {
        void session.leave().then(finish, report(name));
      }
    };
    later(pick(options.messageIntervalMs ?? [3000, 8000]), tick);
  };

  const ramp = options.rampUpMs ?? 1000;
  const calls = startCallers(client, options.callers ?? 0, {
    ...options.call,
    names,
    rampUpMs: options.call?.rampUpMs ?? ramp,
    random,
    onError: (error, caller) => options.onError?.(error, caller),
  });
  await Promise.all(
    Array.from(
      { length: customerCount },
      (_, i) =>
        new Promise<void>((resolve) => {
          const go = () => run(i).then(resolve, (e: unknown) => (report(`customer ${i}`)(e), resolve()));
          if (ramp > 0 && customerCount > 1) later((ramp * i) / (customerCount - 1), go);
          else void go();
        }),
    ),
  );

  return {
    customers,
    callers: calls.callers,
    stats: () => {
      const callStats = calls.stats();
      return { ...stats, errors: stats.errors + callStats.errors, calls: callStats };
    },
    allDone: async () => {
      if (stats.done < customerCount) await new Promise<void>((resolve) => doneWaiters.push(resolve));
      await calls.finished;
    },
    async stop() {
      timers.stop();
      calls.stop();
      for (const c of customers) c.session.disconnect();
    },
  };
}
