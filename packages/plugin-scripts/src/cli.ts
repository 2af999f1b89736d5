/**
 * The `switchboard-plugin` command line: `build`, `start` and `test`, and the registry's
 * `deploy`, `release`, `rollback`, `list`, `describe`, `diff` and `archive` (./registry/). `main()` parses the
 * arguments with commander, runs the command and returns the exit code (0 done, 1 failed,
 * 2 bad usage); only the bin sets it. Every failure is one line on stderr saying what is
 * wrong and what to do.
 */
import { Command, CommanderError, Option } from 'commander';
import { addLocalStackOptions, integerArg, interruptions } from '@switchboard/local-stack/options';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { formatBytes } from './bundleFacts';
import { buildPlugin } from './buildPlugin';
import { describePermissions } from './describePermissions';
import { packageRoot } from './packageRoot';
import { PluginScriptsError } from './PluginScriptsError';
import { readPlugin } from './readPlugin';
import { archiveCommand } from './registry/archive';
import { deployCommand } from './registry/deploy';
import { describeCommand } from './registry/describe';
import { diffCommand } from './registry/diff';
import { listCommand } from './registry/list';
import { releaseCommand } from './registry/release';
import { rollbackCommand } from './registry/rollback';
import { runTests } from './runTests';
import { startPlugins, type DevServer } from './startPlugins';

const NAME = 'switchboard-plugin';

/** Where the CLI writes (the console by default; tests and embedders pass their own). */
export interface CliOutput {
  out(line: string): void;
  err(line: string): void;
}

const consoleOutput: CliOutput = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
};

const collect = (value: string, previous: string[]) => [...previous, value];
const seconds = (ms: number) => (ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`);
const shown = (file: string) => {
  const rel = path.relative(process.cwd(), file);
  return rel && !rel.startsWith('..') ? rel : file;
};

function version(): string {
  return (JSON.parse(readFileSync(path.join(packageRoot(), 'package.json'), 'utf8')) as { version: string }).version;
}

/** Commander's messages as one line, then where the help is. */
const oneLineErrors = (command: string) => ({
  writeOut: (s: string) => process.stdout.write(s),
  writeErr: (s: string) => process.stderr.write(s),
  outputError: (s: string, write: (s: string) => void) =>
    write(
      `${s
        .trim()
        .replace(/^error: /, `${NAME}: `)
        .replace(/\s*\n\s*/g, ' ')} (see ${command} --help)\n`,
    ),
});

function program(io: CliOutput, setCode: (code: number) => void): Command {
  const cli = new Command(NAME)
    .description('Build, run, test and deploy a Switchboard plugin; release and roll back plugin versions.')
    .version(version(), '-v, --version')
    .showSuggestionAfterError()
    .enablePositionalOptions()
    .configureOutput(oneLineErrors(NAME))
    .exitOverride();

  cli
    .command('build')
    .configureOutput(oneLineErrors(`${NAME} build`))
    .description('Bundle the plugin into dist/: plugin.js, plugin.js.map and manifest-entry.json')
    .argument('[dir]', "the plugin's folder", '.')
    .addOption(
      new Option(
        '--size-limit <bytes>',
        'bytes of min+gzip the bundle may have (default: package.json, else 20480)',
      ).argParser(integerArg('--size-limit', 1)),
    )
    .action(async (dir: string, options: { sizeLimit?: number }) => {
      const started = Date.now();
      const plugin = readPlugin(dir);
      io.out(`Building ${plugin.name} ${plugin.version} for the ${plugin.target} from ${shown(plugin.entry)} …`);
      const result = await buildPlugin(dir, options.sizeLimit === undefined ? {} : { sizeLimit: options.sizeLimit });
      const { size, manifestEntry } = result;
      for (const warning of result.warnings) io.err(`warning: ${warning}`);
      const share = Math.round((size.gzip / size.limit) * 100);
      io.out(
        `Built ${shown(result.bundleFile)} and ${path.basename(result.bundleFile)}.map in ${seconds(Date.now() - started)}`,
      );
      io.out(
        `Size: ${formatBytes(size.min)} min, ${formatBytes(size.gzip)} min+gzip (${share}% of the ${formatBytes(size.limit)} limit)`,
      );
      io.out(`Integrity: ${manifestEntry.integrity}`);
      io.out(
        `Manifest entry: ${shown(result.manifestEntryFile)} (hostVersion ${manifestEntry.hostVersion}, phase ${manifestEntry.phase})`,
      );
      io.out(describePermissions(manifestEntry.permissions));
      setCode(0);
    });

  const start = cli
    .command('start')
    .configureOutput(oneLineErrors(`${NAME} start`))
    .description(
      'Run the agent desktop, the local contact center and the simulator with the plugin of this folder and every --plugin; a saved change reloads its plugin in place',
    )
    .addOption(
      new Option('--plugin <dir>', 'another plugin to run (repeatable)').default([], 'none').argParser(collect),
    )
    .addOption(
      new Option(
        '--no-keep-state',
        "reload a rebuilt plugin from its reducers' initial state (default: its store namespaces keep their state)",
      ),
    );
  // The flags of `npm start` too; a dev server runs beside it, on its own port, with customers.
  addLocalStackOptions(start, { port: 4200, dataDir: '.switchboard/data', simulate: 2 }).action(
    async (options: {
      plugin: string[];
      port: number;
      dataDir: string;
      agents: string[];
      supervisors: string[];
      simulate: number;
      simulateCalls: number;
      database?: string;
      keepState: boolean;
    }) => {
      const dataDir = path.resolve(options.dataDir);
      // Listening before the first build: Ctrl-C during it still closes what was started.
      const interrupt = interruptions(() => io.err('Stopping now.'));
      io.out('Building the plugins …');
      let server: DevServer;
      try {
        server = await startPlugins({
          plugins: options.plugin,
          port: options.port,
          dataDir,
          agents: options.agents,
          supervisors: options.supervisors,
          simulate: options.simulate,
          simulateCalls: options.simulateCalls,
          ...(options.database === undefined ? {} : { database: options.database }),
          keepState: options.keepState,
          log: (message, level) => (level === 'info' ? io.out(message) : io.err(message)),
        });
      } catch (error) {
        interrupt.dispose();
        throw error;
      }
      io.out('');
      io.out(`Agent desktop: ${server.desktopUrl}`);
      if (server.webchatUrl) io.out(`WebChat: ${server.webchatUrl}`);
      io.out('');
      io.out(`Plugins: ${server.plugins.map((p) => `${p.name} (${p.target})`).join(', ')}`);
      io.out(`Agents: ${options.agents.join(', ')} (?agent=<name> signs in). Data: ${dataDir}`);
      if (options.simulate) io.out(`Simulating ${options.simulate} customer${options.simulate === 1 ? '' : 's'}.`);
      if (options.simulateCalls)
        io.out(
          `Simulating ${options.simulateCalls} caller${options.simulateCalls === 1 ? '' : 's'} (no audio: signalling only).`,
        );
      io.out('Watching for changes: a saved file reloads its plugin in every open desktop. Press Ctrl-C to stop.');
      const signal = await interrupt.received;
      io.out(`\n${signal}: stopping …`);
      await server.close();
      interrupt.dispose();
      io.out('Stopped.');
      setCode(0);
    },
  );

  cli
    .command('test')
    .configureOutput(oneLineErrors(`${NAME} test`))
    .description("Run the plugin's tests with Jest and the plugin-scripts preset; other arguments go to Jest")
    .argument('[jest-args...]', 'Jest arguments: a test path, --watch, -t <name>, … (see jest --help)')
    .allowUnknownOption()
    .allowExcessArguments()
    .passThroughOptions()
    .helpOption('-h, --help', 'this help (jest --help lists the arguments Jest takes)')
    .action(async (jestArgs: string[]) => {
      setCode(await runTests(process.cwd(), jestArgs));
    });

  // The registry: each command's flags, action and output are in its own file.
  const registry = [
    ['deploy', deployCommand],
    ['release', releaseCommand],
    ['rollback', rollbackCommand],
    ['list', listCommand],
    ['describe', describeCommand],
    ['diff', diffCommand],
    ['archive', archiveCommand],
  ] as const;
  for (const [name, add] of registry) {
    add(cli.command(name).configureOutput(oneLineErrors(`${NAME} ${name}`)), io, () => setCode(0));
  }

  return cli;
}

/**
 * Runs the CLI with `argv` (without node and the script) and resolves with the exit code.
 *
 * @example
 * process.exitCode = await main(process.argv.slice(2)); // bin/switchboard-plugin.js
 */
export async function main(argv: readonly string[], io: CliOutput = consoleOutput): Promise<number> {
  let code = 0;
  try {
    await program(io, (c) => (code = c)).parseAsync([...argv], { from: 'user' });
    return code;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version are answers; anything else commander refuses is bad usage.
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version') return 0;
      return error.code === 'commander.help' && error.exitCode === 0 ? 0 : 2;
    }
    if (error instanceof PluginScriptsError) {
      io.err(error.message);
      return error.code === 'INVALID_ARGUMENTS' ? 2 : 1;
    }
    io.err(`${NAME}: ${(error as Error)?.message ?? String(error)}`);
    if (process.env.DEBUG) io.err(String((error as Error)?.stack));
    return 1;
  }
}
