import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

/** This package's folder. */
export const packageDir = path.join(__dirname, '..');
/** The repository's root. */
export const repoRoot = path.join(packageDir, '..', '..');

const newestSource = (): number =>
  readdirSync(path.join(packageDir, 'src'))
    .filter((f) => !f.includes('.test.'))
    .reduce((newest, f) => Math.max(newest, statSync(path.join(packageDir, 'src', f)).mtimeMs), 0);

/**
 * Builds this package (dist/esm/cli.js, what the bin runs) unless the build is newer than
 * every source file, so the real binary can be tested without `npm run build` first. The
 * workspace packages it imports at run time must be built already (`npm run build` does it).
 */
export function ensureBuilt(): void {
  for (const dep of ['actions', 'plugin']) {
    if (!existsSync(path.join(repoRoot, 'packages', dep, 'dist', 'esm', 'index.js'))) {
      throw new Error(`packages/${dep} is not built: run \`npm run build\` first`);
    }
  }
  const cli = path.join(packageDir, 'dist', 'esm', 'cli.js');
  if (existsSync(cli) && statSync(cli).mtimeMs >= newestSource()) return;
  execFileSync(process.execPath, [path.join(repoRoot, 'scripts', 'build-package.mjs')], {
    cwd: packageDir,
    stdio: 'pipe',
  });
}
