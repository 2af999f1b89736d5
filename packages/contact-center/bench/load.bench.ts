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
import { createDatabase, DATABASE_FILE } from '@switchboard/contact-center/server';
import { startServerProcess, tempDir, type ServerOptions, type ServerProcess } from '../test/helpers';
import {
  agentIdentities,
  allAccepted,
  ChatMeter,
  connectAgents,
  connectCustomers,
  fmt,
  noRateLimits,
  saturate,
  sleep,
} from './chatLoad';

const CUSTOMERS = 200;
const AGENTS = 10;
const OFFERED_RATE = 1000;
const PHASE_MS = 5000;
const WINDOW = 4;
const TARGET_THROUGHPUT = 5000;
const TARGET_P99_MS = 25;
const strict = process.argv.includes('--strict');

const identities = agentIdentities(AGENTS);
const serverOptions = (dataDir: string): ServerOptions => ({
  dataDir,
  agents: identities,
  chatCapacity: Math.ceil(CUSTOMERS / AGENTS),
  reservationTimeoutMs: 120_000,
  rateLimit: noRateLimits,
});

const verdict = (ok: boolean) => (ok ? 'ok' : 'MISSED');
let missed = 0;
const report = (line: string, ok: boolean) => {
  if (!ok) missed++;
  console.log(`${line.padEnd(100)} ${verdict(ok)}`);
};

async function countStored(dataDir: string): Promise<Set<string>> {
  const db = createDatabase({ dialect: 'sqlite', file: path.join(dataDir, DATABASE_FILE) });
  try {
    return new Set((await db.selectFrom('messages').select('sid').execute()).map((r) => r.sid));
  } finally {
    await db.destroy();
  }
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
    const meter = new ChatMeter();
    const { agents, accepted } = await connectAgents([server.url], identities, meter.onAgentMessage);
    const customers = await connectCustomers([server.url], CUSTOMERS);
    await allAccepted(accepted, CUSTOMERS);
    const { acked, delivered } = meter;

    // 1. Latency at 1,000 messages/s offered, paced by elapsed time (not by timer ticks).
    const { p50, p99, samples } = await meter.offer(customers, OFFERED_RATE, PHASE_MS);

    // 2. Saturation.
    const before = acked.size;
    const t0 = performance.now();
    const sat = await saturate(customers, t0 + PHASE_MS, (m) => void acked.add(m.sid), 'load', WINDOW);
    const elapsed = (performance.now() - t0) / 1000;
    const throughput = (acked.size - before) / elapsed;
    const sent = meter.sent + sat.sent;
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
      `latency at ${fmt(OFFERED_RATE)} messages/s offered (customer send → agent receive, ${fmt(samples)} samples): p50 ${fmt(p50, 2)} ms, p99 ${fmt(p99, 2)} ms (target p99 ≤ ${TARGET_P99_MS} ms)`,
      p99 <= TARGET_P99_MS,
    );
    report(
      `counts: sent ${fmt(sent)}, acked ${fmt(acked.size)}, delivered ${fmt(delivered.size)} (duplicates ${meter.duplicates}), stored ${fmt(stored.size)}, acked but not stored ${lost}`,
      sent === acked.size &&
        delivered.size === acked.size &&
        meter.duplicates === 0 &&
        stored.size === acked.size &&
        lost === 0 &&
        sat.failed === 0,
    );

    // 4. Durability: kill -9 under load, restart on the same data dir.
    server = await startServerProcess(serverOptions(crashTmp.dir));
    const crashCustomers = await connectCustomers([server.url], CUSTOMERS);
    const ackedBeforeKill = new Set<string>();
    let killed = false;
    const crashServer = server;
    const load = saturate(
      crashCustomers,
      performance.now() + 30_000,
      (m) => void (killed || ackedBeforeKill.add(m.sid)),
      'crash',
      WINDOW,
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
