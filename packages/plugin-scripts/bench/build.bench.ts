/**
 * How fast the plugin developer's loop is, on a plugin like the one create-plugin makes
 * (TypeScript, JSX, useSelector, a reducer, a contribution), in a temporary folder:
 *
 * - cold build: `switchboard-plugin build` as a developer runs it (a fresh Node process:
 *   start-up, webpack, minification, size check, manifest entry), target ≤ 5 s;
 * - rebuild: in watch mode (what `start` runs), from saving a source file to the new bundle
 *   written and ready to reload, target ≤ 500 ms.
 *
 * 5 runs each; the median is compared with the target.
 *
 *   npm run bench          (in packages/plugin-scripts; needs `npm run build` first)
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { PluginWatcher, type DevBuild } from '../src/PluginWatcher';
import { readPlugin } from '../src/readPlugin';

const RUNS = 5;
const COLD_TARGET_MS = 5_000;
const REBUILD_TARGET_MS = 500;

const packageDir = path.dirname(createRequire(import.meta.url).resolve('@switchboard/plugin-scripts/package.json'));
const repoRoot = path.resolve(packageDir, '..', '..');
const bin = path.join(packageDir, 'bin', 'switchboard-plugin.js');

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};
const ms = (n: number) => `${Math.round(n).toLocaleString('en-US').padStart(6)} ms`;
const verdict = (value: number, target: number) => (value <= target ? 'ok' : 'MISSED');

const panel = (label: string) => `
import { definePlugin } from '@switchboard/plugin';
import { useSelector } from 'react-redux';

interface CounterState { accepted: number }
const reducer = (state: CounterState = { accepted: 0 }, action: { type: string }): CounterState =>
  action.type === 'bench/accepted' ? { accepted: state.accepted + 1 } : state;

function Accepted() {
  const accepted = useSelector((s: { bench: CounterState }) => s.bench.accepted);
  return <section className="bench-panel"><h2>${label}</h2><p>Accepted today: {accepted}</p></section>;
}

export default definePlugin({
  name: 'bench-plugin',
  init(api) {
    api.store.addReducer('bench', reducer);
    api.actions.addListener('afterAcceptTask', () => void api.store.dispatch({ type: 'bench/accepted' }));
    api.contributions.add('AgentDesktop.Panel', Accepted, { key: 'accepted' });
  },
});
`;

function scaffold(root: string): string {
  const dir = path.join(root, 'bench-plugin');
  mkdirSync(path.join(dir, 'src'), { recursive: true });
  const files: Record<string, string> = {
    'package.json': JSON.stringify({
      name: 'bench-plugin',
      version: '0.1.0',
      switchboard: { plugin: { entry: 'src/index.tsx', target: 'desktop', sizeLimit: 20480 } },
      devDependencies: { '@switchboard/host': '^0.1.0', '@switchboard/plugin': '^0.1.0' },
    }),
    'tsconfig.json': JSON.stringify({
      compilerOptions: { strict: true, jsx: 'react-jsx', moduleResolution: 'bundler' },
    }),
    'src/plugin.tsx': panel('Bench v0'),
    'src/index.tsx':
      "import { loadPlugin } from '@switchboard/plugin';\nimport plugin from './plugin';\nloadPlugin(plugin);\n",
  };
  for (const [file, content] of Object.entries(files)) writeFileSync(path.join(dir, file), content);
  return dir;
}

function coldBuilds(dir: string): number[] {
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    rmSync(path.join(dir, 'dist'), { recursive: true, force: true });
    const started = performance.now();
    const run = spawnSync(process.execPath, [bin, 'build'], { cwd: dir, encoding: 'utf8' });
    const took = performance.now() - started;
    if (run.status !== 0) throw new Error(`build failed (exit ${run.status}):\n${run.stdout}${run.stderr}`);
    times.push(took);
  }
  return times;
}

async function rebuilds(dir: string, devDir: string): Promise<{ saveToReady: number[]; webpack: number[] }> {
  let waiting: ((build: DevBuild) => void) | undefined;
  const watcher = await PluginWatcher.start(
    readPlugin(dir),
    devDir,
    (build) => waiting?.(build),
    (warning) => console.warn(warning),
  );
  const saveToReady: number[] = [];
  const webpack: number[] = [];
  try {
    // A pause first: a file saved within the watcher's first instants may look unchanged.
    await new Promise((r) => setTimeout(r, 500));
    for (let i = 1; i <= RUNS; i++) {
      const built = new Promise<DevBuild>((resolve) => (waiting = (b) => b.kind !== 'unchanged' && resolve(b)));
      const file = path.join(dir, 'src', 'plugin.tsx');
      const started = performance.now();
      // Saved as editors do (write, then rename), so the watcher never reads half a file.
      writeFileSync(`${file}.tmp`, panel(`Bench v${i}`));
      renameSync(`${file}.tmp`, file);
      const build = await built;
      saveToReady.push(performance.now() - started);
      if (build.kind !== 'built') throw new Error(`rebuild ${i} failed: ${build.errors.join('; ')}`);
      webpack.push(build.durationMs);
      await new Promise((r) => setTimeout(r, 200));
    }
  } finally {
    await watcher.close();
  }
  return { saveToReady, webpack };
}

async function main(): Promise<void> {
  const root = mkdtempSync(path.join(os.tmpdir(), 'sb-plugin-bench-'));
  try {
    symlinkSync(path.join(repoRoot, 'node_modules'), path.join(root, 'node_modules'), 'dir');
    const dir = scaffold(root);
    console.log(
      `plugin-scripts benchmark: a scaffold-like plugin, ${RUNS} runs each, median (node ${process.version}, ${os.cpus().length} CPUs)`,
    );
    const cold = coldBuilds(dir);
    const { saveToReady, webpack } = await rebuilds(dir, path.join(root, 'dev'));
    const rows: Array<[string, number[], number | undefined]> = [
      ['cold build (switchboard-plugin build, new process)', cold, COLD_TARGET_MS],
      ['rebuild in watch mode: save → bundle ready', saveToReady, REBUILD_TARGET_MS],
      ['  of which webpack compiling', webpack, undefined],
    ];
    for (const [label, values, target] of rows) {
      const m = median(values);
      const judged = target === undefined ? '' : `  target ≤ ${ms(target).trim()}: ${verdict(m, target)}`;
      console.log(`${label.padEnd(52)} ${ms(m)}${judged}   (runs: ${values.map((v) => Math.round(v)).join(', ')})`);
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

await main();
