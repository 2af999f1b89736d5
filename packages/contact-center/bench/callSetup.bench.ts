/**
 * Call-setup benchmark of the local contact center.
 *
 *   npm run bench                (in packages/contact-center)   prints the figures, exits 0
 *   npm run bench -- --strict                                    exits 1 when a target is missed
 *
 * The server runs in a child process on 127.0.0.1 with a temp data dir (SQLite, WAL); this
 * process runs the callers and the agents over real WebSockets (the package's own clients).
 * Call setup is measured from the customer pressing call (the `POST /api/voice/calls` request
 * sent) to the agent's offer shown: the agent's client has received both the pending
 * reservation and the call's `callUpdated` (the offer shows the caller). Signalling only.
 *  1. sequential: 200 calls one after the other, one agent (accept, hang up, complete between calls);
 *  2. concurrent: rounds of 20 callers pressing call at once over 20 agents (one call each).
 */
import { performance } from 'node:perf_hooks';
import WebSocket from 'ws';
import {
  createAgentClient,
  createCustomerClient,
  type AgentClient,
  type CustomerClient,
} from '@switchboard/contact-center';
import { startServerProcess, tempDir, type ServerProcess } from '../test/helpers';

const SEQUENTIAL_CALLS = 200;
const WARM_UP = 20;
// One call per agent (capacity: 1 call): the burst measures contention, not waiting in the queue.
const CONCURRENT_CALLERS = 20;
const CONCURRENT_AGENTS = 20;
const CONCURRENT_ROUNDS = 4;
const TARGET_P95_MS = 100;
const strict = process.argv.includes('--strict');

const unlimited = { perSecond: 1e6, burst: 1e6 };
const identities = Array.from({ length: CONCURRENT_AGENTS }, (_, i) => `agent${String(i + 1).padStart(2, '0')}`);

const fmt = (n: number, digits = 0) =>
  n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const quantile = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
let missed = 0;
const report = (line: string, ok: boolean) => {
  if (!ok) missed++;
  console.log(`${line.padEnd(110)} ${ok ? 'ok' : 'MISSED'}`);
};

/** The offer of one task as an agent's client saw it. */
interface Offer {
  agent: AgentClient;
  reservationSid?: string;
  callSid?: string;
  reservationAt?: number;
  callAt?: number;
}

/**
 * Watches the agents' clients: when was each task's pending reservation, and its call's
 * first `callUpdated`, received (`offered(taskSid)` resolves once both were).
 */
class OfferWatch {
  readonly #offers = new Map<string, Offer>();
  readonly #waiters = new Map<string, () => void>();

  watch(agent: AgentClient): void {
    agent.on('reservationUpdated', (r) => {
      if (r.status !== 'pending') return;
      const o = this.#entry(r.taskSid, agent);
      if (o.reservationAt === undefined) Object.assign(o, { reservationAt: performance.now(), reservationSid: r.sid });
      this.#check(r.taskSid);
    });
    agent.on('callUpdated', (c) => {
      const o = this.#entry(c.taskSid, agent);
      if (o.callAt === undefined) Object.assign(o, { callAt: performance.now(), callSid: c.sid });
      this.#check(c.taskSid);
    });
  }

  /** Resolves with the offer once both halves reached the agent (the time: the later one). */
  offered(taskSid: string, timeoutMs = 10_000): Promise<Required<Offer> & { at: number }> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`task ${taskSid} was not offered within ${timeoutMs} ms`)),
        timeoutMs,
      );
      const done = () => {
        const o = this.#offers.get(taskSid)!;
        clearTimeout(timer);
        this.#offers.delete(taskSid);
        resolve({ ...(o as Required<Offer>), at: Math.max(o.reservationAt!, o.callAt!) });
      };
      this.#waiters.set(taskSid, done);
      this.#check(taskSid);
    });
  }

  #entry(taskSid: string, agent: AgentClient): Offer {
    let o = this.#offers.get(taskSid);
    if (!o) this.#offers.set(taskSid, (o = { agent }));
    return o;
  }

  #check(taskSid: string): void {
    const o = this.#offers.get(taskSid);
    const waiter = this.#waiters.get(taskSid);
    if (!o || !waiter || o.reservationAt === undefined || o.callAt === undefined) return;
    this.#waiters.delete(taskSid);
    waiter();
  }
}

/** One call: press call, wait for the offer (the measure), then accept, hang up, complete. */
async function oneCall(
  customers: CustomerClient,
  watch: OfferWatch,
  name: string,
): Promise<{ setup: number; http: number }> {
  const pressed = performance.now();
  const engagement = await customers.startCall({ friendlyName: name });
  const http = performance.now() - pressed;
  // As the widget does: the caller's socket opens while the call rings.
  const session = customers.session(engagement);
  const connected = session.connect();
  const offer = await watch.offered(engagement.taskSid);
  const setup = offer.at - pressed;
  await connected;
  await offer.agent.acceptReservation(offer.reservationSid);
  await offer.agent.voice!.hangupCall(offer.callSid); // the call ends, the task wraps
  await offer.agent.completeTask(engagement.taskSid);
  session.disconnect();
  return { setup, http };
}

async function connectAgents(url: string, names: string[], watch: OfferWatch): Promise<AgentClient[]> {
  return Promise.all(
    names.map(async (identity) => {
      const agent = createAgentClient({ serverUrl: url, identity, WebSocket, requestTimeoutMs: 30_000 });
      watch.watch(agent);
      await agent.connect();
      await agent.setActivity('Available');
      return agent;
    }),
  );
}

const summary = (samples: number[]) => {
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    n: sorted.length,
    p50: quantile(sorted, 0.5),
    p95: quantile(sorted, 0.95),
    p99: quantile(sorted, 0.99),
    max: sorted.at(-1) ?? NaN,
  };
};

async function main(): Promise<number> {
  console.log(
    'Switchboard local contact center — call setup (customer presses call → the agent’s offer shown: pending reservation and callUpdated received), server in a child process (SQLite WAL), 127.0.0.1',
  );
  const tmp = tempDir();
  let server: ServerProcess | undefined;
  const clients: AgentClient[] = [];
  try {
    server = await startServerProcess({
      dataDir: tmp.dir,
      agents: identities,
      reservationTimeoutMs: 120_000,
      rateLimit: { messages: unlimited, typing: unlimited, frames: unlimited, engagements: unlimited },
    });
    const customers = createCustomerClient({ serverUrl: server.url, WebSocket, requestTimeoutMs: 30_000 });
    const watch = new OfferWatch();

    // 1. Sequential, one agent.
    const [solo] = await connectAgents(server.url, identities.slice(0, 1), watch);
    clients.push(solo!);
    const started = performance.now();
    const sequential: number[] = [];
    const seqHttp: number[] = [];
    for (let i = 0; i < WARM_UP + SEQUENTIAL_CALLS; i++) {
      const { setup, http } = await oneCall(customers, watch, `Caller ${i + 1}`);
      if (i < WARM_UP) continue;
      sequential.push(setup);
      seqHttp.push(http);
    }
    const seqSeconds = (performance.now() - started) / 1000;
    const seq = summary(sequential);
    report(
      `sequential, 1 agent, ${seq.n} calls (${fmt(seqSeconds, 1)} s): p50 ${fmt(seq.p50, 1)} ms, p95 ${fmt(seq.p95, 1)} ms, p99 ${fmt(seq.p99, 1)} ms, max ${fmt(seq.max, 1)} ms; measured p95 ${fmt(seq.p95, 1)} ms vs target ≤ ${TARGET_P95_MS} ms`,
      seq.p95 <= TARGET_P95_MS,
    );
    const seqH = summary(seqHttp);
    console.log(
      `  (the caller's POST /api/voice/calls answered, with its token: p50 ${fmt(seqH.p50, 1)} ms, p95 ${fmt(seqH.p95, 1)} ms)`,
    );

    // 2. Concurrent: 20 callers at once over 20 agents, a few rounds.
    clients.push(...(await connectAgents(server.url, identities.slice(1), watch)));
    const concurrent: number[] = [];
    const conHttp: number[] = [];
    const roundsStarted = performance.now();
    for (let round = 0; round < CONCURRENT_ROUNDS; round++) {
      const setups = await Promise.all(
        Array.from({ length: CONCURRENT_CALLERS }, (_, i) =>
          oneCall(customers, watch, `Round ${round + 1} caller ${i + 1}`),
        ),
      );
      concurrent.push(...setups.map((s) => s.setup));
      conHttp.push(...setups.map((s) => s.http));
    }
    const conSeconds = (performance.now() - roundsStarted) / 1000;
    const con = summary(concurrent);
    report(
      `concurrent, ${CONCURRENT_CALLERS} callers at once over ${CONCURRENT_AGENTS} agents, ${CONCURRENT_ROUNDS} rounds, ${con.n} calls (${fmt(conSeconds, 1)} s): p50 ${fmt(con.p50, 1)} ms, p95 ${fmt(con.p95, 1)} ms, p99 ${fmt(con.p99, 1)} ms, max ${fmt(con.max, 1)} ms; measured p95 ${fmt(con.p95, 1)} ms vs target ≤ ${TARGET_P95_MS} ms`,
      con.p95 <= TARGET_P95_MS,
    );
    const conH = summary(conHttp);
    console.log(
      `  (the callers' POST /api/voice/calls answered, with their tokens: p50 ${fmt(conH.p50, 1)} ms, p95 ${fmt(conH.p95, 1)} ms; each burst of ${CONCURRENT_CALLERS} is served one call after the other)`,
    );
  } finally {
    for (const c of clients) c.disconnect();
    await server?.stop();
    tmp.remove();
  }
  if (missed) console.log(`${missed} target(s) missed`);
  return strict && missed ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
