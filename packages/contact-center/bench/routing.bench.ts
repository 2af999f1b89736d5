/**
 * Routing benchmark: 1,000 waiting tasks over 200 agents in 20 queues.
 *
 *   npm run bench                (in packages/contact-center)   prints the figures, exits 0
 *   npm run bench -- --strict                                    exits 1 when a target is missed
 *
 *  1. decisions: the engine's routing step on its own — the workflow places each task (20
 *     filters over its attributes), the queues' membership is cached per worker, and each task
 *     is offered to the longest-idle Available worker of its queue with room for its channel.
 *     One decision = placing one task and picking its worker. Repeated over fresh rounds.
 *  2. end to end: the real engine (in-memory repository) starts with the 1,000 tasks waiting;
 *     the 200 agents go Available and it routes what fits (capacity 3 chats, 1 call each).
 */
import { performance } from 'node:perf_hooks';
import { ContactCenter } from '../src/engine/ContactCenter';
import { MemoryRepository } from '../src/engine/MemoryRepository';
import type { WorkerRecord } from '../src/engine/Repository';
import { routeTasks, type RoutingTask, type RoutingWorker } from '../src/engine/routing';
import { compileRouting, type RoutingConfig } from '../src/engine/routing/RoutingConfig';
import { RoutingPlan } from '../src/engine/routing/RoutingPlan';
import type { ChannelInfo, TaskInfo } from '../src/types';

const TASKS = 1000;
const AGENTS = 200;
const QUEUES = 20;
const ROUNDS = 20;
const TARGET_RATE = 2000;
const TARGET_P99_MS = 10;
const strict = process.argv.includes('--strict');

// Deterministic pseudo-random numbers (mulberry32), so every run routes the same day.
let seed = 42;
const random = () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;

const SKILLS = ['billing', 'sales', 'support', 'returns', 'tech'];
const LANGUAGES = ['en', 'de', 'fr', 'es'];
// 20 queues: skill × language (the last 19 + Everyone).
const pairs = SKILLS.flatMap((s) => LANGUAGES.map((l) => [s, l] as const)).slice(0, QUEUES - 1);
const config: RoutingConfig = {
  queues: [
    { name: 'Everyone', targetWorkers: '1 == 1' },
    ...pairs.map(([s, l]) => ({
      name: `${s}-${l}`,
      targetWorkers: `skills HAS "${s}" AND "${l}" IN languages${s === 'tech' ? ' AND level >= 2' : ''}`,
    })),
  ],
  workflow: {
    filters: pairs.map(([s, l]) => ({
      name: `${s} in ${l}`,
      expression: `topic == "${s}" AND language == "${l}"`,
      targets: [
        { queue: `${s}-${l}`, priority: s === 'billing' ? 2 : 1, timeout: 120 },
        { queue: 'Everyone', priority: 0 },
      ],
    })),
    defaultQueue: 'Everyone',
  },
  capacity: { chat: 3, voice: 1 },
};

const workers: WorkerRecord[] = Array.from({ length: AGENTS }, (_, i) => ({
  sid: `WK${String(i).padStart(32, '0')}`,
  identity: `agent${i}`,
  role: 'agent',
  fullName: `Agent ${i}`,
  activity: 'Available',
  activitySid: 'WA00000000000000000000000000000001',
  attributes: {
    full_name: `Agent ${i}`,
    skills: SKILLS.filter(() => random() < 0.4),
    languages: ['en', ...LANGUAGES.slice(1).filter(() => random() < 0.3)],
    level: 1 + Math.floor(random() * 3),
  },
  idleSince: i,
}));
const now0 = Date.now();
const tasks: TaskInfo[] = Array.from({ length: TASKS }, (_, i) => ({
  sid: `WT${String(i).padStart(32, '0')}`,
  channelType: random() < 0.3 ? 'voice' : 'chat',
  status: 'pending',
  channelSid: `CH${String(i).padStart(32, '0')}`,
  workerSid: null,
  attributes: { customerName: `C${i}`, topic: pick(SKILLS), language: random() < 0.6 ? 'en' : pick(LANGUAGES) },
  createdAt: now0 - (TASKS - i) * 10,
  updatedAt: now0,
}));

const fmt = (n: number, digits = 0) =>
  n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
let missed = 0;
const report = (line: string, ok: boolean) => {
  if (!ok) missed++;
  console.log(`${line.padEnd(100)} ${ok ? 'ok' : 'MISSED'}`);
};

function decisions(): { rate: number; p99: number; p50: number; assigned: number } {
  const samples: number[] = [];
  let total = 0;
  let assigned = 0;
  const compiled = compileRouting(config);
  for (let round = 0; round < ROUNDS + 2; round++) {
    // A fresh plan each round: the workflow places every task anew, membership is computed once.
    const plan = new RoutingPlan(compiled);
    const now = Date.now();
    const placing = new Map<string, number>();
    const started = performance.now();
    const pool: RoutingWorker[] = workers.map((w) => ({
      sid: w.sid,
      available: true,
      load: 0,
      loads: { chat: 0, voice: 0 },
      idleSince: w.idleSince,
      queues: plan.queuesOf(w),
    }));
    const waiting: RoutingTask[] = tasks.map((t) => {
      const t0 = performance.now();
      const p = plan.placementOf(t, now);
      placing.set(t.sid, performance.now() - t0); // placing is part of the task's decision
      return {
        sid: t.sid,
        createdAt: t.createdAt,
        declinedBy: new Set(),
        channelType: t.channelType,
        queueSid: p.queueSid,
        priority: p.priority,
      };
    });
    // routeTasks reports each decision's pick time, in the order it decides (priority, then age).
    const decided: number[] = [];
    const result = routeTasks(waiting, pool, compiled.capacity, now, (ms, task) =>
      decided.push(ms + placing.get(task.sid)!),
    );
    const elapsed = performance.now() - started;
    if (round < 2) continue; // warm-up
    samples.push(...decided);
    total += elapsed;
    assigned = result.length;
  }
  samples.sort((a, b) => a - b);
  const q = (p: number) => samples[Math.min(samples.length - 1, Math.floor(p * samples.length))]!;
  return { rate: (ROUNDS * TASKS) / (total / 1000), p99: q(0.99), p50: q(0.5), assigned };
}

async function endToEnd(): Promise<{ ms: number; offered: number }> {
  const repo = new MemoryRepository();
  const channels: ChannelInfo[] = tasks.map((t) => ({
    sid: t.channelSid,
    taskSid: t.sid,
    status: 'open',
    customer: { identity: `customer-${t.sid}`, friendlyName: String(t.attributes.customerName) },
    createdAt: t.createdAt,
    updatedAt: t.updatedAt,
  }));
  await repo.persist({ workers: workers.map((w) => ({ ...w, activity: 'Offline' })), channels, tasks });
  const cc = await ContactCenter.open(repo, { reservationTimeoutMs: 600_000, routing: config, onError: () => {} });
  let offered = 0;
  let last = 0;
  cc.pushes.on('push', (p) => {
    if (p.event === 'reservationUpdated') {
      offered++;
      last = performance.now();
    }
  });
  const started = performance.now();
  for (const w of workers) await cc.setActivity(w.sid, 'Available');
  await new Promise((r) => setTimeout(r, 300));
  await cc.close();
  return { ms: last - started, offered };
}

const d = decisions();
console.log(
  `Switchboard routing benchmark: ${fmt(TASKS)} waiting tasks (30 % calls), ${AGENTS} agents, ${QUEUES} queues, ${config.workflow!.filters!.length} workflow filters`,
);
report(
  `decisions: ${fmt(d.rate)} decisions/s (placement + pick; ${ROUNDS} rounds of ${fmt(TASKS)}; target ≥ ${fmt(TARGET_RATE)})`,
  d.rate >= TARGET_RATE,
);
report(
  `one decision: p50 ${fmt(d.p50 * 1000, 1)} µs, p99 ${fmt(d.p99, 3)} ms (target p99 ≤ ${TARGET_P99_MS} ms); ${fmt(d.assigned)} offered per round`,
  d.p99 <= TARGET_P99_MS,
);
const e = await endToEnd();
console.log(
  `end to end (engine, in-memory repository): 200 agents go Available one by one → ${fmt(e.offered)} offers in ${fmt(e.ms)} ms`,
);
if (strict && missed) process.exitCode = 1;
