/**
 * The chat load the benchmarks drive (load.bench.ts, cluster.bench.ts): customers and agents
 * over real WebSockets (the package's own clients), spread round-robin over one or more server
 * URLs; a {@link ChatMeter} that sends at an offered rate and measures customer send → agent
 * receive on one clock; {@link saturate}, which keeps a window of messages in flight.
 */
import { performance } from 'node:perf_hooks';
import WebSocket from 'ws';
import {
  createAgentClient,
  createCustomerClient,
  type AgentClient,
  type ChatMessage,
  type CustomerSession,
} from '@switchboard/contact-center';

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
export const fmt = (n: number, digits = 0) =>
  n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
/** The `q` quantile of ascending `sorted` (NaN when empty). */
export const quantile = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;

/** Agents `agent01`…: the identities the benchmark servers are started with. */
export const agentIdentities = (count: number) =>
  Array.from({ length: count }, (_, i) => `agent${String(i + 1).padStart(2, '0')}`);

/** No rate limits: the benchmarks measure the server, not its limiter. */
const unlimited = { perSecond: 1e6, burst: 1e6 };
export const noRateLimits = { messages: unlimited, typing: unlimited, frames: unlimited, engagements: unlimited };

export interface Customer {
  session: CustomerSession;
  channelSid: string;
}

/** Reconnection settings of clients that must come back quickly after a failover. */
export const fastReconnect = { initialDelayMs: 50, maxDelayMs: 500 };

interface ClientOptions {
  reconnect?: { initialDelayMs: number; maxDelayMs: number };
}

interface AgentOptions extends ClientOptions {
  /** The agents' password (PostgreSQL has no one-click sign-in); none: the one-click sign-in. */
  password?: string;
}

/** `count` customers with an engagement each, the i-th on `urls[i % urls.length]`, connected. */
export async function connectCustomers(
  urls: string[],
  count: number,
  options: ClientOptions = {},
): Promise<Customer[]> {
  const clients = urls.map((serverUrl) =>
    createCustomerClient({ serverUrl, WebSocket, requestTimeoutMs: 30_000, ...options }),
  );
  return Promise.all(
    Array.from({ length: count }, async (_, i) => {
      const engagement = await clients[i % clients.length]!.startEngagement({ friendlyName: `Customer ${i + 1}` });
      const session = clients[i % clients.length]!.session(engagement);
      await session.connect();
      return { session, channelSid: engagement.channelSid };
    }),
  );
}

/**
 * Agents of `identities`, the i-th on `urls[i % urls.length]`, Available, accepting every
 * offer at once; `onMessage` sees every message they receive.
 */
export async function connectAgents(
  urls: string[],
  identities: string[],
  onMessage: (m: ChatMessage, agent: number) => void,
  options: AgentOptions = {},
): Promise<{ agents: AgentClient[]; accepted: () => number }> {
  let accepted = 0;
  const agents = await Promise.all(
    identities.map(async (identity, i) => {
      const serverUrl = urls[i % urls.length]!;
      const agent = createAgentClient({ serverUrl, identity, WebSocket, requestTimeoutMs: 30_000, ...options });
      agent.on('reservationUpdated', (r) => {
        if (r.status === 'pending')
          agent.acceptReservation(r.sid).then(
            () => void accepted++,
            () => {}, // re-offered after a failover
          );
      });
      agent.on('messageAdded', (m) => onMessage(m, i));
      await agent.connect();
      await agent.setActivity('Available');
      return agent;
    }),
  );
  return { agents, accepted: () => accepted };
}

/** Waits until `accepted()` reaches `count` (every customer's task has an agent). */
export async function allAccepted(accepted: () => number, count: number, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (accepted() < count && Date.now() < deadline) await sleep(20);
  if (accepted() < count) throw new Error(`only ${accepted()} of ${count} tasks were accepted`);
}

/**
 * Counts what customers send and agents receive; measures send → receive latency (one clock)
 * while `measuring`.
 */
export class ChatMeter {
  readonly sentAt = new Map<string, number>();
  readonly latencies: number[] = [];
  readonly delivered = new Set<string>();
  readonly acked = new Set<string>();
  duplicates = 0;
  sent = 0;
  measuring = false;

  /** The agents' `messageAdded` listener. */
  readonly onAgentMessage = (m: ChatMessage): void => {
    const now = performance.now();
    if (this.delivered.has(m.sid)) this.duplicates++;
    this.delivered.add(m.sid);
    const t = m.clientId === null ? undefined : this.sentAt.get(m.clientId);
    if (this.measuring && t !== undefined) this.latencies.push(now - t);
  };

  /** Sends one message; resolves when it is acknowledged. */
  send(c: Customer, body: string): Promise<void> {
    const clientId = `m${this.sent++}`;
    this.sentAt.set(clientId, performance.now());
    return c.session.sendMessage(body, { clientId }).then((m) => void this.acked.add(m.sid));
  }

  /**
   * Offers `rate` messages/s for `ms` over `customers` (paced by elapsed time, not timer ticks)
   * after a warm-up; returns the latency quantiles of what agents received meanwhile.
   */
  async offer(
    customers: Customer[],
    rate: number,
    ms: number,
  ): Promise<{ p50: number; p99: number; samples: number; elapsedMs: number }> {
    await Promise.all(customers.slice(0, 50).map((c, i) => this.send(c, `warm-up ${i}`)));
    this.latencies.length = 0;
    this.measuring = true;
    const inflight: Promise<void>[] = [];
    const start = performance.now();
    let offered = 0;
    while (performance.now() - start < ms) {
      const due = Math.floor(((performance.now() - start) / 1000) * rate);
      for (; offered < due; offered++)
        inflight.push(this.send(customers[offered % customers.length]!, `latency ${offered}`));
      await sleep(1);
    }
    await Promise.all(inflight);
    await sleep(200);
    this.measuring = false;
    const sorted = [...this.latencies].sort((a, b) => a - b);
    return {
      p50: quantile(sorted, 0.5),
      p99: quantile(sorted, 0.99),
      samples: sorted.length,
      elapsedMs: performance.now() - start,
    };
  }
}

/** Every customer keeps `window` messages in flight until `until` (performance.now()). */
export async function saturate(
  customers: Customer[],
  until: number,
  onAck: (m: ChatMessage) => void,
  label: string,
  window: number,
): Promise<{ sent: number; failed: number }> {
  let sent = 0;
  let failed = 0;
  await Promise.all(
    customers.map(async (c, ci) => {
      const lane = async (l: number) => {
        for (let i = 0; performance.now() < until; i++) {
          sent++;
          try {
            onAck(await c.session.sendMessage(`${label} ${ci}.${l}.${i}`));
          } catch {
            failed++;
            return;
          }
        }
      };
      await Promise.all(Array.from({ length: window }, (_, l) => lane(l)));
    }),
  );
  return { sent, failed };
}
