/**
 * Redis for the cluster tests: each call of {@link startRedis} runs its own `redis-server`
 * (Debian's package, which `.ci/run` installs) on a free port of 127.0.0.1, without
 * persistence, so a test can stop and restart it under load. Missing binary: in CI the suite
 * fails, saying why; elsewhere it is skipped with a warning (see {@link describeCluster}).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { describePostgres, type TestPostgres } from './postgres';

export const REDIS_SERVER = process.env.SWITCHBOARD_REDIS_SERVER ?? 'redis-server';

/** A free TCP port on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export interface TestRedis {
  readonly url: string;
  readonly port: number;
  /** The redis-server's pid while it runs (for the benchmark's CPU figures), else undefined. */
  readonly pid: number | undefined;
  /** Stops it (SIGKILL: what it held is gone). */
  stop(): Promise<void>;
  /** Starts it again on the same port (after {@link stop}). */
  start(): Promise<void>;
}

function run(port: number): Promise<ChildProcess> {
  const child = spawn(
    REDIS_SERVER,
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--protected-mode', 'no'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`redis-server did not start on ${port}: ${out}`)), 10_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('Ready to accept connections')) {
        clearTimeout(timer);
        resolve(child);
      }
    });
    child.once('error', (e) => (clearTimeout(timer), reject(e)));
    child.once('exit', (code) => (clearTimeout(timer), reject(new Error(`redis-server exited (${code}): ${out}`))));
  });
}

/** Starts a private redis-server on a free port. */
export async function startRedis(): Promise<TestRedis> {
  const port = await freePort();
  let child: ChildProcess | undefined = await run(port);
  const stop = async () => {
    const c = child;
    child = undefined;
    if (!c || c.exitCode !== null) return;
    const exited = new Promise((resolve) => c.once('exit', resolve));
    c.kill('SIGKILL');
    await exited;
  };
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    get pid() {
      return child?.exitCode === null ? child.pid : undefined;
    },
    stop,
    async start() {
      child ??= await run(port);
    },
  };
}

let probed: string | null | undefined;
/** Why redis-server cannot run here, or null. */
function redisMissing(): string | null {
  if (probed !== undefined) return probed;
  const r = spawnSync(REDIS_SERVER, ['--version'], { encoding: 'utf8', timeout: 5000 });
  probed = r.status === 0 ? null : `${REDIS_SERVER} is not installed (apt-get install redis-server)`;
  return probed;
}

/**
 * `describe` over PostgreSQL and redis-server: skipped with a warning when either is missing,
 * except in CI, where that fails (`.ci/run` installs both).
 */
export function describeCluster(name: string, body: (pgdb: TestPostgres) => void): void {
  const why = redisMissing();
  if (why !== null) {
    if (process.env.CI) {
      describe(name, () => {
        it('needs redis-server', () => {
          throw new Error(`${why}: in CI it must be; .ci/run installs it with scripts/ensure-redis.sh`);
        });
      });
    } else {
      console.warn(`Skipping "${name}": ${why}`);
      describe.skip(name, () => body({ url: '', fresh: () => Promise.reject(new Error('skipped')) }));
    }
    return;
  }
  describePostgres(name, body);
}
