/**
 * Cluster benchmark: the contact center as 1, 2 and 3 instances on one PostgreSQL and one
 * Redis, and its failover figures.
 *
 *   node ../../scripts/run-ts.mjs bench/cluster.bench.ts     (in packages/contact-center; last of `npm run bench`)
 *
 * Needs PostgreSQL (the role of scripts/ensure-postgres.sh, or SWITCHBOARD_TEST_POSTGRES_URL)
 * and `redis-server` (Debian: `apt-get install redis-server`); each run makes its own
 * databases (`sb_bench_<random>`, dropped at the end) and its own redis-server on a free port.
 *  1. Chat: 200 customers and 10 agents spread round-robin over the instances' own URLs (so
 *     most pushes cross instances), every configuration in cluster mode (1 instance too):
 *     customer send → agent receive latency at an offered rate, then acknowledged messages/s
 *     with a window in flight; CPU per instance (engine marked), of redis-server, of the
 *     PostgreSQL backends of the bench database and of this load generator, in % of one core.
 *     The single-process SQLite server runs the same load first, for reference.
 *  2. Failover: 3 instances behind the balancer, 60 customers each sending every 100 ms,
 *     agents accepting: the engine instance killed with SIGKILL (time to takeover, how long
 *     customers were without service, every acknowledged message stored exactly once); then
 *     redis-server killed and restarted after 1 s (time until events flow again, the same
 *     checks). Exits 1 when a message is lost or stored twice, or a client never comes back.
 *
 * Options (for a closer look at one part): `--instances=2,3` (default 1,2,3; `--instances=` none), `--no-sqlite`,
 * `--no-failover`.
 */
import { randomBytes } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import pg from 'pg';
import type { AgentClient, ConnectionState } from '@switchboard/contact-center';
import {
  createDatabase,
  describePostgresUrl,
  migrateToLatest,
  setAgentPassword,
  startBalancer,
  type Balancer,
} from '@switchboard/contact-center/server';
import { startServerProcess, tempDir, type ServerOptions, type ServerProcess } from '../test/helpers';
import { TEST_POSTGRES_URL } from '../test/postgres';
import { freePort, REDIS_SERVER, startRedis, type TestRedis } from '../test/redis';
import {
  agentIdentities,
  allAccepted,
  ChatMeter,
  connectAgents,
  connectCustomers,
  fastReconnect,
  fmt,
  noRateLimits,
  quantile,
  saturate,
  sleep,
  type Customer,
} from './chatLoad';
import { CLK_TCK, CORES, cpuMsPer, formatCpu, measureCpu, type CpuFigures, type CpuTarget } from './cpu';

const CUSTOMERS = 200;
const AGENTS = 10;
const OFFERED_RATE = 500;
const PHASE_MS = 5000;
const WINDOW = 4;
const FAILOVER_CUSTOMERS = 60;
const FAILOVER_AGENTS = 6;
const SEND_EVERY_MS = 100;

const identities = agentIdentities(AGENTS);
/** PostgreSQL has no one-click sign-in: the bench's agents get this password in each fresh database. */
const PASSWORD = 'bench password, not secret';
const arg = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
const INSTANCES = (arg('instances') ?? '1,2,3')
  .split(',')
  .map(Number)
  .filter((n) => Number.isInteger(n) && n > 0);
const withSqlite = !process.argv.includes('--no-sqlite');
const withFailover = !process.argv.includes('--no-failover');
let violations = 0;

// ---------------------------------------------------------------- the pieces it runs on

/** Why PostgreSQL or redis-server cannot be used, with how to get them; null when both are there. */
async function preflight(): Promise<string | null> {
  const problems: string[] = [];
  const client = new pg.Client({ connectionString: TEST_POSTGRES_URL, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.end();
  } catch (e) {
    problems.push(
      `PostgreSQL at ${describePostgresUrl(TEST_POSTGRES_URL)} is not reachable (${(e as { code?: string }).code ?? String(e)}): ` +
        'start it with `sudo bash scripts/ensure-postgres.sh` (installs it, creates the role switchboard/switchboard with CREATEDB), ' +
        'or set SWITCHBOARD_TEST_POSTGRES_URL to a role that may create databases',
    );
  }
  if (spawnSync(REDIS_SERVER, ['--version'], { timeout: 5000 }).status !== 0)
    problems.push(
      `${REDIS_SERVER} is not installed: \`sudo apt-get install redis-server\` (or set SWITCHBOARD_REDIS_SERVER)`,
    );
  return problems.length ? problems.join('\n') : null;
}

/** Every database, server process and redis-server this run started, for the clean-up. */
const started = { databases: new Set<string>(), processes: new Set<ServerProcess>(), redis: new Set<TestRedis>() };
// A run interrupted (Ctrl-C) leaves no redis-server behind; server processes stop when our stdin closes.
process.on('exit', () => {
  for (const r of started.redis)
    try {
      if (r.pid !== undefined) process.kill(r.pid, 'SIGKILL');
    } catch {
      // already gone
    }
});
process.on('SIGINT', () => process.exit(130));

async function admin<T>(run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: TEST_POSTGRES_URL });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

/** A fresh database on the PostgreSQL server, migrated; returns its URL. */
async function freshDatabase(): Promise<string> {
  const name = `sb_bench_${randomBytes(6).toString('hex')}`;
  await admin((c) => c.query(`create database ${name}`));
  started.databases.add(name);
  const u = new URL(TEST_POSTGRES_URL);
  u.pathname = `/${name}`;
  const db = createDatabase({ dialect: 'postgres', url: u.toString(), max: 1 });
  try {
    await migrateToLatest(db);
    const everyone = new Set([...identities, ...agentIdentities(FAILOVER_AGENTS)]);
    for (const identity of everyone) await setAgentPassword(db, identity, PASSWORD, { create: true });
  } finally {
    await db.destroy();
  }
  return u.toString();
}

const databaseName = (url: string) => new URL(url).pathname.slice(1);

/** The pids of the PostgreSQL backends serving `url`'s database (for their CPU). */
async function backendPids(url: string): Promise<number[]> {
  return admin(async (c) =>
    (
      await c.query<{ pid: number }>('select pid from pg_stat_activity where datname = $1', [databaseName(url)])
    ).rows.map((r) => r.pid),
  );
}

/**
 * The next transaction id of the PostgreSQL server: its difference over a phase counts the
 * write transactions (of every database on the server: meaningful while nothing else writes).
 * pg_stat_database's counters would be per database, but backends report them up to 10 s late.
 */
async function nextXid(): Promise<number> {
  return admin(async (c) => {
    const r = await c.query<{ n: string }>('select pg_snapshot_xmax(pg_current_snapshot())::text as n');
    return Number(r.rows[0]?.n ?? NaN);
  });
}

interface Status {
  instanceId: string;
  isEngine: boolean;
  redisConnected: boolean;
}
const status = async (p: ServerProcess): Promise<Status> =>
  (await (await fetch(`${p.url}/api/cluster/status`)).json()) as Status;
const statuses = (ps: ServerProcess[]) => Promise.all(ps.map(status));

async function until<T>(
  check: () => Promise<T | undefined>,
  timeoutMs: number,
  what: string,
  everyMs = 20,
): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await check().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await sleep(everyMs);
  }
}

/** Starts a server process and remembers it for the clean-up. */
async function startProcess(options: ServerOptions): Promise<ServerProcess> {
  const p = await startServerProcess(options);
  started.processes.add(p);
  return p;
}

async function stopProcess(p: ServerProcess): Promise<void> {
  started.processes.delete(p);
  // A graceful stop; SIGKILL when it hangs.
  await Promise.race([p.stop(), sleep(10_000).then(() => p.kill())]);
}

interface Cluster {
  processes: ServerProcess[];
  options: ServerOptions[];
  engine(): Promise<number>;
}

/** `n` instances on `database` and `redis`, started together; resolves once one runs the engine. */
async function startCluster(
  n: number,
  database: string,
  redis: TestRedis,
  dataDir: string,
  extra: Partial<ServerOptions>,
): Promise<Cluster> {
  const options = await Promise.all(
    Array.from({ length: n }, async (_, i): Promise<ServerOptions> => ({
      dataDir,
      port: await freePort(),
      database,
      agents: identities,
      rateLimit: noRateLimits,
      cluster: { redis: redis.url, instanceId: `cc-${i + 1}` },
      ...extra,
    })),
  );
  const processes = await Promise.all(options.map(startProcess));
  const engine = () =>
    until(
      async () => {
        const i = (await statuses(processes)).findIndex((s) => s.isEngine);
        return i >= 0 ? i : undefined;
      },
      15_000,
      'an instance runs the engine',
    );
  await engine();
  return { processes, options, engine };
}

// ---------------------------------------------------------------- 1. chat throughput and p99

interface ChatFigures {
  label: string;
  saturation: number;
  p50: number;
  p99: number;
  samples: number;
  /** Messages acknowledged in the saturation phase. */
  saturated: number;
  failed: number;
  cpuOffered: CpuFigures;
  cpuSaturation: CpuFigures;
  /** PostgreSQL write transactions per second (the whole server) while saturated. */
  commitsPerSecond: number | undefined;
}

/** The chat load over `urls`; `targets()` names the processes whose CPU is measured. */
async function chatRun(
  label: string,
  urls: string[],
  targets: () => Promise<CpuTarget[]>,
  commits?: () => Promise<number>,
  password?: string,
): Promise<ChatFigures> {
  const meter = new ChatMeter();
  const { agents, accepted } = await connectAgents(
    urls,
    identities,
    meter.onAgentMessage,
    password === undefined ? {} : { password },
  );
  const customers = await connectCustomers(urls, CUSTOMERS);
  try {
    await allAccepted(accepted, CUSTOMERS);
    // Warm-up outside the measured phases (pools and JIT): a short burst at the offered rate.
    await meter.offer(customers, OFFERED_RATE, 1000);
    let cpu = measureCpu(await targets());
    const latency = await meter.offer(customers, OFFERED_RATE, PHASE_MS);
    const cpuOffered = cpu();
    cpu = measureCpu(await targets());
    const commits0 = await commits?.();
    const before = meter.acked.size;
    const t0 = performance.now();
    const sat = await saturate(customers, t0 + PHASE_MS, (m) => void meter.acked.add(m.sid), 'load', WINDOW);
    const saturated = meter.acked.size - before;
    const seconds = (performance.now() - t0) / 1000;
    const saturation = saturated / seconds;
    const cpuSaturation = cpu();
    const commitsPerSecond = commits0 === undefined ? undefined : ((await commits!()) - commits0) / seconds;
    return {
      label,
      saturation,
      saturated,
      ...latency,
      failed: sat.failed,
      cpuOffered,
      cpuSaturation,
      commitsPerSecond,
    };
  } finally {
    for (const c of customers) c.session.disconnect();
    for (const a of agents) a.disconnect();
  }
}

function printChat(f: ChatFigures): void {
  console.log(
    `${f.label}: saturation ${fmt(f.saturation)} messages/s acknowledged; at ${fmt(OFFERED_RATE)}/s offered p50 ${fmt(f.p50, 1)} ms, p99 ${fmt(f.p99, 1)} ms (${fmt(f.samples)} samples)${f.failed ? `; ${f.failed} sends FAILED` : ''}`,
  );
  console.log(`    CPU at ${fmt(OFFERED_RATE)}/s: ${formatCpu(f.cpuOffered)}`);
  console.log(`    CPU saturated: ${formatCpu(f.cpuSaturation)}`);
  // Server-side CPU per message: every target but the load generator (not a target).
  const all = (c: CpuFigures, n: number) => cpuMsPer(c, n);
  const engine = (c: CpuFigures, n: number) => cpuMsPer(c, n, (l) => l.includes('(engine)') || l === 'server');
  const saturated = all(f.cpuSaturation, f.saturated);
  console.log(
    `    server-side CPU per message: at ${fmt(OFFERED_RATE)}/s ${fmt(all(f.cpuOffered, f.samples), 2)} ms ` +
      `(engine instance ${fmt(engine(f.cpuOffered, f.samples), 2)} ms), saturated ${fmt(saturated, 2)} ms ` +
      `(engine instance ${fmt(engine(f.cpuSaturation, f.saturated), 2)} ms) → ~${fmt(1000 / saturated)} messages/s per core without competition`,
  );
  if (f.commitsPerSecond !== undefined)
    console.log(
      `    PostgreSQL while saturated: ${fmt(f.commitsPerSecond)} write transactions/s (server-wide), ` +
        `~${fmt(f.saturation / f.commitsPerSecond, 1)} messages acknowledged per transaction (group commit)`,
    );
}

async function sqliteReference(): Promise<ChatFigures> {
  const tmp = tempDir();
  let server: ServerProcess | undefined;
  try {
    server = await startProcess({
      dataDir: tmp.dir,
      agents: identities,
      chatCapacity: Math.ceil(CUSTOMERS / AGENTS),
      reservationTimeoutMs: 120_000,
      rateLimit: noRateLimits,
    });
    const pid = server.pid;
    return await chatRun('SQLite, 1 process (reference, not a cluster)', [server.url], async () => [
      { label: 'server', pids: [pid] },
    ]);
  } finally {
    if (server) await stopProcess(server);
    tmp.remove();
  }
}

async function clusterRun(n: number): Promise<ChatFigures> {
  const tmp = tempDir();
  const redis = await startRedis();
  started.redis.add(redis);
  const database = await freshDatabase();
  let cluster: Cluster | undefined;
  try {
    cluster = await startCluster(n, database, redis, tmp.dir, {
      chatCapacity: Math.ceil(CUSTOMERS / AGENTS),
      reservationTimeoutMs: 120_000,
    });
    const { processes } = cluster;
    const targets = async (): Promise<CpuTarget[]> => {
      const engine = await cluster!.engine();
      const postgres = await backendPids(database);
      return [
        ...processes.map((p, i) => ({ label: `cc-${i + 1}${i === engine ? ' (engine)' : ''}`, pids: [p.pid] })),
        { label: 'redis', pids: redis.pid === undefined ? [] : [redis.pid] },
        { label: `postgres (${postgres.length} backends)`, pids: postgres },
      ];
    };
    return await chatRun(
      `${n} instance${n > 1 ? 's' : ''} (PostgreSQL + Redis)`,
      processes.map((p) => p.url),
      targets,
      nextXid,
      PASSWORD,
    );
  } finally {
    for (const p of cluster?.processes ?? []) await stopProcess(p);
    await redis.stop();
    started.redis.delete(redis);
    await dropDatabase(database);
    tmp.remove();
  }
}

// ---------------------------------------------------------------- 2. failover

/** Customers sending every SEND_EVERY_MS with clientIds `<prefix><customer>-<n>`; ack times per customer. */
function steadyLoad(customers: Customer[], prefix: string) {
  const acks: number[][] = customers.map(() => []);
  const acked = new Set<string>();
  let sent = 0;
  let failed = 0;
  let sending = true;
  const inFlight = new Set<Promise<void>>();
  const loops = customers.map(async (c, i) => {
    for (let n = 0; sending; n++) {
      const clientId = `${prefix}${i}-${n}`;
      sent++;
      const p = c.session.sendMessage(`steady ${n}`, { clientId }).then(
        () => {
          acked.add(clientId);
          acks[i]!.push(Date.now());
        },
        () => void failed++,
      );
      inFlight.add(p);
      void p.finally(() => inFlight.delete(p));
      await sleep(SEND_EVERY_MS);
    }
  });
  return {
    acks,
    acked,
    get sent() {
      return sent;
    },
    get failed() {
      return failed;
    },
    /** Stops sending and waits (at most 20 s) for the answers of what is in flight. */
    async stop(): Promise<void> {
      sending = false;
      await Promise.all(loops);
      await Promise.race([Promise.all([...inFlight]), sleep(20_000)]);
    },
  };
}

/** Each customer's longest time between two acknowledgements, the later one after `at`; Infinity if none after. */
function gapsAfter(acks: number[][], at: number): number[] {
  return acks.map((times) => {
    if (!times.some((t) => t > at)) return Infinity;
    let gap = 0;
    for (let k = 1; k < times.length; k++) if (times[k]! > at) gap = Math.max(gap, times[k]! - times[k - 1]!);
    return gap;
  });
}

/** The latest of the customers' first acknowledgements after `at`, in ms after it (Infinity: one never was). */
function servedAgain(acks: number[][], at: number): number {
  return Math.max(...acks.map((times) => (times.find((t) => t > at) ?? Infinity) - at));
}

/** How many clients lost their connection after `at`, and when they were connected again. */
function describeReconnects(states: { state: ConnectionState; t: number }[][], at: number, what: string): string {
  const back: number[] = [];
  for (const log of states) {
    const lost = log.find((s) => s.t > at && s.state === 'reconnecting');
    if (!lost) continue;
    const again = log.find((s) => s.t > lost.t && s.state === 'connected');
    back.push(again ? again.t - at : Infinity);
  }
  if (!back.length) return `connections: none of the ${states.length} clients lost its connection`;
  return `connections: ${back.length} of ${states.length} clients lost theirs, connected again ${describeGaps(back)} after ${what}`;
}

function describeGaps(gaps: number[]): string {
  const sorted = [...gaps].sort((a, b) => a - b);
  const never = sorted.filter((g) => g === Infinity).length;
  const ms = (v: number) => (v === Infinity ? 'never' : `${fmt(v)} ms`);
  return `p50 ${ms(quantile(sorted, 0.5))}, p95 ${ms(quantile(sorted, 0.95))}, max ${ms(sorted[sorted.length - 1]!)}${never ? ` (${never} customers never served again: VIOLATION)` : ''}`;
}

/** Every acknowledged clientId of `prefix` stored once, none stored twice; prints the result. */
async function exactlyOnce(database: string, prefix: string, acked: Set<string>, sent: number): Promise<void> {
  const db = createDatabase({ dialect: 'postgres', url: database, max: 1 });
  try {
    const rows = await db
      .selectFrom('messages')
      .select(['client_id', sql<string>`count(*)`.as('n')])
      .where('author_role', '=', 'customer')
      .where('client_id', 'like', `${prefix}%`)
      .groupBy('client_id')
      .execute();
    const counts = new Map(rows.map((r) => [r.client_id!, Number(r.n)]));
    const missing = [...acked].filter((id) => !counts.has(id)).length;
    const twice = [...counts.values()].filter((n) => n > 1).length;
    const ok = missing === 0 && twice === 0;
    if (!ok) violations++;
    console.log(
      `    exactly once (PostgreSQL): sent ${fmt(sent)}, acknowledged ${fmt(acked.size)}, stored ${fmt(counts.size)} distinct; ` +
        `acknowledged but missing ${missing}, stored more than once ${twice} → ${ok ? 'OK' : 'VIOLATION'}`,
    );
  } finally {
    await db.destroy();
  }
}

async function failover(): Promise<void> {
  const tmp = tempDir();
  const redis = await startRedis();
  started.redis.add(redis);
  const database = await freshDatabase();
  let cluster: Cluster | undefined;
  let front: Balancer | undefined;
  const clients: { disconnect(): void }[] = [];
  try {
    const extra = {
      agents: agentIdentities(FAILOVER_AGENTS),
      chatCapacity: Math.ceil(FAILOVER_CUSTOMERS / FAILOVER_AGENTS),
      reservationTimeoutMs: 5000,
    };
    cluster = await startCluster(3, database, redis, tmp.dir, extra);
    const procs = cluster.processes;
    front = await startBalancer({ backends: procs.map((p) => p.url), retryMs: 500 });
    const received: number[][] = agentIdentities(FAILOVER_AGENTS).map(() => []);
    const { agents, accepted } = await connectAgents(
      [front.url],
      agentIdentities(FAILOVER_AGENTS),
      (_m, i) => void received[i]!.push(Date.now()),
      { reconnect: fastReconnect, password: PASSWORD },
    );
    clients.push(...agents.map((a: AgentClient) => a));
    const customers = await connectCustomers([front.url], FAILOVER_CUSTOMERS, { reconnect: fastReconnect });
    clients.push(...customers.map((c) => c.session));
    // Each client's connection states, to tell a lost connection from a slow engine.
    const states: { state: ConnectionState; t: number }[][] = [];
    const follow = () => {
      const log: { state: ConnectionState; t: number }[] = [];
      states.push(log);
      return (state: ConnectionState) => void log.push({ state, t: Date.now() });
    };
    for (const a of agents) a.on('connectionStateChanged', follow());
    for (const c of customers) c.session.on('connectionStateChanged', follow());
    await allAccepted(accepted, FAILOVER_CUSTOMERS);
    console.log(
      `failover: 3 instances behind the balancer, ${FAILOVER_CUSTOMERS} customers each sending every ${SEND_EVERY_MS} ms (${fmt((FAILOVER_CUSTOMERS * 1000) / SEND_EVERY_MS)} messages/s), ${FAILOVER_AGENTS} agents accepting`,
    );

    // a. kill -9 the engine instance.
    let load = steadyLoad(customers, 'k');
    await sleep(3000);
    const victimIndex = await cluster.engine();
    const victim = procs[victimIndex]!;
    const survivors = procs.filter((p) => p !== victim);
    const killedAt = Date.now();
    await victim.kill();
    started.processes.delete(victim);
    const newEngine = await until(
      async () => {
        const s = (await statuses(survivors)).filter((x) => x.isEngine);
        return s.length === 1 ? s[0]!.instanceId : undefined;
      },
      20_000,
      'another instance runs the engine',
    );
    const tookOverMs = Date.now() - killedAt;
    await sleep(5000);
    await load.stop();
    const killGaps = gapsAfter(load.acks, killedAt);
    const killServed = servedAgain(load.acks, killedAt);
    if (killGaps.includes(Infinity)) violations++;
    console.log(
      `  kill -9 of the engine instance cc-${victimIndex + 1}: ${newEngine} runs the engine ${fmt(tookOverMs)} ms later (status polled every 20 ms); every customer acknowledged again ${fmt(killServed)} ms after the kill`,
    );
    console.log(`    customers without service (longest gap between acks after the kill): ${describeGaps(killGaps)}`);
    console.log(`    ${describeReconnects(states, killedAt, 'the kill')}`);
    await exactlyOnce(database, 'k', load.acked, load.sent);

    // b. Redis killed and restarted after 1 s (the killed instance back first: three again).
    const restarted = await startProcess(cluster.options[victimIndex]!);
    procs[victimIndex] = restarted;
    await sleep(1000);
    load = steadyLoad(customers, 'r');
    await sleep(3000);
    const stoppedAt = Date.now();
    await redis.stop();
    await sleep(1000);
    await redis.start();
    const backAt = Date.now();
    const reconnectedMs = await until(
      async () => ((await statuses(procs)).every((s) => s.redisConnected) ? Date.now() - backAt : undefined),
      20_000,
      'every instance reconnected to Redis',
    );
    // Events flow again: every agent (wherever it is connected) receives a message after the restart.
    const flowingMs = await until(
      async () => (received.every((r) => r.some((t) => t > backAt)) ? Date.now() - backAt : undefined),
      20_000,
      'every agent received a message after Redis came back',
    ).catch(() => {
      violations++;
      return Infinity;
    });
    await sleep(5000);
    await load.stop();
    const allAcked = servedAgain(load.acks, backAt);
    const redisGaps = gapsAfter(load.acks, stoppedAt);
    if (redisGaps.includes(Infinity)) violations++;
    const agentGaps = gapsAfter(received, stoppedAt);
    console.log(
      `  Redis killed, restarted 1 s later: every instance reconnected ${fmt(reconnectedMs)} ms after the restart; ` +
        `every customer acknowledged again ${fmt(allAcked)} ms after it; every agent receiving again ${flowingMs === Infinity ? 'NEVER (VIOLATION)' : `${fmt(flowingMs)} ms after it`}`,
    );
    console.log(
      `    customers without service (longest gap between acks after Redis stopped): ${describeGaps(redisGaps)}`,
    );
    console.log(`    agents without events (longest gap between received messages): ${describeGaps(agentGaps)}`);
    console.log(`    ${describeReconnects(states, stoppedAt, 'Redis stopped')}`);
    await exactlyOnce(database, 'r', load.acked, load.sent);
  } finally {
    for (const c of clients) c.disconnect();
    await front?.close();
    for (const p of cluster?.processes ?? []) if (started.processes.has(p)) await stopProcess(p);
    await redis.stop();
    started.redis.delete(redis);
    await dropDatabase(database);
    tmp.remove();
  }
}

async function dropDatabase(url: string): Promise<void> {
  const name = databaseName(url);
  // FORCE: a connection left open does not keep it alive.
  await admin((c) => c.query(`drop database if exists ${name} with (force)`));
  started.databases.delete(name);
}

// ---------------------------------------------------------------- the run

/** Stops what is still running and drops what is left of the databases. */
async function cleanUp(): Promise<void> {
  for (const p of [...started.processes]) await stopProcess(p);
  for (const r of [...started.redis]) await r.stop();
  for (const name of [...started.databases])
    await admin((c) => c.query(`drop database if exists ${name} with (force)`)).catch(() => {});
}

/** A run that hangs (a bug) ends after this, cleaned up, with exit code 1. */
const WATCHDOG_MS = 6 * 60_000;

async function main(): Promise<number> {
  setTimeout(() => {
    console.error(`cluster benchmark: still running after ${WATCHDOG_MS / 60_000} minutes; stopping`);
    void cleanUp().finally(() => process.exit(1));
  }, WATCHDOG_MS).unref();
  const missing = await preflight();
  if (missing) {
    console.error(`cluster benchmark: cannot run.\n${missing}`);
    return 1;
  }
  const t0 = Date.now();
  console.log(
    `Switchboard contact center — cluster benchmark. This machine has ${CORES} cores, shared by every process below ` +
      `(instances, redis-server, PostgreSQL, the load generator) and anything else running; CPU in % of one core ` +
      `(/proc, CLK_TCK ${CLK_TCK}).`,
  );
  console.log(
    `chat: ${CUSTOMERS} customers and ${AGENTS} agents round-robin over the instances' URLs; latency = customer send → ` +
      `agent receive at ${fmt(OFFERED_RATE)} messages/s offered for ${PHASE_MS / 1000} s; saturation = acknowledged ` +
      `messages/s with ${WINDOW} in flight per customer for ${PHASE_MS / 1000} s.`,
  );
  try {
    if (withSqlite) printChat(await sqliteReference());
    const runs = new Map<number, ChatFigures>();
    for (const n of INSTANCES) {
      const f = await clusterRun(n);
      printChat(f);
      runs.set(n, f);
    }
    const one = runs.get(1);
    const r = (a: number, b: number) => `${fmt(a / b, 2)}×`;
    const ratios = [...runs].filter(([n]) => n !== 1);
    if (one && ratios.length)
      console.log(
        `ratios (this run): saturation ${ratios.map(([n, f]) => `${n} vs 1 ${r(f.saturation, one.saturation)}`).join(', ')}; ` +
          `p99 at ${fmt(OFFERED_RATE)}/s ${ratios.map(([n, f]) => `${n} vs 1 ${r(f.p99, one.p99)}`).join(', ')}`,
      );
    if (withFailover) await failover();
  } finally {
    await cleanUp();
  }
  console.log(
    `cluster benchmark: ${fmt((Date.now() - t0) / 1000, 0)} s${violations ? `; ${violations} VIOLATION(S)` : ''}`,
  );
  return violations ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
