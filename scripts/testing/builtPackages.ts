/**
 * Test helpers for the dist tests: run plain Node (outside Jest's mapping of `@switchboard/*`
 * to sources) in a package's folder, so imports resolve through the packages' `exports`.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

const packages = path.join(__dirname, '..', '..', 'packages');

/** Fails with a clear message when a package has not been built. */
export function requireBuilt(...names: string[]): void {
  for (const name of names) {
    if (!existsSync(path.join(packages, name, 'dist'))) {
      throw new Error(`no ${name}/dist: run \`npm run build\` (npm test does) first`);
    }
  }
}

/** Runs `code` with Node (`args`: e.g. `--input-type=module`) in `packages/<name>`; returns its output. */
export function runNode(name: string, args: string[], code: string): string {
  return execFileSync(process.execPath, [...args, '-e', code], {
    cwd: path.join(packages, name),
    encoding: 'utf8',
    // Plain text: runners (nx) set FORCE_COLOR, which would colour console.log's values.
    env: { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1' },
  }).trim();
}

/** Whether `packages/<name>/<file>` exists. */
export const builtFile = (name: string, file: string): boolean => existsSync(path.join(packages, name, file));
