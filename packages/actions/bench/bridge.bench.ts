/**
 * The cost of the Redux bridge on the action path (part of `npm run bench`; not a test).
 *
 * The hooked workload (workloads.ts: 5 before + 5 after listeners, 2 pass-through
 * replacements), invoked and awaited in a loop, with and without the bridge, all measured in
 * the same run (interleaved rounds, medians):
 *
 *   sync body    the body returns at once: every invocation completes inside invokeAction
 *   async body   the body is an async function: every invocation is still running when
 *                invokeAction returns (invocationAwaiting), and settles a few microtasks later
 *
 * "bridged" is the same instance mirrored into a Redux Toolkit store by the bridge, with 20
 * store subscribers that each select what a component would (is the action pending?).
 *
 * Targets: bridged (sync body) >= 1,000,000 invocations/s; bridged (async body) >= 0.5 of
 * the bare instance with the same async body. Each batch ends at a macrotask boundary, inside
 * the timing, so the bridge's deferred work is counted. Reported: a body that awaits two
 * macrotasks, longer than the bridge's boundary, so that every invocation is still running
 * at the flush and is mirrored as pending (two dispatches each).
 *
 * Redux Toolkit runs in production mode (NODE_ENV=production, as the agent desktop ships);
 * `--dev` runs it with RTK's development checks instead. `--strict` exits 1 when a target is
 * missed.
 */
import os from 'node:os';
import { configureStore } from '@reduxjs/toolkit';
import type { ActionsApi } from '@switchboard/actions';
import { createActionsBridge, selectIsActionPending } from '@switchboard/actions/redux';
import { hookedActions, payload } from './workloads';

type Loop = (n: number) => Promise<void>;

const BATCH = 100_000;
/** A body that awaits a macrotask makes each invocation cost one: fewer of them. */
const MACROTASK_BATCH = 10_000;
const ROUNDS = 7;
const SUBSCRIBERS = 20;
const TARGET = 1_000_000;
const ASYNC_TARGET = 0.5;

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

/** The actions mirrored into a store with `SUBSCRIBERS` subscribers; counts notifications. */
function bridged(actions: ActionsApi): { notified: () => number; sawPending: () => number } {
  const bridge = createActionsBridge(actions);
  const store = configureStore({
    reducer: { [bridge.reducerPath]: bridge.reducer },
    middleware: (gDM) => gDM().prepend(bridge.middleware),
  });
  let notified = 0;
  let pendingSeen = 0;
  for (let i = 0; i < SUBSCRIBERS; i++) {
    store.subscribe(() => {
      notified++;
      if (selectIsActionPending(store.getState(), 'Hooked', payload)) pendingSeen++;
    });
  }
  return { notified: () => notified, sawPending: () => pendingSeen };
}

const loopOf =
  (actions: ActionsApi): Loop =>
  async (n) => {
    for (let i = 0; i < n; i++) await actions.invokeAction('Hooked', payload);
  };

/**
 * Invocations per second of one batch. The batch ends at a macrotask boundary, inside the
 * timing, so the bridge's flush (its work deferred to that boundary) is counted, as an app
 * would pay it at the end of the task that invoked.
 */
async function opsPerSecond(loop: Loop, n: number): Promise<number> {
  const t0 = performance.now();
  await loop(n);
  await new Promise((resolve) => setImmediate(resolve));
  return (n / (performance.now() - t0)) * 1000;
}

/** Runs the loops round by round, interleaved (drift hits all of them), and takes medians. */
async function measure(loops: Loop[], batch = BATCH): Promise<number[]> {
  for (const loop of loops) await loop(batch / 5);
  const samples = loops.map(() => [] as number[]);
  for (let round = 0; round < ROUNDS; round++) {
    const order = round % 2 ? [...loops.keys()].reverse() : [...loops.keys()];
    for (const i of order) samples[i]!.push(await opsPerSecond(loops[i]!, batch));
  }
  return samples.map(median);
}

const row = (label: string, ops: number, ratio: number, note: string): void =>
  console.log(`${label.padEnd(36)}${fmt(ops).padStart(14)}${ratio.toFixed(2).padStart(10)}   ${note}`);

async function main(): Promise<void> {
  const mode = process.env.NODE_ENV === 'production' ? 'production' : 'development';
  console.log(
    `Redux bridge on the action path: node ${process.version}, ${os.cpus().length} CPUs, RTK ${mode} mode, ${SUBSCRIBERS} store subscribers, ${ROUNDS} rounds of ${fmt(BATCH)} invocations, median`,
  );
  const syncBody = (p: unknown) => p;
  const asyncBody = async (p: unknown) => p;
  // Longer than the bridge's boundary: the flush runs between its two macrotasks.
  const macrotask = () => new Promise((resolve) => setImmediate(resolve));
  const macrotaskBody = async (p: unknown) => {
    await macrotask();
    await macrotask();
    return p;
  };

  const bare = hookedActions(syncBody);
  const mirrored = hookedActions(syncBody);
  const syncCounts = bridged(mirrored);
  const bareAsync = hookedActions(asyncBody);
  const mirroredAsync = hookedActions(asyncBody);
  const asyncCounts = bridged(mirroredAsync);
  const [b, m, ba, ma] = (await measure([bare, mirrored, bareAsync, mirroredAsync].map(loopOf))) as [
    number,
    number,
    number,
    number,
  ];

  const bareMacro = hookedActions(macrotaskBody);
  const mirroredMacro = hookedActions(macrotaskBody);
  const macroCounts = bridged(mirroredMacro);
  const [bm, mm] = (await measure([bareMacro, mirroredMacro].map(loopOf), MACROTASK_BATCH)) as [number, number];

  const syncOk = m >= TARGET;
  const asyncOk = ma / ba >= ASYNC_TARGET;
  const verdict = (ok: boolean) => (ok ? 'ok' : 'MISSED');
  console.log('');
  console.log(`${'hooked workload'.padEnd(36)}${'invocations/s'.padStart(14)}${'vs bare'.padStart(10)}`);
  row('sync body, bare', b, 1, '');
  row('sync body, bridged', m, m / b, `target >= ${fmt(TARGET)}/s  ${verdict(syncOk)}`);
  row('async body, bare', ba, 1, '');
  row('async body, bridged', ma, ma / ba, `target >= ${ASYNC_TARGET} of bare  ${verdict(asyncOk)}`);
  console.log(`(${fmt(MACROTASK_BATCH)} invocations a round:)`);
  row('body awaiting 2 macrotasks, bare', bm, 1, '');
  row('body awaiting 2 macrotasks, bridged', mm, mm / bm, '(reported; every one mirrored as pending)');
  console.log('');
  for (const [label, counts] of [
    ['sync body', syncCounts],
    ['async body', asyncCounts],
    ['body awaiting 2 macrotasks', macroCounts],
  ] as const) {
    console.log(
      `store notifications (${label}): ${fmt(counts.notified())}, of which saw the action pending: ${fmt(counts.sawPending())}`,
    );
  }
  if (!(syncOk && asyncOk) && process.argv.includes('--strict')) process.exitCode = 1;
}

await main();
