/**
 * `switchboard-local-stack users …`: the agents' accounts, written straight to the contact
 * center's database (SQLite in `--data-dir`, or PostgreSQL with `--database` /
 * SWITCHBOARD_DATABASE_URL): `create`, `reset-password`, `list`, `sign-out`. Passwords come
 * from stdin (`--password-stdin`) or a prompt without echo, never from the command line.
 */
import { Command, CommanderError, Option } from 'commander';
import { existsSync } from 'node:fs';
import path from 'node:path';
import {
  DATABASE_FILE,
  ContactCenterError,
  MIN_PASSWORD_LENGTH,
  checkPasswordLength,
  createDatabase,
  listAgentAccounts,
  migrateToLatest,
  openDatabase,
  revokeAgentSessions,
  setAgentPassword,
  type ContactCenterServer,
} from '@switchboard/contact-center/server';
import { AGENT_IDENTITY, DATABASE_URL_ENV, databaseArg } from '../options/flags';
import { promptHidden, readLine, type PasswordInput } from './readPassword';

/** Where the command writes and reads. */
export interface UsersIo {
  out(line: string): void;
  err(line: string): void;
  /** Default `process.stdin`. */
  stdin?: PasswordInput;
  /** Where the prompt goes (default `process.stderr`). */
  prompt?: NodeJS.WritableStream;
}

/** The contact center's database. */
type Db = ContactCenterServer['db'];

interface DbFlags {
  dataDir: string;
  database?: string;
}

/** A mistake in how the command was called (exit code 2). */
class UsageError extends Error {}

const identityArg = (value: string): string => {
  if (!AGENT_IDENTITY.test(value))
    throw new UsageError(`"${value}" is not an agent identity (lowercase letters, digits, ".", "_" or "-")`);
  return value;
};

function withDatabaseOptions(command: Command): Command {
  return command
    .addOption(
      new Option('--data-dir <dir>', "the local stack's data dir (its SQLite database)").default('.switchboard/data'),
    )
    .addOption(
      new Option('--database <url>', 'PostgreSQL instead: postgres://user:password@host:port/db')
        .env(DATABASE_URL_ENV)
        .argParser(databaseArg),
    );
}

/** Opens (and migrates) the database; SQLite must exist unless `create`. */
async function open(flags: DbFlags, create: boolean): Promise<Db> {
  let db: Db;
  if (flags.database !== undefined) db = await openDatabase({ dialect: 'postgres', url: flags.database });
  else {
    const file = path.join(path.resolve(flags.dataDir), DATABASE_FILE);
    if (!create && !existsSync(file))
      throw new UsageError(
        `No database at ${file}: start the stack once, or pass --data-dir <dir> or --database <url>`,
      );
    if (create && !existsSync(path.dirname(file)))
      throw new UsageError(`No data dir ${path.dirname(file)}: start the stack once, or pass --data-dir <dir>`);
    db = createDatabase({ dialect: 'sqlite', file });
  }
  try {
    await migrateToLatest(db);
    return db;
  } catch (e) {
    await db.destroy();
    throw e;
  }
}

/** The new password: from stdin with `--password-stdin`, else typed twice at a terminal. */
async function newPassword(stdinFlag: boolean | undefined, io: UsersIo): Promise<string> {
  const input = io.stdin ?? (process.stdin as PasswordInput);
  const prompt = io.prompt ?? process.stderr;
  let password: string;
  if (stdinFlag) password = await readLine(input);
  else if (input.isTTY) {
    password = await promptHidden(`Password (at least ${MIN_PASSWORD_LENGTH} characters): `, input, prompt);
    checkPasswordLength(password);
    if ((await promptHidden('Again: ', input, prompt)) !== password)
      throw new ContactCenterError('CC_BAD_REQUEST', 'The two passwords differ; nothing changed');
  } else throw new UsageError('No terminal to type the password at: pass --password-stdin and write it to stdin');
  checkPasswordLength(password);
  return password;
}

/**
 * Runs `users <subcommand> …` (argv after `users`) and resolves with the exit code: 0 done,
 * 1 refused (unknown identity, a password too short, a database that does not answer), 2 bad usage.
 *
 * @example
 * // echo "$PASSWORD" | switchboard-local-stack users create alice --full-name "Alice Liddell" --password-stdin
 * process.exitCode = await usersMain(['create', 'alice', '--password-stdin'], { out: console.log, err: console.error });
 */
export async function usersMain(
  argv: readonly string[],
  io: UsersIo,
  name = 'switchboard-local-stack',
): Promise<number> {
  let action: Promise<void> | undefined;
  const run = (fn: () => Promise<void>) => {
    action = fn();
  };
  const program = new Command(`${name} users`)
    .description("The agents' accounts in the contact center's database (passwords, sessions).")
    .configureOutput({
      writeOut: (s) => io.out(s.trimEnd()),
      writeErr: (s) => io.err(s.trimEnd()),
      outputError: (s, write) => write(`${s.trim().replace(/^error: /, `${name} users: `)} (see ${name} users --help)`),
    })
    .exitOverride();
  const withDb = async <T>(flags: DbFlags, create: boolean, fn: (db: Db) => Promise<T>) => {
    const db = await open(flags, create);
    try {
      return await fn(db);
    } finally {
      await db.destroy();
    }
  };
  withDatabaseOptions(
    program
      .command('create')
      .description('create an agent (Offline) with a password, or set the password of an existing one')
      .argument('<identity>', 'the agent identity (lowercase)', identityArg)
      .option('--full-name <name>', 'the name shown to others (default: the identity, capitalised)')
      .option('--password-stdin', 'read the password from the first line of stdin'),
  ).action((identity: string, flags: DbFlags & { fullName?: string; passwordStdin?: boolean }) =>
    run(async () => {
      const password = await newPassword(flags.passwordStdin, io);
      await withDb(flags, true, (db) =>
        setAgentPassword(db, identity, password, {
          create: true,
          ...(flags.fullName === undefined ? {} : { fullName: flags.fullName }),
        }),
      );
      io.out(`Agent ${identity} has a password now (a running contact center sees a new agent after a restart).`);
    }),
  );
  withDatabaseOptions(
    program
      .command('reset-password')
      .description("replace an agent's password (its sessions stay; `sign-out` ends them)")
      .argument('<identity>', 'the agent identity', identityArg)
      .option('--password-stdin', 'read the password from the first line of stdin'),
  ).action((identity: string, flags: DbFlags & { passwordStdin?: boolean }) =>
    run(async () => {
      const password = await newPassword(flags.passwordStdin, io);
      await withDb(flags, false, (db) => setAgentPassword(db, identity, password));
      io.out(`Password of ${identity} replaced.`);
    }),
  );
  withDatabaseOptions(
    program.command('list').description('list the agents, whether they have a password, their active sessions'),
  ).action((flags: DbFlags) =>
    run(async () => {
      const accounts = await withDb(flags, false, listAgentAccounts);
      const rows = [
        ['IDENTITY', 'FULL NAME', 'PASSWORD', 'SESSIONS'],
        ...accounts.map((a) => [a.identity, a.fullName, a.hasPassword ? 'yes' : 'no', String(a.activeSessions)]),
      ];
      const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
      for (const r of rows)
        io.out(
          r
            .map((cell, i) => cell.padEnd(widths[i]!))
            .join('  ')
            .trimEnd(),
        );
    }),
  );
  withDatabaseOptions(
    program
      .command('sign-out')
      .description("revoke all of an agent's sessions (running servers refuse their tokens within 2 s)")
      .argument('<identity>', 'the agent identity', identityArg),
  ).action((identity: string, flags: DbFlags) =>
    run(async () => {
      const n = await withDb(flags, false, async (db) => {
        const known = await db.selectFrom('workers').select('sid').where('identity', '=', identity).executeTakeFirst();
        if (!known) throw new ContactCenterError('CC_NOT_FOUND', `No agent "${identity}" in this contact center`);
        return revokeAgentSessions(db, identity);
      });
      io.out(`Signed out ${identity}: ${n} session${n === 1 ? '' : 's'} revoked.`);
    }),
  );

  try {
    program.parse([...argv], { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    if (error instanceof UsageError) {
      io.err(`${name} users: ${error.message}`);
      return 2;
    }
    throw error;
  }
  if (!action) {
    program.outputHelp({ error: true });
    return 2;
  }
  try {
    await action;
    return 0;
  } catch (error) {
    const message = (error as Error)?.message ?? String(error);
    io.err(`${name} users: ${message}`);
    return error instanceof UsageError ? 2 : 1;
  }
}
