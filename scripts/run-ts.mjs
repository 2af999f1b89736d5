#!/usr/bin/env node
// Runs a TypeScript entry (a benchmark, a dev script) with Node: bundles it with esbuild
// into a temporary ESM file under node_modules/.cache (so npm packages, left external,
// resolve from the repo; workspace imports are bundled from source through tsconfig
// paths) and runs that with the given Node flags.
//   node scripts/run-ts.mjs [--node-flag ...] entry.ts [args...]
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const args = process.argv.slice(2);
const at = args.findIndex((a) => /\.tsx?$/.test(a));
if (at < 0) {
  console.error('usage: run-ts.mjs [node flags] <entry.ts> [args]');
  process.exit(2);
}
const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const entry = path.resolve(args[at]);
const cache = path.join(root, 'node_modules', '.cache');
mkdirSync(cache, { recursive: true });
const dir = mkdtempSync(path.join(cache, 'run-ts-'));
const outfile = path.join(dir, 'entry.mjs');
try {
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    sourcemap: 'inline',
    tsconfig: path.join(root, 'tsconfig.json'),
    // Workspace packages are bundled from source; npm packages resolve from the repo.
    plugins: [
      {
        name: 'external-npm',
        setup(b) {
          // JSON (a package's package.json, for its version) is bundled: Node's ESM loader
          // wants an import attribute for it.
          b.onResolve({ filter: /^[^./]/ }, (a) =>
            a.path.startsWith('@switchboard/') || a.path.endsWith('.json')
              ? undefined
              : { path: a.path, external: true },
          );
        },
      },
    ],
    logLevel: 'warning',
  });
  const res = spawnSync(process.execPath, [...args.slice(0, at), outfile, ...args.slice(at + 1)], { stdio: 'inherit' });
  process.exitCode = res.status ?? 1;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
