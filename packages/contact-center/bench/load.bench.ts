/**
 * Load benchmark of the local contact center.
 *
 *   npm run bench                (in packages/contact-center)   prints the figures, exits 0
 *   npm run bench -- --strict                                    exits 1 when a target is missed
 *
 * The server runs in a child process on 127.0.0.1 with a temp data dir (SQLite, WAL); this
 * process runs 200 customers and 10 agents over real WebSockets (the package's own clients).
 *  1. latency: 1,000 messages/s offered for 5 s, customer send → agent receive (same clock);
 *  2. saturation: every customer keeps 4 messages in flight for 5 s: acknowledged messages/s;
 *  3. counts: sent, acked, delivered to agents (and duplicates), stored (counted in the
 *     database after a graceful stop);
 *  4. durability: a fresh server under saturation load is killed with SIGKILL; restarted on
 *     the same data dir, every message acknowledged before the kill must be in the database.
 */
import { performance } from 'node:perf_hooks';
import path from 'node:path';
import WebSocket from 'ws';
import {
  createAgentClient,
  createCustomerClient,
  type AgentClient,
  type ChatMessage,
  type CustomerSession,
} from '@switchboard/contact-center';
import { createDatabase, DATABASE_FILE } from '@switchboard/contact-center/server';
import { startServerProcess, tempDir, type ServerOptions, type ServerProcess } from '../test/helpers';

const CUSTOMERS = 200;
const AGENTS = 10;
const OFFERED_RATE = 1000;
const PHASE_MS = 5000;
const WINDOW = 4;
const TARGET_THROUGHPUT = 5000;
const TARGET_P99_MS = 25;
const strict = process.argv.includes('--strict');

const unlimited = { perSecond: 1e6, burst: 1e6 };
const identities = Array.from({ length: AGENTS }, (_, i) => `agent${String(i + 1).padStart(2, '0')}`);
const serverOptions = (dataDir: string): ServerOptions => ({
  dataDir,
  agents: identities,
  chatCapacity: Math.ceil(CUSTOMERS / AGENTS),
  reservationTimeoutMs: 120_000,
  rateLimit: { messages: unlimited, typing: unlimited, frames: unlimited, engagements: unlimited },
});

const fmt = (n: number, digits = 0) =>
  n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const verdict = (ok: boolean) => (ok ? 'ok' : 'MISSED');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const quantile = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
let missed = 0;
const report = (line: string, ok: boolean) => {
  if (!ok) missed++;
  console.log(`${line.padEnd(100)} ${verdict(ok)}`);
};

interface Customer {
  session: CustomerSession;
  channelSid: string;
}

async function connectCustomers(url: string): Promise<Customer[]> {
  const client = createCustomerClient({ serverUrl: url, WebSocket, requestTimeoutMs: 30_000 });
  return Promise.all(
    Array.from({ length: CUSTOMERS }, async (_, i) => {
      const engagement = await client.startEngagement({ friendlyName: `Customer ${i + 1}` });
      const session = client.session(engagement);
      await session.connect();
      return { session, channelSid: engagement.channelSid };
    }),
  );
}

async function connectAgents(
  url: string,
  onMessage: (m: ChatMessage) => void,
): Promise<{ agents: AgentClient[]; accepted: () => number }> {
  let accepted = 0;
  const agents = await Promise.all(
    identities.map(async (identity) => {
      const agent = createAgentClient({ serverUrl: url, identity, WebSocket, requestTimeoutMs: 30_000 });
      agent.on('reservationUpdated', (r) => {
        if (r.status === 'pending') void agent.acceptReservation(r.sid).then(() => accepted++);
      });
      agent.on('messageAdded', onMessage);
      await agent.connect();
      await agent.setActivity('Available');
      return agent;
    }),
  );
  return { agents, accepted: () => accepted };
}

async function countStored(dataDir: string): Promise<Set<string>> {
  const db = createDatabase({ dialect: 'sqlite', file: path.join(dataDir, DATABASE_FILE) });
  try {
    return new Set((await db.selectFrom('messages').select('sid').execute()).map((r) => r.sid));
  } finally {
    await db.destroy();
  }
}

/** Every customer keeps `WINDOW` messages in flight until `until`; returns the acked sids. */
async function saturate(
  customers: Customer[],
  until: number,
  onAck: (m: ChatMessage) => void,
  label: string,
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
      await Promise.all(Array.from({ length: WINDOW }, (_, l) => lane(l)));
    }),
  );
  return { sent, failed };
}

async function main(): Promise<number> {
  console.log(
    `Switchboard local contact center — load benchmark: ${CUSTOMERS} customers, ${AGENTS} agents, server in a child process (SQLite WAL)`,
  );
  const tmp = tempDir();
  const crashTmp = tempDir();
  let server: ServerProcess | undefined;
  try {
    server = await startServerProcess(serverOptions(tmp.dir));
    // Agents see every customer message; the latency is measured where they receive it.
    const sentAt = new Map<string, number>();
    const latencies: number[] = [];
    const delivered = new Set<string>();
    let duplicates = 0;
    let measuring = false;
    const { agents, accepted } = await connectAgents(server.url, (m) => {
      const now = performance.now();
      if (delivered.has(m.sid)) duplicates++;
      delivered.add(m.sid);
      const t = m.clientId === null ? undefined : sentAt.get(m.clientId);
      if (measuring && t !== undefined) latencies.push(now - t);
    });
    const customers = await connectCustomers(server.url);
    const deadline = Date.now() + 20_000;
    while (accepted() < CUSTOMERS && Date.now() < deadline) await sleep(20);
    if (accepted() < CUSTOMERS) throw new Error(`only ${accepted()} of ${CUSTOMERS} tasks were accepted`);

    const acked = new Set<string>();
    let sent = 0;
    const send = (c: Customer, body: string) => {
      const clientId = `m${sent++}`;
      sentAt.set(clientId, performance.now());
      return c.session.sendMessage(body, { clientId }).then((m) => void acked.add(m.sid));
    };

    // 1. Latency at 1,000 messages/s offered, paced by elapsed time (not by timer ticks).
    await Promise.all(customers.slice(0, 50).map((c, i) => send(c, `warm-up ${i}`)));
    measuring = true;
    const inflight: Promise<void>[] = [];
    const start = performance.now();
    let offered = 0;
    while (performance.now() - start < PHASE_MS) {
      const due = Math.floor(((performance.now() - start) / 1000) * OFFERED_RATE);
      for (; offered < due; offered++) inflight.push(send(customers[offered % CUSTOMERS]!, `latency ${offered}`));
      await sleep(1);
    }
    await Promise.all(inflight);
    await sleep(200);
    measuring = false;
    const sorted = [...latencies].sort((a, b) => a - b);
    const p50 = quantile(sorted, 0.5);
    const p99 = quantile(sorted, 0.99);

    // 2. Saturation.
    const before = acked.size;
    const t0 = performance.now();
    const sat = await saturate(customers, t0 + PHASE_MS, (m) => void acked.add(m.sid), 'load');
    const elapsed = (performance.now() - t0) / 1000;
    const throughput = (acked.size - before) / elapsed;
    sent += sat.sent;
    await sleep(300); // the last pushes reach the agents

    // 3. Counts: stop gracefully, then count in the database.
    for (const c of customers) c.session.disconnect();
    for (const a of agents) a.disconnect();
    await server.stop();
    server = undefined;
    const stored = await countStored(tmp.dir);
    const lost = [...acked].filter((sid) => !stored.has(sid)).length;

    report(
      `saturation: ${fmt(throughput)} messages/s acknowledged (${WINDOW} in flight per customer, ${PHASE_MS / 1000} s; target ≥ ${fmt(TARGET_THROUGHPUT)})`,
      throughput >= TARGET_THROUGHPUT,
    );
    report(
      `latency at ${fmt(OFFERED_RATE)} messages/s offered (customer send → agent receive, ${fmt(sorted.length)} samples): p50 ${fmt(p50, 2)} ms, p99 ${fmt(p99, 2)} ms (target p99 ≤ ${TARGET_P99_MS} ms)`,
      p99 <= TARGET_P99_MS,
    );
    report(
      `counts: sent ${fmt(sent)}, acked ${fmt(acked.size)}, delivered ${fmt(delivered.size)} (duplicates ${duplicates}), stored ${fmt(stored.size)}, acked but not stored ${lost}`,
      sent === acked.size &&
        delivered.size === acked.size &&
        duplicates === 0 &&
        stored.size === acked.size &&
        lost === 0 &&
        sat.failed === 0,
    );

    // 4. Durability: kill -9 under load, restart on the same data dir.
    server = await startServerProcess(serverOptions(crashTmp.dir));
    const crashCustomers = await connectCustomers(server.url);
    const ackedBeforeKill = new Set<string>();
    let killed = false;
    const crashServer = server;
    const load = saturate(
      crashCustomers,
      performance.now() + 30_000,
      (m) => void (killed || ackedBeforeKill.add(m.sid)),
      'crash',
    );
    await sleep(1500);
    killed = true; // acks that raced the kill are not counted: the kill comes first
    await crashServer.kill();
    for (const c of crashCustomers) c.session.disconnect();
    await load;
    server = await startServerProcess(serverOptions(crashTmp.dir)); // recovers the WAL, runs the start-up checks
    await server.stop();
    server = undefined;
    const afterCrash = await countStored(crashTmp.dir);
    const missing = [...ackedBeforeKill].filter((sid) => !afterCrash.has(sid)).length;
    report(
      `durability (kill -9 after 1.5 s of saturation load): acked before the kill ${fmt(ackedBeforeKill.size)}, stored after restart ${fmt(afterCrash.size)}, missing ${missing}`,
      missing === 0 && ackedBeforeKill.size > 0,
    );
  } finally {
    await server?.stop();
    tmp.remove();
    crashTmp.remove();
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
