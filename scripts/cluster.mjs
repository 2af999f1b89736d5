#!/usr/bin/env node
// `npm run cluster`: the local contact center as a cluster on this machine — PostgreSQL and
// Redis from the system's packages, three instances of the local stack (each serving the
// agent desktop, WebChat and the contact center's API and sockets), and one address in front
// (a TCP balancer) — until Ctrl-C. Kill an instance (`kill -9 <pid>`, printed below) to watch
// failover: its clients reconnect through the front address to the others.
//
//   npm run cluster -- --instances 3 --port 4000 --database postgres://… --redis redis://…
//
// PostgreSQL: the default URL is postgres://switchboard:switchboard@127.0.0.1:5432/switchboard_cluster
// (the role `sudo bash scripts/ensure-postgres.sh` makes; the database is created when missing).
// Redis: the default is redis://127.0.0.1:6379; when nothing answers there, a redis-server is
// started for the cluster's lifetime (`apt-get install redis-server`, or scripts/ensure-redis.sh).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createConnection } from 'node:net';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const NAME = 'npm run cluster --';

const { values: flags } = parseArgs({
  options: {
    instances: { type: 'string', default: '3' },
    port: { type: 'string', default: '4000' },
    database: {
      type: 'string',
      default:
        process.env.SWITCHBOARD_DATABASE_URL ?? 'postgres://switchboard:switchboard@127.0.0.1:5432/switchboard_cluster',
    },
    redis: { type: 'string', default: process.env.SWITCHBOARD_REDIS_URL ?? 'redis://127.0.0.1:6379' },
    'data-dir': { type: 'string', default: '.switchboard/cluster' },
    'no-build': { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
  strict: true,
});

if (flags.help) {
  console.log(`Usage: ${NAME} [--instances 3] [--port 4000] [--database postgres://…] [--redis redis://…] [--data-dir dir] [--no-build]

Starts PostgreSQL's database (created when missing) and Redis (started when none answers),
N instances of the local stack on ports PORT+1…PORT+N, and one address in front on PORT.`);
  process.exit(0);
}

const instances = Number(flags.instances);
const frontPort = Number(flags.port);
if (!Number.isInteger(instances) || instances < 1 || instances > 9) fail('--instances must be from 1 to 9');
if (!Number.isInteger(frontPort) || frontPort < 1 || frontPort > 65_525) fail('--port must be a port number');

function fail(message) {
  console.error(`${NAME.replace(/ --$/, '')}: ${message}`);
  process.exit(2);
}

const reachable = (host, port) =>
  new Promise((resolve) => {
    const socket = createConnection({ host, port: Number(port) });
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
    socket.setTimeout(1000, () => (socket.destroy(), resolve(false)));
  });

/** Creates the cluster's database when it does not exist (PostgreSQL must answer). */
async function ensureDatabase(url) {
  const { default: pg } = await import('pg');
  const target = new URL(url);
  const database = decodeURIComponent(target.pathname.slice(1));
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new pg.Client({ connectionString: admin.toString(), connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
  } catch (error) {
    throw new Error(
      `PostgreSQL at ${target.hostname}:${target.port || 5432} does not answer (${error.code ?? error.message}): start it with \`sudo bash scripts/ensure-postgres.sh\`, or pass --database`,
    );
  }
  try {
    const { rowCount } = await client.query('select 1 from pg_database where datname = $1', [database]);
    if (!rowCount) {
      await client.query(`create database "${database.replace(/"/g, '""')}"`);
      console.log(`Created the database ${database}.`);
    }
  } finally {
    await client.end();
  }
}

/** A database URL without its password, for printing. */
function redact(url) {
  const u = new URL(url);
  if (u.password) u.password = '…';
  return u.toString();
}

const children = [];
function run(name, command, args, env = {}) {
  const child = spawn(command, args, { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const prefix = (chunk) =>
    chunk
      .toString()
      .split('\n')
      .filter(Boolean)
      .map((line) => `[${name}] ${line}\n`)
      .join('');
  child.stdout.on('data', (c) => process.stdout.write(prefix(c)));
  child.stderr.on('data', (c) => process.stderr.write(prefix(c)));
  children.push(child);
  return child;
}

async function main() {
  if (!flags['no-build']) {
    const built = spawnSync(process.execPath, [path.join(root, 'scripts/start.mjs'), '--build-only'], {
      cwd: root,
      stdio: 'inherit',
    });
    if (built.status !== 0) throw new Error('the build failed (above)');
  }
  await ensureDatabase(flags.database);
  const redis = new URL(flags.redis);
  if (!(await reachable(redis.hostname, redis.port || 6379))) {
    if (!['127.0.0.1', 'localhost'].includes(redis.hostname))
      throw new Error(`Redis at ${redis.hostname}:${redis.port || 6379} does not answer`);
    const has = spawnSync('redis-server', ['--version']).status === 0;
    if (!has)
      throw new Error(
        'redis-server is not installed: `sudo bash scripts/ensure-redis.sh` (apt-get install redis-server)',
      );
    run('redis', 'redis-server', [
      '--port',
      String(redis.port || 6379),
      '--bind',
      '127.0.0.1',
      '--save',
      '',
      '--appendonly',
      'no',
    ]);
    for (let i = 0; i < 50 && !(await reachable(redis.hostname, redis.port || 6379)); i++)
      await new Promise((r) => setTimeout(r, 100));
    console.log(`Started redis-server on ${redis.hostname}:${redis.port || 6379} (stopped with the cluster).`);
  }
  const publicUrl = `http://127.0.0.1:${frontPort}`;
  const ports = Array.from({ length: instances }, (_, i) => frontPort + 1 + i);
  const started = ports.map(
    (port, i) =>
      new Promise((resolve, reject) => {
        const child = run(`cc-${i + 1}`, process.execPath, [
          path.join(root, 'scripts/start.mjs'),
          '--no-build',
          '--port',
          String(port),
          '--data-dir',
          flags['data-dir'],
          '--database',
          flags.database,
          '--redis',
          flags.redis,
          '--instance-id',
          `cc-${i + 1}`,
          '--public-url',
          publicUrl,
        ]);
        child.stdout.on('data', (c) => c.toString().includes('Press Ctrl-C') && resolve(child));
        child.once('exit', (code) => reject(new Error(`instance cc-${i + 1} exited with ${code} (above)`)));
      }),
  );
  const procs = await Promise.all(started);
  const serverEntry = path.join(root, 'packages/contact-center/dist/esm/server.js');
  if (!existsSync(serverEntry)) throw new Error('the contact center is not built: run without --no-build');
  const { startBalancer } = await import(pathToFileURL(serverEntry).href);
  const front = await startBalancer({ backends: ports.map((p) => `http://127.0.0.1:${p}`), port: frontPort });
  console.log('');
  console.log(`One address: ${publicUrl}/ (agent desktop), ${publicUrl}/webchat/ (WebChat)`);
  ports.forEach((port, i) =>
    console.log(`  cc-${i + 1}: http://127.0.0.1:${port} (pid ${procs[i].pid}; status: /api/cluster/status)`),
  );
  console.log(`PostgreSQL: ${new URL(flags.database).host}${new URL(flags.database).pathname}; Redis: ${redis.host}`);
  console.log(
    `Sign-in: passwords (no one-click sign-in on PostgreSQL). Set one: echo 'a long password' | npx switchboard-local-stack users create alice --database ${redact(flags.database)} --password-stdin`,
  );
  console.log('Try failover: kill -9 the instance that runs the engine (its status says isEngine). Ctrl-C stops all.');
  await new Promise((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  console.log('\nStopping …');
  await front.close();
}

main()
  .catch((error) => {
    console.error(`npm run cluster: ${error?.message ?? error}`);
    process.exitCode = 1;
  })
  .finally(async () => {
    for (const child of children.reverse()) if (child.exitCode === null) child.kill('SIGTERM');
    await Promise.all(children.map((c) => (c.exitCode === null ? new Promise((r) => c.once('exit', r)) : null)));
  });
