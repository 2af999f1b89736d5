/**
 * The command-line options every way of running the local stack shares (`npm start`,
 * `switchboard-local-stack`, `switchboard-plugin start`): one definition of each flag, its
 * parser and its one-line error, so they cannot drift apart.
 */
import { InvalidArgumentError, Option, type Command } from 'commander';

/** What the shared flags parse to. */
export interface LocalStackFlags {
  port: number;
  dataDir: string;
  agents: string[];
  supervisors: string[];
  /** Workers who may write to the plugin registry (deploy, release, roll back). */
  admins: string[];
  simulate: number;
  /** Simulated callers (signalling only: they ring, are answered, talk a while without audio, hang up). */
  simulateCalls: number;
  /** A PostgreSQL URL (`--database`, or `SWITCHBOARD_DATABASE_URL`); absent: SQLite in the data dir. */
  database?: string;
  /** A Redis URL (`--redis`, or `SWITCHBOARD_REDIS_URL`): run as one instance of a cluster (needs `database`). */
  redis?: string;
  /** This instance's name in the cluster (`--instance-id`). */
  instanceId?: string;
  /** The address clients use when it is not this server's own (`--public-url`: a load balancer in front). */
  publicUrl?: string;
}

/** The environment variable that `--redis` defaults to. */
export const REDIS_URL_ENV = 'SWITCHBOARD_REDIS_URL';

/** Parses `--redis redis://host:6379` with a one-line reason. */
export const redisArg = (value: string): string => {
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    // reported below
  }
  if (!url || (url.protocol !== 'redis:' && url.protocol !== 'rediss:'))
    throw new InvalidArgumentError(`--redis (or ${REDIS_URL_ENV}) must be a redis://host:port URL`);
  return value;
};

/** Parses `--public-url http://host:port` (an origin: no path). */
export const publicUrlArg = (value: string): string => {
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    // reported below
  }
  if (!url || !/^https?:$/.test(url.protocol) || (url.pathname !== '/' && url.pathname !== ''))
    throw new InvalidArgumentError('--public-url must be an origin such as http://127.0.0.1:4000');
  return url.origin;
};

/** The defaults that differ between commands (a plugin's dev server runs beside `npm start`). */
export interface LocalStackFlagDefaults {
  port: number;
  dataDir: string;
  simulate: number;
}

/** An integer argument parser for `flag`, from `min` to `max`, with a one-line reason. */
export const integerArg =
  (flag: string, min: number, max = Number.MAX_SAFE_INTEGER) =>
  (value: string): number => {
    const n = Number(value);
    if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n < min || n > max) {
      throw new InvalidArgumentError(
        `${flag} must be an integer ${max === Number.MAX_SAFE_INTEGER ? `>= ${min}` : `from ${min} to ${max}`}`,
      );
    }
    return n;
  };

/** An agent identity: what `--agents` accepts (and what the contact center creates). */
export const AGENT_IDENTITY = /^[a-z][a-z0-9._-]{0,31}$/;

/** Parses `--agents alice,bob` (and `--supervisors sam`). */
export const agentsArg = (value: string): string[] => namesArg('--agents', value);

/** Parses `--supervisors sam,tess`: workers who may monitor and see the Teams view. */
export const supervisorsArg = (value: string): string[] => namesArg('--supervisors', value);

/** Parses `--admins admin,ops`: workers who may write to the plugin registry. */
export const adminsArg = (value: string): string[] => namesArg('--admins', value);

const namesArg = (flag: string, value: string): string[] => {
  const agents = value
    .split(',')
    .map((a) => a.trim())
    .filter(Boolean);
  const bad = agents.find((a) => !AGENT_IDENTITY.test(a));
  if (!agents.length || bad !== undefined) {
    throw new InvalidArgumentError(
      `${flag} must be lowercase names separated by commas${bad !== undefined ? ` ("${bad}" is not)` : ''}`,
    );
  }
  return [...new Set(agents)];
};

/** The environment variable that `--database` defaults to. */
export const DATABASE_URL_ENV = 'SWITCHBOARD_DATABASE_URL';

/**
 * Parses `--database postgres://user:password@host:5432/db` (the contact center checks that it
 * answers when it starts, and names it in its errors without the password).
 */
export const databaseArg = (value: string): string => {
  let protocol: string | undefined;
  try {
    protocol = new URL(value.trim()).protocol;
  } catch {
    protocol = undefined;
  }
  if (protocol !== 'postgres:' && protocol !== 'postgresql:') {
    throw new InvalidArgumentError(
      `--database (or ${DATABASE_URL_ENV}) must be a postgres://user:password@host:port/database URL; leave it out for SQLite`,
    );
  }
  return value.trim();
};

/**
 * Adds `--port`, `--data-dir`, `--database`, `--redis`, `--instance-id`, `--public-url`, `--agents`, `--supervisors`, `--admins`, `--simulate` and `--simulate-calls` to `command`.
 *
 * @example
 * addLocalStackOptions(new Command('start'), { port: 4100, dataDir: '.switchboard/data', simulate: 0 });
 */
export function addLocalStackOptions(command: Command, defaults: LocalStackFlagDefaults): Command {
  return command
    .addOption(
      new Option('--port <port>', 'port on 127.0.0.1 (0: any free port)')
        .default(defaults.port)
        .argParser(integerArg('--port', 0, 65_535)),
    )
    .addOption(
      new Option('--data-dir <dir>', 'where the contact center keeps its SQLite database').default(defaults.dataDir),
    )
    .addOption(
      new Option(
        '--database <url>',
        'PostgreSQL instead of SQLite in the data dir: postgres://user:password@host:port/db',
      )
        .env(DATABASE_URL_ENV)
        .argParser(databaseArg),
    )
    .addOption(
      new Option('--redis <url>', 'run as one instance of a cluster on this Redis (with --database): redis://host:port')
        .env(REDIS_URL_ENV)
        .argParser(redisArg),
    )
    .addOption(new Option('--instance-id <name>', "this instance's name in the cluster (default: random)"))
    .addOption(
      new Option('--public-url <origin>', 'the address clients use, when a load balancer is in front').argParser(
        publicUrlArg,
      ),
    )
    .addOption(
      new Option('--agents <names>', 'agents who can sign in')
        .default(['alice', 'bob'], 'alice,bob')
        .argParser(agentsArg),
    )
    .addOption(
      new Option('--supervisors <names>', 'supervisors who can sign in (they see the Teams view and may listen in)')
        .default(['sam'], 'sam')
        .argParser(supervisorsArg),
    )
    .addOption(
      new Option('--admins <names>', 'admins who may write to the plugin registry (deploy, release, roll back)')
        .default(['admin'], 'admin')
        .argParser(adminsArg),
    )
    .addOption(
      new Option('--simulate <n>', 'simulated customers who start chats')
        .default(defaults.simulate)
        .argParser(integerArg('--simulate', 0, 100)),
    )
    .addOption(
      new Option('--simulate-calls <n>', 'simulated callers (signalling only: no audio) who call again and again')
        .default(0)
        .argParser(integerArg('--simulate-calls', 0, 50)),
    );
}
