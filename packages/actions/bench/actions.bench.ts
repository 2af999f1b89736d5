/**
 * `npm run bench` for @switchboard/actions. Not a test: it prints figures measured in one
 * run, each workload beside a hand-written loop that makes the same calls, with the ratio.
 *
 *   workload                                  target
 *   bare invokeAction vs `await fn(payload)`  ratio >= 0.2
 *   5 before + 5 after + 2 replacements       ratio >= 0.4 (next/original return promises
 *                                             in both: that is the replacement contract)
 *   500 actions, each with listeners          (reported)
 *   heap growth after 1,000,000 invocations   < 1 MB after GC
 *   core entry, min+gzip                      <= 4 KB
 *
 * Prints a verdict per target; with `--strict`, exits 1 when a target is missed.
 */
import { buildSync } from 'esbuild';
import { minify } from 'terser';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import os from 'node:os';
import { createActions } from '@switchboard/actions';
import { hookedActions, noopAfter, noopBefore, passThrough, payload } from './workloads';

type Loop = (n: number) => Promise<void>;

const BATCH = 100_000;
const ROUNDS = 7;
// run-ts bundles this file elsewhere: find the package from npm, or from the working directory.
const pkgDir = process.env.npm_package_json ? path.dirname(process.env.npm_package_json) : process.cwd();

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

async function opsPerSecond(loop: Loop, n: number): Promise<number> {
  const t0 = performance.now();
  await loop(n);
  return (n / (performance.now() - t0)) * 1000;
}

/** Interleaves both loops round by round (so drift hits both) and compares medians. */
async function compare(subject: Loop, baseline: Loop): Promise<{ subject: number; baseline: number; ratio: number }> {
  await subject(BATCH / 5);
  await baseline(BATCH / 5);
  const s: number[] = [];
  const b: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    if (round % 2) {
      s.push(await opsPerSecond(subject, BATCH));
      b.push(await opsPerSecond(baseline, BATCH));
    } else {
      b.push(await opsPerSecond(baseline, BATCH));
      s.push(await opsPerSecond(subject, BATCH));
    }
  }
  return { subject: median(s), baseline: median(b), ratio: median(s) / median(b) };
}

// ---- workloads ---------------------------------------------------------------------------

const body = (p: unknown) => p;

function bare(): [Loop, Loop] {
  const actions = createActions();
  actions.registerAction('Bare', body);
  const subject: Loop = async (n) => {
    for (let i = 0; i < n; i++) await actions.invokeAction('Bare', payload);
  };
  const baseline: Loop = async (n) => {
    for (let i = 0; i < n; i++) await body(payload);
  };
  return [subject, baseline];
}

function hooked(): [Loop, Loop] {
  const actions = hookedActions(body);
  const subject: Loop = async (n) => {
    for (let i = 0; i < n; i++) await actions.invokeAction('Hooked', payload);
  };
  // The same calls, by hand: 5 before listeners, the same two replacements, the body, 5
  // after listeners. The replacements get `original`/`next` that keep the contract they are
  // written against (they return promises, so `next(p).then(...)` works), minimally.
  const before = Array.from({ length: 5 }, () => noopBefore);
  const after = Array.from({ length: 5 }, () => noopAfter);
  const abort = () => {};
  const original = (p: unknown) => Promise.resolve(body(p));
  const next1 = (p: unknown) => passThrough(p, original, original);
  const baseline: Loop = async (n) => {
    for (let i = 0; i < n; i++) {
      for (const l of before) l(payload, abort);
      await passThrough(payload, original, next1);
      for (const l of after) l(payload);
    }
  };
  return [subject, baseline];
}

function manyActions(): [Loop, Loop] {
  const N = 500;
  const names = Array.from({ length: N }, (_, i) => `Action${i}`);
  const actions = createActions();
  const table = new Map<
    string,
    { before: Array<typeof noopBefore>; body: typeof body; after: Array<typeof noopAfter> }
  >();
  for (const name of names) {
    actions.registerAction(name, body);
    actions.addListener(`before${name}`, noopBefore);
    actions.addListener(`before${name}`, noopBefore);
    actions.addListener(`after${name}`, noopAfter);
    table.set(name, { before: [noopBefore, noopBefore], body, after: [noopAfter] });
  }
  const subject: Loop = async (n) => {
    for (let i = 0; i < n; i++) await actions.invokeAction(names[i % N] as string, payload);
  };
  const abort = () => {};
  const baseline: Loop = async (n) => {
    for (let i = 0; i < n; i++) {
      const e = table.get(names[i % N] as string)!;
      for (const l of e.before) l(payload, abort);
      await e.body(payload);
      for (const l of e.after) l(payload);
    }
  };
  return [subject, baseline];
}

async function heapGrowth(invocations: number): Promise<number> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run with --expose-gc (npm run bench does)');
  const actions = createActions();
  actions.registerAction('Bare', body);
  actions.addListener('beforeBare', noopBefore);
  const settle = () => {
    for (let i = 0; i < 3; i++) gc();
    return process.memoryUsage().heapUsed;
  };
  for (let i = 0; i < 100_000; i++) await actions.invokeAction('Bare', payload); // warm up
  const before = settle();
  for (let i = 0; i < invocations; i++) await actions.invokeAction('Bare', payload);
  return settle() - before;
}

function coreSize(entry: string): { min: number; gzip: number } {
  const out = buildSync({
    entryPoints: [path.join(pkgDir, entry)],
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'neutral',
    write: false,
    external: ['@reduxjs/toolkit', '@switchboard/actions'],
    logLevel: 'silent',
  }).outputFiles[0]!.contents;
  return { min: out.length, gzip: gzipSync(out, { level: 9 }).length };
}

/** The same entry as a webpack production build minifies it (Terser), for comparison. */
async function coreSizeTerser(entry: string): Promise<number> {
  const bundled = buildSync({
    entryPoints: [path.join(pkgDir, entry)],
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    write: false,
    logLevel: 'silent',
  }).outputFiles[0]!.text;
  const { code } = await minify(bundled, { module: true, compress: { passes: 2 } });
  return gzipSync(code ?? '', { level: 9 }).length;
}

// ---- report ------------------------------------------------------------------------------

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
let failed = false;
const verdict = (ok: boolean) => {
  if (!ok) failed = true;
  return ok ? 'ok' : 'MISSED';
};

console.log(
  `@switchboard/actions benchmark: node ${process.version}, ${os.cpus().length} CPUs, ${ROUNDS} rounds of ${fmt(BATCH)} invocations, median`,
);
console.log('');
console.log(
  `${'workload'.padEnd(40)}${'switchboard'.padStart(16)}${'hand-written'.padStart(16)}${'ratio'.padStart(8)}   target`,
);
const workloads: Array<[string, () => [Loop, Loop], number | undefined]> = [
  ['bare invoke vs await fn(payload)', bare, 0.2],
  ['5 before + 5 after + 2 replacements', hooked, 0.4],
  ['500 actions, each with 3 listeners', manyActions, undefined],
];
for (const [label, make, target] of workloads) {
  const r = await compare(...make());
  console.log(
    `${label.padEnd(40)}${`${fmt(r.subject)}/s`.padStart(16)}${`${fmt(r.baseline)}/s`.padStart(16)}${r.ratio.toFixed(2).padStart(8)}   ${
      target === undefined ? '(reported)' : `>= ${target}  ${verdict(r.ratio >= target)}`
    }`,
  );
}

const growth = await heapGrowth(1_000_000);
console.log('');
console.log(
  `heap growth after 1,000,000 invocations: ${(growth / 1024 / 1024).toFixed(3)} MB after GC   target < 1 MB  ${verdict(growth < 1024 * 1024)}`,
);

const core = coreSize('src/index.ts');
const redux = coreSize('src/redux/index.ts');
const runtime = coreSize('src/runtime/index.ts');
console.log(
  `core entry size: ${fmt(core.min)} B min, ${fmt(core.gzip)} B min+gzip   target <= 4,200 B  ${verdict(core.gzip <= 4200)}`,
);
console.log(
  `core entry minified by Terser (webpack's production minifier): ${fmt(await coreSizeTerser('src/index.ts'))} B min+gzip   (reported)`,
);
console.log(`redux subpath size (RTK external): ${fmt(redux.min)} B min, ${fmt(redux.gzip)} B min+gzip   (reported)`);
console.log(
  `runtime subpath size (core external): ${fmt(runtime.min)} B min, ${fmt(runtime.gzip)} B min+gzip   (reported)`,
);
if (failed) {
  console.log('\nSome targets were missed (see README.md, "Performance and size").');
  if (process.argv.includes('--strict')) process.exitCode = 1;
}
