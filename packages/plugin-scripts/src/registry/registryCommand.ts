/**
 * What every registry command shares: the flags that say which contact center and who signs
 * in (`--server`, `--as`, `--token`), `--json` and `--yes`; signing in; where lines go; the
 * confirmation question (never asked without a terminal, in CI, with --yes or --json); and the
 * translation of the server's answers into one-line {@link PluginScriptsError}s.
 */
import {
  ContactCenterError,
  createRegistryClient,
  type FetchLike,
  type RegistryClient,
} from '@switchboard/contact-center';
import { InvalidArgumentError, Option, type Command } from 'commander';
import { createInterface } from 'node:readline/promises';
import type { CliOutput } from '../cli';
import { PluginScriptsError } from '../PluginScriptsError';

/** The contact center `npm start` runs (the registry is served on the same port). */
export const DEFAULT_SERVER = 'http://127.0.0.1:4100';
/** The admin `npm start` creates (`--admins`, default `admin`). */
export const DEFAULT_ADMIN = 'admin';

/** The flags of every registry command. */
export interface RegistryFlags {
  server: string;
  as: string;
  token?: string;
  json?: boolean;
  yes?: boolean;
}

/** What a registry command runs with. */
export interface RegistryContext {
  readonly client: RegistryClient;
  /** The server's URL, without a trailing slash. */
  readonly serverUrl: string;
  readonly json: boolean;
  /** A progress or report line: stdout, or stderr with --json (stdout then holds the JSON only). */
  say(line: string): void;
  /** A warning: always stderr. */
  warn(line: string): void;
  /** The command's result as one JSON document on stdout (with --json only). */
  result(document: unknown): void;
  /** Asks `question` (y/N) at a terminal; without one (CI, a pipe, --yes, --json) the answer is yes. */
  confirm(question: string): Promise<boolean>;
}

const urlArg = (value: string): string => {
  try {
    const url = new URL(value);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('not http');
  } catch {
    throw new InvalidArgumentError(`--server must be an http(s) URL, like ${DEFAULT_SERVER}`);
  }
  return value.replace(/\/+$/, '');
};

/** A number from 0 to 1 (`--max-error-rate 0.2`). */
export const rateArg =
  (flag: string) =>
  (value: string): number => {
    const n = Number(value);
    if (value.trim() === '' || !Number.isFinite(n) || n < 0 || n > 1) {
      throw new InvalidArgumentError(`${flag} must be a number from 0 to 1, like 0.2`);
    }
    return n;
  };

/** Adds `--server`, `--as`, `--token`, `--json` and `--yes` to `command`. */
export function addRegistryOptions(command: Command): Command {
  return command
    .addOption(
      new Option('--server <url>', 'the contact center serving the registry')
        .env('SWITCHBOARD_SERVER')
        .default(DEFAULT_SERVER)
        .argParser(urlArg),
    )
    .addOption(new Option('--as <identity>', 'the admin to sign in as').env('SWITCHBOARD_ADMIN').default(DEFAULT_ADMIN))
    .addOption(new Option('--token <token>', 'an admin token to use instead of signing in').env('SWITCHBOARD_TOKEN'))
    .option('--json', 'print the result as one JSON document on stdout (progress goes to stderr)')
    .option('-y, --yes', 'never ask for confirmation (nor does a run in CI or without a terminal)');
}

const unreachable = (command: string, serverUrl: string) =>
  new PluginScriptsError(
    'REGISTRY_UNREACHABLE',
    `${command}: cannot reach the contact center at ${serverUrl}: start it with \`npm start\` (or pass --server <url>, or set SWITCHBOARD_SERVER)`,
  );

const HINTS: Partial<Record<string, string>> = {
  CC_FORBIDDEN:
    ' (the registry is for admins: sign in as one with --as <admin>; `npm start -- --admins <ids>` makes admins)',
  CC_UNAUTHORIZED: ' (the token is not valid: drop --token / SWITCHBOARD_TOKEN to sign in with --as)',
};

/** The one-line error for what the server answered (or for not reaching it). */
export function registryError(command: string, serverUrl: string, error: unknown): unknown {
  if (!(error instanceof ContactCenterError)) return error;
  if (error.code === 'CC_DISCONNECTED') return unreachable(command, serverUrl);
  return new PluginScriptsError(
    'REGISTRY_REFUSED',
    `${command}: ${error.code}: ${error.message}${HINTS[error.code] ?? ''}`,
    { cause: error },
  );
}

/**
 * The admin's password, from the environment (never a flag: argv shows in `ps`): needed where
 * the contact center has no one-click sign-in (PostgreSQL, a network address).
 */
export const ADMIN_PASSWORD_ENV = 'SWITCHBOARD_ADMIN_PASSWORD';

/** `POST /api/agents/login {identity, password?}` → the token. */
async function signIn(fetchFn: FetchLike, serverUrl: string, identity: string): Promise<string> {
  const password = process.env[ADMIN_PASSWORD_ENV] || undefined;
  let response: Response;
  try {
    response = await fetchFn(`${serverUrl}/api/agents/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify(password === undefined ? { identity } : { identity, password }),
    });
  } catch (cause) {
    throw new ContactCenterError('CC_DISCONNECTED', `Cannot reach ${serverUrl}`, { cause });
  }
  const data = (await response.json().catch(() => undefined)) as
    { token?: unknown; error?: { code?: unknown; message?: unknown } } | undefined;
  if (response.ok && typeof data?.token === 'string') return data.token;
  const code = typeof data?.error?.code === 'string' ? data.error.code : `HTTP ${response.status}`;
  const message = typeof data?.error?.message === 'string' ? data.error.message : `signing in as "${identity}" failed`;
  // The one-click sign-in is off there: say how to give a password.
  const hint = code === 'CC_FORBIDDEN' && password === undefined ? ` (set ${ADMIN_PASSWORD_ENV}, or pass --token)` : '';
  throw new PluginScriptsError('REGISTRY_REFUSED', `signing in as "${identity}": ${code}: ${message}${hint}`);
}

const isCi = () => {
  const ci = process.env.CI;
  return ci !== undefined && ci !== '' && ci !== '0' && ci.toLowerCase() !== 'false';
};

/** Options of {@link runRegistryCommand} that tests and embedders change. */
export interface RegistryRunOptions {
  /** The `fetch` used (default: the global one). */
  fetch?: FetchLike;
  /** Runs before signing in (reading the plugin's folder): its failure is reported like the others. */
  before?: () => void;
}

/**
 * Signs in, runs `body` with the context, and turns what goes wrong into one line (and, with
 * --json, `{ "error": { "code", "message" } }` on stdout).
 *
 * @example
 * await runRegistryCommand('switchboard-plugin list', io, flags, async (ctx) => ctx.result(await ctx.client.plugins()));
 */
export async function runRegistryCommand(
  command: string,
  io: CliOutput,
  flags: RegistryFlags,
  body: (ctx: RegistryContext) => Promise<void>,
  options: RegistryRunOptions = {},
): Promise<void> {
  const json = flags.json === true;
  const serverUrl = flags.server.replace(/\/+$/, '');
  const fetchFn: FetchLike = options.fetch ?? ((input, init) => fetch(input, init));
  try {
    options.before?.();
    const token = flags.token ?? (await signIn(fetchFn, serverUrl, flags.as));
    const client = createRegistryClient({ serverUrl, token, fetch: fetchFn });
    await body({
      client,
      serverUrl,
      json,
      say: (line) => (json ? io.err(line) : io.out(line)),
      warn: (line) => io.err(`warning: ${line}`),
      result: (document) => {
        if (json) io.out(JSON.stringify(document, null, 2));
      },
      confirm: async (question) => {
        if (flags.yes || json || isCi() || !process.stdin.isTTY || !process.stdout.isTTY) return true;
        const rl = createInterface({ input: process.stdin, output: process.stdout });
        try {
          return /^y(es)?$/i.test((await rl.question(`${question} [y/N] `)).trim());
        } finally {
          rl.close();
        }
      },
    });
  } catch (caught) {
    const error = registryError(command, serverUrl, caught);
    if (json) {
      const { code, message } = error as { code?: unknown; message?: unknown };
      io.out(JSON.stringify({ error: { code: code ?? 'ERROR', message: message ?? String(error) } }));
    }
    throw error;
  }
}

/** Refuses flags that do not fit together: exit 2, like commander's own refusals. */
export const badUsage = (command: string, message: string): PluginScriptsError =>
  new PluginScriptsError('INVALID_ARGUMENTS', `${command}: ${message} (see ${command} --help)`);
