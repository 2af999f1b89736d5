/**
 * The `create-plugin` command: `main(argv, io)` runs it and returns the exit code; only the
 * bin (`bin/create-plugin.js`) sets the process's exit code.
 */
import { askMissing } from './askMissing';
import { createPlugin, type CreatedPlugin } from './createPlugin';
import { CreatePluginError } from './errors';
import { findWorkspaceRoot, PLUGINS_WORKSPACE } from './findWorkspaceRoot';
import { packageInfo } from './packageInfo';
import { parseArgs, type Output } from './parseArgs';
import { inquirerPrompts, isPromptCancelled, type Prompts } from './prompts';
import { createdText, installDir, nextStepsText, retryInstallText, shellPath } from './report';
import { runCommand } from './runCommand';

/** What `main` uses of the outside world (tests give their own). */
export interface CliIo {
  /** Where relative paths start. */
  cwd: string;
  /** Whether stdin is a terminal (a person can answer). */
  stdinIsTTY: boolean;
  /** Progress and results; `isTTY` tells whether a person reads it. */
  stdout: Output & { isTTY?: boolean };
  /** Errors, one line each. */
  stderr: Output;
  /** The questions asked on a terminal. */
  prompts: Prompts;
  /** Runs a command (`npm install`) with its output shown; resolves with its exit code. */
  run(command: string, args: readonly string[], options: { cwd: string }): Promise<number>;
}

/** Exit codes of {@link main}. */
export const EXIT = { ok: 0, failed: 1, cancelled: 130 } as const;

const defaultIo = (): CliIo => ({
  cwd: process.cwd(),
  stdinIsTTY: process.stdin.isTTY === true,
  stdout: process.stdout,
  stderr: process.stderr,
  prompts: inquirerPrompts,
  run: runCommand,
});

/**
 * Runs `create-plugin` with `argv` (the arguments after the command) and returns the exit
 * code: 0 when the project was created (and installed, if asked), 1 on a usage error, a bad
 * name, a non-empty target, a failed write or a failed install, 130 when the person cancelled
 * a question.
 *
 * @example
 * process.exitCode = await main(process.argv.slice(2));
 */
export async function main(argv: readonly string[], io: Partial<CliIo> = {}): Promise<number> {
  const { cwd, stdinIsTTY, stdout, stderr, prompts, run } = { ...defaultIo(), ...io };
  const fail = (reason: string) => {
    stderr.write(`error: ${reason}\n`);
    return EXIT.failed;
  };
  try {
    const parsed = parseArgs(argv, { version: packageInfo().version, stdout, stderr });
    if (parsed.kind === 'exit') return parsed.code;
    const { flags } = parsed;

    const interactive = stdinIsTTY && stdout.isTTY === true && !flags.yes;
    const answers = await askMissing(flags, interactive, prompts);
    if (answers.name === undefined) {
      return fail('no plugin name: give one, as in `create-plugin my-plugin` (nothing is asked without a terminal)');
    }

    let workspaceRoot: string | undefined;
    if (flags.monorepo !== false) {
      workspaceRoot = await findWorkspaceRoot(cwd);
      if (flags.monorepo === true && workspaceRoot === undefined) {
        return fail(
          `--monorepo: no npm workspace with "${PLUGINS_WORKSPACE}" at or above ${cwd} (its root package.json lists its "workspaces")`,
        );
      }
    }

    const created = await createPlugin({
      name: answers.name,
      language: answers.language,
      cwd,
      ...(flags.directory !== undefined ? { directory: flags.directory } : {}),
      ...(workspaceRoot !== undefined ? { workspaceRoot } : {}),
    });
    stdout.write(createdText(created, cwd));

    if (answers.install) {
      const installed = await install(created, cwd, { stdout, stderr, run });
      if (!installed) return EXIT.failed;
    }
    stdout.write(nextStepsText(created, cwd, answers.install));
    return EXIT.ok;
  } catch (error) {
    if (isPromptCancelled(error)) {
      stderr.write('Cancelled: nothing was created.\n');
      return EXIT.cancelled;
    }
    if (error instanceof CreatePluginError) return fail(error.message);
    return fail(error instanceof Error ? error.message : String(error));
  }
}

/** Runs `npm install` for the new project; on failure says how to retry. */
async function install(
  created: CreatedPlugin,
  cwd: string,
  { stdout, stderr, run }: Pick<CliIo, 'stdout' | 'stderr' | 'run'>,
): Promise<boolean> {
  const dir = installDir(created);
  stdout.write(`\nInstalling dependencies: npm install in ${shellPath(cwd, dir)}\n\n`);
  let reason: string;
  try {
    const code = await run('npm', ['install'], { cwd: dir });
    if (code === 0) return true;
    reason = `exit code ${code}`;
  } catch (error) {
    reason = error instanceof Error ? error.message : String(error);
  }
  stderr.write(retryInstallText(created, cwd, reason));
  return false;
}
