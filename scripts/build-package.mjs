#!/usr/bin/env node
// Builds the workspace package in the current directory: ESM (dist/esm/*.js) and CJS
// (dist/cjs/*.cjs) with esbuild, declarations (dist/types) with tsc. Entries come from
// package.json "switchboard.entries"; dependencies, peers and @switchboard/* stay external.
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const cwd = process.cwd();
const pkg = JSON.parse(readFileSync(path.join(cwd, 'package.json'), 'utf8'));
const entries = pkg.switchboard?.entries;
if (!entries) {
  console.error(`${pkg.name}: package.json has no "switchboard.entries" to build`);
  process.exit(1);
}
const external = [
  ...Object.keys({ ...pkg.dependencies, ...pkg.peerDependencies }).flatMap((d) => [d, `${d}/*`]),
  '@switchboard/*',
  // Node's own modules (the Node-only entries of a package: servers, CLIs).
  'node:*',
];

const started = Date.now();
rmSync(path.join(cwd, 'dist'), { recursive: true, force: true });
const common = {
  absWorkingDir: cwd,
  entryPoints: entries,
  bundle: true,
  external,
  platform: 'neutral',
  target: 'es2022',
  // Keep `with { type: 'json' }` on external JSON imports: Node needs it (ES2025 syntax,
  // which every bundler and Node 20.10+ understand).
  supported: { 'import-attributes': true },
  sourcemap: true,
  logLevel: 'warning',
  jsx: 'automatic',
};
await Promise.all([
  build({ ...common, format: 'esm', outdir: 'dist/esm' }),
  build({ ...common, format: 'cjs', outdir: 'dist/cjs', outExtension: { '.js': '.cjs' } }),
]);
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
execFileSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd, stdio: 'inherit' });
console.log(`${pkg.name}: built ${Object.keys(entries).join(', ')} in ${Date.now() - started} ms`);
