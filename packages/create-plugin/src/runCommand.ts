import { spawn } from 'node:child_process';

/**
 * Runs `command` with the terminal's stdin, stdout and stderr (a person sees npm's output);
 * resolves with its exit code, rejects when it cannot start (npm not on the PATH).
 */
export function runCommand(command: string, args: readonly string[], options: { cwd: string }): Promise<number> {
  return new Promise((resolve, reject) => {
    // npm is npm.cmd on Windows, which only a shell runs.
    const child = spawn(command, args, { cwd: options.cwd, stdio: 'inherit', shell: process.platform === 'win32' });
    child.once('error', reject);
    child.once('close', (code, signal) => resolve(code ?? (signal ? 128 : 1)));
  });
}
