/**
 * Bundles harness.tsx for the browser with esbuild (one IIFE with React and the host from
 * source), cached in memory per option set, and the HTML page that loads it.
 */
import { build, type BuildOptions } from 'esbuild';
import { existsSync } from 'node:fs';
import path from 'node:path';

/** The repository root (found from this file when it runs from source, else from the cwd). */
export function repoRoot(): string {
  const marker = path.join('packages', 'host', 'test', 'browser', 'harness.tsx');
  const starts = [typeof __dirname === 'string' ? __dirname : undefined, process.cwd()];
  for (const start of starts) {
    for (let dir = start; dir;) {
      if (existsSync(path.join(dir, marker))) return dir;
      const up = path.dirname(dir);
      if (up === dir) break;
      dir = up;
    }
  }
  throw new Error(`buildHarness: cannot find the repository root (no ${marker} above ${process.cwd()})`);
}

export interface HarnessBuildOptions {
  /** Minify (the benchmark does; tests keep names readable). */
  minify?: boolean;
}

const cache = new Map<string, Promise<string>>();

/** The harness bundle's JavaScript; built once per option set and kept in memory. */
export function buildHarness(options: HarnessBuildOptions = {}): Promise<string> {
  const key = JSON.stringify({ minify: !!options.minify });
  let js = cache.get(key);
  if (!js) {
    js = bundleHarness(!!options.minify);
    cache.set(key, js);
    js.catch(() => cache.delete(key));
  }
  return js;
}

/**
 * esbuild's options for a browser bundle of this repo: `@switchboard/*` resolve to the
 * packages' sources through the tsconfig's `paths`, React in production mode. The harness
 * and the benchmark's size figures share them.
 */
export function browserBuildOptions(entry: string): BuildOptions & { write: false } {
  const root = repoRoot();
  return {
    entryPoints: [path.join(root, entry)],
    bundle: true,
    write: false,
    platform: 'browser',
    target: 'es2022',
    tsconfig: path.join(root, 'tsconfig.json'),
    absWorkingDir: root,
    define: { 'process.env.NODE_ENV': '"production"' },
    jsx: 'automatic',
    legalComments: 'none',
    logLevel: 'silent',
  };
}

async function bundleHarness(minify: boolean): Promise<string> {
  const result = await build({
    ...browserBuildOptions('packages/host/test/browser/harness.tsx'),
    format: 'iife',
    minify,
    sourcemap: false,
  });
  const out = result.outputFiles[0];
  if (!out) throw new Error('buildHarness: esbuild produced no output');
  return out.text;
}

/** The HTML page of the harness: a root element and the harness script. */
export function harnessPage(harnessSrc = '/harness.js'): string {
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head><meta charset="utf-8"><title>Switchboard harness</title></head>',
    '<body>',
    '<div id="root"></div>',
    `<script src="${harnessSrc}"></script>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
