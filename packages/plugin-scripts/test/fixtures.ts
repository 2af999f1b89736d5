/**
 * Fixture plugin projects in a temporary folder, and the real CLI run in them. The folder
 * gets one `node_modules`, a link to the repository's, so fixtures resolve React, the SDK and
 * the built workspace packages as an installed plugin project does.
 */
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const packageDir = path.resolve(__dirname, '..');
export const repoRoot = path.resolve(packageDir, '..', '..');
export const bin = path.join(packageDir, 'bin', 'switchboard-plugin.js');

/** Fails with what to run when the CLI (or what it needs) is not built. */
export function requireBuilt(): void {
  const missing = [
    ['packages/plugin-scripts/dist/esm/cli.js', '@switchboard/plugin-scripts'],
    ['packages/plugin/dist/esm/index.js', '@switchboard/plugin'],
  ].filter(([file]) => !existsSync(path.join(repoRoot, file!)));
  if (missing.length) {
    throw new Error(
      `not built: ${missing.map(([, name]) => name).join(', ')}: run \`npm run build\` at the repository root (npm test does) first`,
    );
  }
}

/** A temporary folder for fixtures, with node_modules linked to the repository's. */
export function fixtureRoot(prefix: string): string {
  const root = mkdtempSync(path.join(os.tmpdir(), `sb-${prefix}-`));
  symlinkSync(path.join(repoRoot, 'node_modules'), path.join(root, 'node_modules'), 'dir');
  return root;
}

/** Writes `files` (path → content; objects are written as JSON) under `root/name`; returns the folder. */
export function writeProject(root: string, name: string, files: Record<string, string | object>): string {
  const dir = path.join(root, name);
  for (const [file, content] of Object.entries(files)) {
    const target = path.join(dir, file);
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, typeof content === 'string' ? content : `${JSON.stringify(content, null, 2)}\n`);
  }
  return dir;
}

export const removeRoot = (root: string | undefined) => root && rmSync(root, { recursive: true, force: true });

/** What a run of the CLI printed and returned. */
export interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Colourless output, as a person's terminal without a TTY shows it. */
const env = { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1', CI: '1' };

/** Runs `switchboard-plugin <args>` in `cwd` and waits for it (bounded). */
export function runCli(cwd: string, args: string[], timeout = 60_000): CliRun {
  const result = spawnSync(process.execPath, [bin, ...args], { cwd, encoding: 'utf8', timeout, env });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Starts `switchboard-plugin <args>` in `cwd`, collecting its output. */
export function spawnCli(cwd: string, args: string[]): { child: ChildProcessWithoutNullStreams; output: () => string } {
  const child = spawn(process.execPath, [bin, ...args], { cwd, env });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  return { child, output: () => output };
}

/** Waits until `test` passes on the output (polling), or fails with the output so far. */
export async function waitForOutput(output: () => string, test: RegExp, timeoutMs = 30_000): Promise<RegExpExecArray> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const match = test.exec(output());
    if (match) return match;
    if (Date.now() > until) throw new Error(`timed out waiting for ${test} in:\n${output()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export const readJson = (file: string): unknown => JSON.parse(readFileSync(file, 'utf8'));

/** The package.json of a fixture plugin. */
export const packageJson = (name: string, plugin: object = {}, extra: object = {}) => ({
  name,
  version: '0.1.0',
  private: true,
  scripts: { start: 'switchboard-plugin start', build: 'switchboard-plugin build', test: 'switchboard-plugin test' },
  switchboard: { plugin },
  devDependencies: {
    '@switchboard/host': '^0.1.0',
    '@switchboard/plugin': '^0.1.0',
    '@switchboard/plugin-scripts': '^0.1.0',
  },
  ...extra,
});
