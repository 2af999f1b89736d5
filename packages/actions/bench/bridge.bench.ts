/**
 * The cost of the Redux bridge on the action path (part of `npm run bench`; not a test).
 *
 * The hooked workload (5 before + 5 after listeners, 2 pass-through replacements, a
 * synchronous body), invoked and awaited in a loop, three ways in the same run:
 *
 *   bare       an Actions instance alone
 *   bridged    the same, mirrored into a Redux Toolkit store by the bridge, with 20 store
 *              subscribers that each select what a component would (is the action pending?)
 *   bridged, async body   the same store, with a body that awaits (every invocation is
 *              pending after its synchronous part, so every one is mirrored)
 *
 * Target: bridged >= 1,000,000 invocations/s. Redux Toolkit runs in production mode
 * (NODE_ENV=production, as the agent desktop ships); `--dev` runs it with RTK's development
 * checks instead. `--strict` exits 1 when the target is missed.
 */
import os from 'node:os';
import { configureStore } from '@reduxjs/toolkit';
import type { ActionsApi } from '@switchboard/actions';
import { createActionsBridge, selectIsActionPending } from '@switchboard/actions/redux';
import { hookedActions, payload } from './workloads';

type Loop = (n: number) => Promise<void>;

const BATCH = 100_000;
const ROUNDS = 7;
const SUBSCRIBERS = 20;
const TARGET = 1_000_000;

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

async function opsPerSecond(loop: Loop, n: number): Promise<number> {
  const t0 = performance.now();
  await loop(n);
  return (n / (performance.now() - t0)) * 1000;
}

/** Runs the loops round by round, interleaved (drift hits all of them), and takes medians. */
async function measure(loops: Loop[]): Promise<number[]> {
  for (const loop of loops) await loop(BATCH / 5);
  const samples = loops.map(() => [] as number[]);
  for (let round = 0; round < ROUNDS; round++) {
    const order = round % 2 ? [...loops.keys()].reverse() : [...loops.keys()];
    for (const i of order) samples[i]!.push(await opsPerSecond(loops[i]!, BATCH));
  }
  return samples.map(median);
}

async function main(): Promise<void> {
  const mode = process.env.NODE_ENV === 'production' ? 'production' : 'development';
  console.log(
    `Redux bridge on the action path: node ${process.version}, ${os.cpus().length} CPUs, RTK ${mode} mode, ${SUBSCRIBERS} store subscribers, ${ROUNDS} rounds of ${fmt(BATCH)} invocations, median`,
  );
  const syncBody = (p: unknown) => p;
  const asyncBody = async (p: unknown) => p;
  const bare = hookedActions(syncBody);
  const mirrored = hookedActions(syncBody);
  const mirroredCounts = bridged(mirrored);
  const mirroredAsync = hookedActions(asyncBody);
  const asyncCounts = bridged(mirroredAsync);
  const [b, m, a] = await measure([loopOf(bare), loopOf(mirrored), loopOf(mirroredAsync)]);
  const verdict = m! >= TARGET ? 'ok' : 'MISSED';
  console.log('');
  console.log(`${'hooked workload'.padEnd(44)}${'invocations/s'.padStart(16)}${'vs bare'.padStart(10)}`);
  console.log(`${'bare Actions instance'.padEnd(44)}${fmt(b!).padStart(16)}${'1.00'.padStart(10)}`);
  console.log(
    `${'bridged (sync body)'.padEnd(44)}${fmt(m!).padStart(16)}${(m! / b!).toFixed(2).padStart(10)}   target >= ${fmt(TARGET)}/s  ${verdict}`,
  );
  console.log(
    `${'bridged, async body (every one mirrored)'.padEnd(44)}${fmt(a!).padStart(16)}${(a! / b!).toFixed(2).padStart(10)}   (reported)`,
  );
  for (const [label, counts] of [
    ['sync body', mirroredCounts],
    ['async body', asyncCounts],
  ] as const) {
    console.log(
      `store notifications (${label}): ${fmt(counts.notified())}, of which saw the action pending: ${fmt(counts.sawPending())}`,
    );
  }
  if (verdict === 'MISSED' && process.argv.includes('--strict')) process.exitCode = 1;
}

await main();
