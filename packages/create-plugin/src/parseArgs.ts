import { Command, CommanderError, Option } from 'commander';
import type { Language } from './templates';

/** What the command line said; `undefined` where it said nothing. */
export interface CliFlags {
  name: string | undefined;
  language: Language | undefined;
  /** Ask nothing: flags and defaults only. */
  yes: boolean;
  /** `--install` / `--no-install`. */
  install: boolean | undefined;
  directory: string | undefined;
  /** `--monorepo` / `--no-monorepo`; `undefined`: detect. */
  monorepo: boolean | undefined;
}

/** Where commander writes (help, version, usage errors). */
export interface Output {
  write(text: string): unknown;
}

/** The command line, parsed: flags to run with, or an exit code (help, version, a usage error). */
export type ParsedArgs = { kind: 'run'; flags: CliFlags } | { kind: 'exit'; code: number };

const EXAMPLES = `
Examples:
  npx @switchboard/create-plugin my-plugin
  npx @switchboard/create-plugin @acme/crm-badge --javascript --install
  npx @switchboard/create-plugin my-plugin --yes --directory plugins/my-plugin

On a terminal it asks for what the flags do not say; otherwise (CI, pipes, --yes) it uses the
flags and the defaults: TypeScript, no install.`;

/**
 * Parses `argv` (the arguments after the command) with commander. Help and version go to
 * `stdout`, usage errors to `stderr`; neither exits the process.
 */
export function parseArgs(
  argv: readonly string[],
  io: { version: string; stdout: Output; stderr: Output },
): ParsedArgs {
  const program = new Command('create-plugin')
    .description('Create a Switchboard plugin: a project with a sample plugin, its test, and build/start/test scripts.')
    .argument('[name]', 'the plugin name, also its package name (my-plugin, @acme/crm-badge)')
    .addOption(new Option('--typescript', 'TypeScript template (the default)').conflicts('javascript'))
    .addOption(new Option('--javascript', 'JavaScript template'))
    .option('-y, --yes', 'ask nothing: use the flags and the defaults')
    .option('--install', 'run npm install in the new project')
    .option('--no-install', 'do not install, and do not ask')
    .option('-d, --directory <dir>', 'the folder to create (default: ./<name without scope>)')
    .option(
      '--monorepo',
      "create a workspace plugin in <repo>/plugins/ (default when run inside a workspace with 'plugins/*')",
    )
    .option('--no-monorepo', 'create a stand-alone project even inside such a workspace')
    .version(io.version, '-v, --version', 'print the version')
    .helpOption('-h, --help', 'print this help')
    .addHelpText('after', EXAMPLES)
    .exitOverride()
    .configureOutput({
      writeOut: (text) => void io.stdout.write(text),
      writeErr: (text) => void io.stderr.write(text),
    });
  try {
    program.parse(argv as string[], { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) return { kind: 'exit', code: error.exitCode };
    throw error;
  }
  const options = program.opts<{
    typescript?: boolean;
    javascript?: boolean;
    yes?: boolean;
    install?: boolean;
    directory?: string;
    monorepo?: boolean;
  }>();
  return {
    kind: 'run',
    flags: {
      name: program.args[0],
      language: options.javascript ? 'javascript' : options.typescript ? 'typescript' : undefined,
      yes: options.yes === true,
      install: options.install,
      directory: options.directory,
      monorepo: options.monorepo,
    },
  };
}
