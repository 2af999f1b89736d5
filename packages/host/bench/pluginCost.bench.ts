/**
 * What measuring plugins costs: the host's per-plugin wrappers (guardrails, provenance, cost)
 * on a hooked workload, against the same hooks without any host wrapper.
 *
 *   npm run bench               (in packages/host)   prints the figures, exits 0
 *   npm run bench -- --strict                        exits 1 when a target is missed
 *
 * Run with NODE_ENV=production (as `npm run bench` does): the desktop ships so, and Redux
 * Toolkit's development checks walk the whole state on every dispatch.
 *
 * Workload ("native"): a real host on the real contact center in memory (the test kit: the
 * engine, its protocol and clients, no socket), an accepted chat; the agent's native actions
 * SendTyping and SetActivity (Busy / Available), one after the other, each a round trip to
 * the engine (actions that do not grow the state: a growing chat history would make each round
 * slower than the last). Five plugins hook them, each with a before-listener (reads the
 * payload; the first awaits a cache lookup) and an after-listener (keeps a bounded list); a
 * sixth replaces SendTyping, handing the payload on with `next`.
 *
 * Three configurations, measured in interleaved rounds in one run (the order rotates each
 * round); the ratios are the medians of each round's ratios (the machine's load drifts less
 * within a round than across the run):
 *   none  the plugins hook `host.actions.scope(name)` directly: no host wrapper at all;
 *   off   `createHost({ metrics: false })`, plugins loaded through the plugin manager;
 *   on    `createHost()` (the default), plugins loaded through the plugin manager: guarded,
 *         timed, provenance recorded.
 * Targets, on the socket workload (below: the case agents meet): on ≤ 5% slower than none; off
 * ≤ 1% (no wrapper: within noise). "native" is reported: with no socket an action takes ~30 µs,
 * and the wrappers' few µs are a larger share of it (the worst case short of "bare").
 *
 * The same over a socket ("socket"): the host on the agent client, over a WebSocket to the real
 * contact center server (SQLite in memory) on 127.0.0.1, in this process: what an agent's
 * desktop does, each SetActivity a round trip through the server and its database. This is the
 * case agents meet; "native" (no socket at all) is the harder one for a ratio.
 *
 * A second workload ("bare") is reported without a target: the same hooks on bare Actions
 * instances whose bodies resolve in a microtask (no contact center, no store): the wrappers'
 * absolute cost per invocation, the worst case.
 */
import { createActions, type ActionsApi, type ActionsScope } from '@switchboard/actions';
import { createAgentClient } from '@switchboard/contact-center';
import { silentLogger, startContactCenter, type ContactCenterServer } from '@switchboard/contact-center/server';
import WebSocket from 'ws';
import { createHost } from '../src/createHost';
import { definePlugin, type PluginApi, type PluginDefinition } from '@switchboard/plugin';
import { createTestHost, type TestHost } from '../src/testing';
import { createActionGuard } from '../src/plugins/actionGuard';
import { guardActions } from '../src/plugins/guardedActions';

const PLUGINS = 5;
const NATIVE_INVOCATIONS = 150;
const SOCKET_INVOCATIONS = 60;
const BARE_INVOCATIONS = 5_000;
// Many short rounds: the machine's load (other processes) comes in bursts; a round's three
// runs share the same conditions, and the median of the rounds' ratios ignores the bursts.
const ROUNDS = Number(process.env.ROUNDS ?? 45);
const ON_TARGET = 1.05;
const OFF_TARGET = 1.01;
const strict = process.argv.includes('--strict');

type Mode = 'none' | 'off' | 'on';
const MODES: Mode[] = ['none', 'off', 'on'];
interface Subject {
  run(n: number): Promise<void>;
  dispose(): Promise<void> | void;
}

const cache = new Map<string, string>([['WR1', 'gold']]);

/** What each of the plugins registers, on any actions API. */
function hook(actions: ActionsScope | ActionsApi, i: number, names: readonly string[]): void {
  const seen: unknown[] = [];
  for (const action of names) {
    actions.addListener(`before${action}`, (p, abort) => {
      const { sid, activityName, body } = (p ?? {}) as { sid?: string; activityName?: string; body?: string };
      if (body === '' || activityName === 'Offline') abort('not now');
      if (i === 0) return Promise.resolve(cache.get(sid ?? '')); // a cache lookup
      return undefined;
    });
    actions.addListener(`after${action}`, (p) => {
      seen.push(p);
      if (seen.length > 100) seen.length = 0;
    });
  }
}
const replace = (actions: ActionsScope | ActionsApi, action: string) =>
  actions.replaceAction(action, (p, _original, next) => next(p));

const NATIVE = ['SendTyping', 'SetActivity'] as const;
const plugins: PluginDefinition[] = [
  ...Array.from({ length: PLUGINS }, (_, i) =>
    definePlugin({ name: `plugin-${i}`, init: (api: PluginApi) => hook(api.actions, i, NATIVE) }),
  ),
  definePlugin({ name: 'router', init: (api: PluginApi) => void replace(api.actions, 'SendTyping') }),
];

async function native(mode: Mode): Promise<Subject> {
  const t: TestHost = await createTestHost({
    plugins: mode === 'none' ? [] : plugins,
    host: { logLevel: 'silent', metrics: mode === 'on' },
  });
  if (mode === 'none') {
    for (let i = 0; i < PLUGINS; i++) hook(t.host.actions.scope(`plugin-${i}`), i, NATIVE);
    replace(t.host.actions.scope('router'), 'SendTyping');
  }
  const { reservationSid, channelSid } = await t.contactCenter.createTask({ customerName: 'Ada', message: 'Hi' });
  await t.invoke('AcceptTask', { sid: reservationSid });
  let k = 0;
  return {
    async run(n) {
      for (let i = 0; i < n; i++, k++) {
        if (k % 2) await t.invoke('SetActivity', { activityName: k % 4 === 1 ? 'Busy' : 'Available' });
        else await t.invoke('SendTyping', { channelSid });
      }
    },
    dispose: () => t.dispose(),
  };
}

/** The real server, shared by the socket workload's hosts (one agent each). */
let server: ContactCenterServer | undefined;
let agents = 0;
async function socket(mode: Mode): Promise<Subject> {
  server ??= await startContactCenter({
    dataDir: null,
    port: 0,
    logger: silentLogger,
    agents: Array.from({ length: 8 }, (_, i) => `agent${i + 1}`),
  });
  const identity = `agent${++agents}`;
  const contactCenter = createAgentClient({ serverUrl: server.url, identity, WebSocket });
  const byName = new Map(plugins.map((p) => [p.name, p]));
  const host = createHost({
    logLevel: 'silent',
    global: false,
    metrics: mode === 'on',
    contactCenter,
    loader: async (entry) => void host.plugins.register(byName.get(entry.name)!),
  });
  await contactCenter.connect();
  if (mode === 'none') {
    for (let i = 0; i < PLUGINS; i++) hook(host.actions.scope(`plugin-${i}`), i, NATIVE);
    replace(host.actions.scope('router'), 'SendTyping');
  } else {
    await host.plugins.loadManifest(
      plugins.map((p) => ({
        name: p.name,
        version: '1.0.0',
        src: `https://plugins.test/${p.name}.js`,
        hostVersion: '*',
      })),
    );
  }
  let k = 0;
  return {
    async run(n) {
      for (let i = 0; i < n; i++, k++)
        await host.actions.invokeAction('SetActivity', { activityName: k % 2 ? 'Busy' : 'Available' });
    },
    async dispose() {
      host.dispose();
      contactCenter.disconnect();
    },
  };
}

const BARE = ['AcceptTask', 'SendMessage', 'HoldCall'] as const;
function bare(mode: Mode): Subject {
  const actions = createActions();
  const guard =
    mode === 'none' ? undefined : createActionGuard({ actions, metrics: mode === 'on', onTrip() {}, mirror() {} });
  const scopeOf = (name: string) =>
    guard ? guardActions(actions.scope(name), name, guard.runtime) : actions.scope(name);
  for (const action of BARE) actions.registerAction(action, async (p: unknown) => (await undefined, p));
  for (let i = 0; i < PLUGINS; i++) hook(scopeOf(`plugin-${i}`), i, BARE);
  replace(scopeOf('router'), 'SendMessage');
  let k = 0;
  return {
    async run(n) {
      for (let i = 0; i < n; i++) {
        const sid = `WR${++k}`;
        await actions.invokeAction(BARE[i % BARE.length]!, { sid, task: { sid, attributes: { from: 'Ada' } } });
      }
    },
    dispose: () => guard?.dispose(),
  };
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const fmt = (n: number, digits = 1) =>
  n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

interface Measured {
  /** Median µs per invocation. */
  us: Record<Mode, number>;
  /** Medians of the per-round ratios to `none`. */
  off: number;
  on: number;
}

/** µs per invocation of each mode: interleaved rounds, rotating order; medians. */
async function measure(make: (mode: Mode) => Subject | Promise<Subject>, n: number): Promise<Measured> {
  // The first host made in a process stays slower than the next ones (measured: about 40 µs
  // per native invocation, whatever its mode): a host nobody measures takes that place.
  const first = await make('off');
  await first.run(n * 3);
  const subjects = {} as Record<Mode, Subject>;
  for (const m of process.env.BENCH_REVERSE ? [...MODES].reverse() : MODES) subjects[m] = await make(m);
  for (const m of MODES) await subjects[m].run(n * 3); // warm-up
  const times: Record<Mode, number[]> = { none: [], off: [], on: [] };
  for (let round = 0; round < ROUNDS; round++) {
    for (let j = 0; j < MODES.length; j++) {
      const m = MODES[(j + round) % MODES.length]!;
      const t0 = performance.now();
      await subjects[m].run(n);
      times[m].push(((performance.now() - t0) * 1000) / n);
    }
  }
  for (const m of MODES) await subjects[m].dispose();
  await first.dispose();
  const ratio = (m: Mode) => median(times[m].map((t, i) => t / times.none[i]!));
  return {
    us: { none: median(times.none), off: median(times.off), on: median(times.on) },
    off: ratio('off'),
    on: ratio('on'),
  };
}

const results = {
  native: await measure(native, NATIVE_INVOCATIONS),
  socket: await measure(socket, SOCKET_INVOCATIONS),
  bare: await measure(bare, BARE_INVOCATIONS),
};
let missed = false;
const verdict = (ok: boolean) => {
  if (!ok) missed = true;
  return ok ? 'ok' : 'MISSED';
};

console.log(
  `plugin cost: ${PLUGINS} plugins × (before + after listener) per action, 1 replacement; ${ROUNDS} interleaved rounds (medians; ratios: medians of per-round ratios)`,
);
console.log('');
console.log('workload                     none µs/inv   off µs/inv   on µs/inv   off/none    on/none   target');
const line = (name: string, { us: r, off, on }: Measured, targets: boolean) => {
  console.log(
    `${name.padEnd(27)}  ${fmt(r.none).padStart(11)}  ${fmt(r.off).padStart(11)}  ${fmt(r.on).padStart(10)}   ${fmt(off, 3).padStart(8)}   ${fmt(on, 3).padStart(8)}   ${
      targets
        ? `off ≤ ${OFF_TARGET} ${verdict(off <= OFF_TARGET)}, on ≤ ${ON_TARGET} ${verdict(on <= ON_TARGET)}`
        : '(reported)'
    }`,
  );
};
line(`native (${NATIVE_INVOCATIONS}/round)`, results.native, false);
line(`socket (${SOCKET_INVOCATIONS}/round)`, results.socket, true);
line(`bare (${BARE_INVOCATIONS}/round, worst)`, results.bare, false);
console.log('');
console.log(
  `the wrappers' absolute cost (bare): ${fmt(results.bare.us.on - results.bare.us.none, 2)} µs per invocation for ${PLUGINS * 2 + 1} hooks`,
);
await server?.close();
if (strict && missed) process.exitCode = 1;
