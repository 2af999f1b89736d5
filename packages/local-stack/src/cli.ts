/**
 * `switchboard-local-stack` (and `npm start` at the repository root, which builds first): the
 * product on 127.0.0.1 until Ctrl-C. `main()` parses the arguments with commander, runs the
 * stack and resolves with the exit code (0 done, 1 failed, 2 bad usage); only the bin sets it.
 */
import { Command, CommanderError, InvalidArgumentError } from 'commander';
import type { OidcOptions } from '@switchboard/contact-center/server';
import path from 'node:path';
import { addLocalStackOptions, type LocalStackFlags } from './options/flags';
import { interruptions } from './options/interruptions';
import { addOidcOptions, oidcOptions, type OidcFlags } from './options/oidcFlags';
import { pluginsIn } from './plugins';
import { startLocalStack, type LocalStack } from './startLocalStack';

/** Where the CLI writes (the console by default). */
export interface CliOutput {
  out(line: string): void;
  err(line: string): void;
}

/** How an embedding script (`npm start`) presents the command. */
export interface CliSetup {
  /** The command's name in messages (default `switchboard-local-stack`). */
  name?: string;
  /** More lines for `--help` (the embedding script's own flags). */
  helpText?: string;
  io?: CliOutput;
}

const consoleOutput: CliOutput = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
};

interface Flags extends LocalStackFlags, OidcFlags {
  plugins?: string[];
  webchatPage?: string;
  phonePage?: string;
}

/** `host:port/database` of a PostgreSQL URL: never its password. */
const where = (url: string): string => {
  const u = new URL(url);
  return `${u.hostname}:${u.port || '5432'}${u.pathname}`;
};

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

async function run(flags: Flags, oidc: OidcOptions | undefined, io: CliOutput, name: string): Promise<number> {
  const dataDir = path.resolve(flags.dataDir);
  // Each --plugins folder in turn; the manifest lists their plugins in that order.
  const found = flags.plugins?.length
    ? flags.plugins
        .map((dir) => pluginsIn(path.resolve(dir)))
        .reduce((all, one) => ({
          desktop: [...all.desktop, ...one.desktop],
          webchat: [...all.webchat, ...one.webchat],
          unbuilt: [...all.unbuilt, ...one.unbuilt],
        }))
    : undefined;
  if (flags.redis !== undefined && flags.database === undefined) {
    io.err('--redis runs a cluster instance, which needs --database postgres://… (SQLite belongs to one process).');
    return 2;
  }
  for (const name of found?.unbuilt ?? []) io.err(`Plugin ${name} is not built (no dist/plugin.js): it is left out.`);
  // Listening before the start: a Ctrl-C while it starts still closes what was started.
  const interrupt = interruptions(() => io.err('Stopping now.'));
  let stack: LocalStack;
  try {
    stack = await startLocalStack({
      port: flags.port,
      dataDir,
      ...(flags.database === undefined ? {} : { database: flags.database }),
      ...(flags.redis === undefined
        ? {}
        : { cluster: { redis: flags.redis, ...(flags.instanceId ? { instanceId: flags.instanceId } : {}) } }),
      ...(flags.publicUrl ? { allowedOrigins: [flags.publicUrl] } : {}),
      agents: flags.agents,
      supervisors: flags.supervisors,
      admins: flags.admins,
      simulate: flags.simulate,
      simulateCalls: flags.simulateCalls,
      plugins: found?.desktop ?? [],
      webchatPlugins: found?.webchat ?? [],
      ...(flags.webchatPage ? { webchatDir: path.resolve(flags.webchatPage) } : {}),
      ...(flags.phonePage ? { phoneDir: path.resolve(flags.phonePage) } : {}),
      ...(oidc ? { auth: { oidc } } : {}),
      log: (level, message) => (level === 'info' ? undefined : io.err(message)),
    });
  } catch (error) {
    interrupt.dispose();
    if ((error as NodeJS.ErrnoException)?.code === 'EADDRINUSE') {
      io.err(`Port ${flags.port} on 127.0.0.1 is in use: stop what uses it, or pass --port <another>.`);
      return 1;
    }
    throw error;
  }
  io.out('');
  io.out(`Agent desktop: ${stack.desktopUrl}`);
  io.out(`WebChat: ${stack.webchatUrl}`);
  if (stack.phoneUrl) io.out(`Phone: ${stack.phoneUrl}`);
  io.out('');
  io.out(
    `Agents: ${flags.agents.join(', ')} (${stack.contactCenter.devSignIn ? 'sign in on the desktop with one click: local development' : `sign in with a password: set one with \`${name} users create <identity>\``}). Data: ${flags.database === undefined ? dataDir : `PostgreSQL at ${where(flags.database)} (routing.json in ${dataDir}; the token secret in the database)`}`,
  );
  if (oidc) io.out(`Sign in with ${oidc.name ?? new URL(oidc.issuer).host}: OpenID Connect at ${oidc.issuer}.`);
  io.out(
    `Supervisors: ${flags.supervisors.join(', ')} (the Teams view: every agent and queue, live; listen in on calls).`,
  );
  io.out(
    `Admins: ${flags.admins.join(', ')} (the plugin registry: deploy, release, roll back; status at ${stack.url}/registry/).`,
  );
  const { routingFile } = stack.contactCenter;
  if (routingFile)
    io.out(
      `Routing (queues, skills, capacity): ${routingFile} — edit it and restart (format: the contact-center README, "Queues and routing").`,
    );
  if (found?.desktop.length) io.out(`Plugins: ${found.desktop.map((p) => p.name).join(', ')}`);
  if (flags.simulate) io.out(`Simulating ${plural(flags.simulate, 'customer')}.`);
  if (flags.simulateCalls) io.out(`Simulating ${plural(flags.simulateCalls, 'caller')} (no audio: signalling only).`);
  io.out('Press Ctrl-C to stop.');
  const signal = await interrupt.received;
  io.out(`\n${signal}: stopping …`);
  try {
    await stack.close();
  } catch (error) {
    io.err(`Stopping failed: ${(error as Error)?.message ?? String(error)}`);
    return 1;
  } finally {
    interrupt.dispose();
  }
  io.out('Stopped.');
  return 0;
}

/**
 * Runs the CLI with `argv` (without node and the script) and resolves with the exit code.
 *
 * @example
 * process.exitCode = await main(process.argv.slice(2)); // bin/switchboard-local-stack.js
 */
export async function main(argv: readonly string[], setup: CliSetup = {}): Promise<number> {
  const io = setup.io ?? consoleOutput;
  const name = setup.name ?? 'switchboard-local-stack';
  // `users …`: the agents' accounts (loaded only then: the stack's start does not pay for it).
  if (argv[0] === 'users') return (await import('./users/usersCommand')).usersMain(argv.slice(1), io, name);
  const base = addLocalStackOptions(
    new Command(name).description(
      'Run Switchboard on 127.0.0.1: the local contact center, the agent desktop with its plugins, and a webchat page.',
    ),
    { port: 4100, dataDir: '.switchboard/data', simulate: 0 },
  );
  const program = addOidcOptions(base)
    .option(
      '--plugins <dir>',
      'a folder of plugin projects (Switchboard or Flex): their built bundles are loaded (repeatable)',
      (dir: string, previous: string[] = []) => [...previous, dir],
    )
    .option('--webchat-page <dir>', "a built customer page to serve under /webchat/ instead of the local stack's own")
    .option('--phone-page <dir>', 'a built phone page to serve under /phone/ (answers the calls agents place)')
    .addHelpText(
      'after',
      `\nAgents' accounts: ${name} users create|reset-password|list|sign-out (see ${name} users --help)` +
        (setup.helpText ? `\n${setup.helpText}` : ''),
    )
    .configureOutput({
      writeOut: (s) => io.out(s.trimEnd()),
      writeErr: (s) => io.err(s.trimEnd()),
      outputError: (s, write) => write(`${s.trim().replace(/^error: /, `${name}: `)} (see ${name} --help)`),
    })
    .exitOverride();
  let flags: Flags;
  let oidc: OidcOptions | undefined;
  try {
    program.parse([...argv], { from: 'user' });
    flags = program.opts<Flags>();
    oidc = oidcOptions(flags, process.env);
  } catch (error) {
    if (error instanceof InvalidArgumentError) {
      io.err(`${name}: ${error.message} (see ${name} --help)`);
      return 2;
    }
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    throw error;
  }
  try {
    return await run(flags, oidc, io, name);
  } catch (error) {
    io.err(`${name}: ${(error as Error)?.message ?? String(error)}`);
    return 1;
  }
}
