/**
 * The routing configuration (TaskRouter-like): queues that select workers by an expression over
 * their attributes, a workflow that sends each task to a queue by an expression over the task,
 * capacity per channel, and seed attributes for workers. Validated with zod; every expression
 * is compiled at start, and a bad one is refused with the queue's (or filter's) name and column.
 */
import { z } from 'zod';
import { ContactCenterError } from '../../errors';
import { ExpressionError, compileExpression, type Predicate } from './expression';

/** The default queue's sid: the same on every contact center. */
export const EVERYONE_QUEUE_SID = 'WQ00000000000000000000000000000001';

const expression = z.string().min(1).max(2000);
const queueName = z.string().trim().min(1).max(200);

const queueSchema = z.strictObject({
  sid: z
    .string()
    .regex(/^WQ[0-9a-f]{32}$/i, 'a queue sid is "WQ" and 32 hex digits')
    .optional(),
  name: queueName,
  targetWorkers: expression,
});

const targetSchema = z.strictObject({
  queue: queueName,
  /** Higher is offered first (default 0). */
  priority: z.number().int().min(-1_000_000).max(1_000_000).optional(),
  /** Seconds the task waits in this target before it moves to the next (then the default queue). */
  timeout: z
    .number()
    .positive()
    .max(31 * 24 * 3600)
    .optional(),
  /** Narrows the queue's workers for this target (over the worker's attributes, and `task.…`). */
  expression: expression.optional(),
});

const filterSchema = z.strictObject({
  name: z.string().trim().min(1).max(200),
  expression,
  targets: z.array(targetSchema).min(1).max(20),
});

const capacity = z.number().int().min(0).max(1000);

/** The zod schema of `routing.json`. */
export const routingConfigSchema = z.strictObject({
  queues: z.array(queueSchema).min(1).max(1000),
  workflow: z
    .strictObject({
      filters: z.array(filterSchema).max(1000).default([]),
      defaultQueue: queueName,
    })
    .optional(),
  capacity: z.strictObject({ chat: capacity.optional(), voice: capacity.optional() }).optional(),
  workers: z
    .record(z.string().min(1).max(200), z.strictObject({ attributes: z.record(z.string(), z.unknown()) }))
    .optional(),
});

/** The routing configuration, as written in `routing.json`. */
export type RoutingConfig = z.input<typeof routingConfigSchema>;

/**
 * The default: one queue, `Everyone`, selecting every worker; 3 chats and 1 call at once.
 *
 * @example
 * startContactCenter({ dataDir: null, routing: DEFAULT_ROUTING_CONFIG });
 */
export const DEFAULT_ROUTING_CONFIG: RoutingConfig = {
  queues: [{ sid: EVERYONE_QUEUE_SID, name: 'Everyone', targetWorkers: '1 == 1' }],
  workflow: { filters: [], defaultQueue: 'Everyone' },
  capacity: { chat: 3, voice: 1 },
  workers: {},
};

/** A queue, compiled. */
export interface CompiledQueue {
  sid: string;
  name: string;
  targetWorkers: string;
  selects: Predicate;
}

/** A workflow target, compiled. */
export interface CompiledTarget {
  queueSid: string;
  priority: number;
  /** ms, or undefined: waits there for good. */
  timeoutMs?: number;
  expression?: Predicate;
}

/** A workflow filter, compiled. */
export interface CompiledFilter {
  name: string;
  matches: Predicate;
  targets: CompiledTarget[];
}

/** A validated, compiled routing configuration. */
export interface CompiledRouting {
  queues: CompiledQueue[];
  filters: CompiledFilter[];
  defaultQueueSid: string;
  capacity: { chat: number; voice: number };
  workers: Record<string, { attributes: Record<string, unknown> }>;
}

/**
 * A stable queue sid from its name (FNV-1a, 128 bits as four 32-bit lanes): the same name gives
 * the same sid on every start, so tasks and transfers keep pointing at their queue.
 * `Everyone` keeps {@link EVERYONE_QUEUE_SID}.
 */
export function queueSidOf(name: string): string {
  if (name === 'Everyone') return EVERYONE_QUEUE_SID;
  const lanes = [0x811c9dc5, 0x050c5d1f, 0x1b873593, 0x6a09e667];
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    for (let l = 0; l < 4; l++) lanes[l] = Math.imul((lanes[l]! ^ c) + l, 0x01000193) >>> 0;
  }
  // Mix the lanes into each other so short names spread over all 128 bits.
  for (let l = 0; l < 4; l++) lanes[l] = Math.imul(lanes[l]! ^ (lanes[(l + 1) % 4]! >>> 13), 0x5bd1e995) >>> 0;
  return `WQ${lanes.map((x) => x.toString(16).padStart(8, '0')).join('')}`;
}

const bad = (where: string, problem: string) =>
  new ContactCenterError('CC_BAD_REQUEST', `Routing configuration${where}: ${problem}`);

/** Where a zod issue is: `workflow.filters[0].targets[1].queue`. */
const pathOf = (path: readonly PropertyKey[]): string =>
  path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i ? '.' : ''}${String(p)}`)).join('') || '(root)';

function compile(source: string, what: string, where: string): Predicate {
  try {
    return compileExpression(source);
  } catch (e) {
    if (e instanceof ExpressionError)
      throw bad(
        where,
        `the expression of ${what} is invalid: ${e.problem} at column ${e.column} in ${JSON.stringify(source)}`,
      );
    throw e;
  }
}

/**
 * Validates and compiles a routing configuration. Throws a ContactCenterError (`CC_BAD_REQUEST`)
 * naming the field, or the queue / filter and the column of a bad expression; `source` (a file
 * name) is named in the message.
 *
 * @example
 * compileRouting({ queues: [{ name: 'Billing', targetWorkers: 'skills HAS "billing"' }] });
 */
export function compileRouting(input: unknown, source?: string): CompiledRouting {
  const where = source ? ` (${source})` : '';
  const parsed = routingConfigSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw bad(where, `${pathOf(issue.path)}: ${issue.message}`);
  }
  const config = parsed.data;
  const queues: CompiledQueue[] = [];
  const byName = new Map<string, CompiledQueue>();
  const sids = new Set<string>();
  config.queues.forEach((q, i) => {
    if (byName.has(q.name)) throw bad(where, `queues[${i}]: the queue name "${q.name}" is used twice`);
    const sid = q.sid ?? queueSidOf(q.name);
    if (sids.has(sid)) throw bad(where, `queues[${i}]: the sid ${sid} of queue "${q.name}" is used twice`);
    const queue = {
      sid,
      name: q.name,
      targetWorkers: q.targetWorkers,
      selects: compile(q.targetWorkers, `queue "${q.name}"`, where),
    };
    sids.add(sid);
    byName.set(q.name, queue);
    queues.push(queue);
  });
  const known = [...byName.keys()].map((n) => `"${n}"`).join(', ');
  const queueSid = (name: string, at: string): string => {
    const q = byName.get(name);
    if (!q) throw bad(where, `${at}: there is no queue "${name}" (the queues are ${known})`);
    return q.sid;
  };
  const workflow = config.workflow ?? { filters: [], defaultQueue: config.queues[0]!.name };
  const filters = workflow.filters.map((f, i): CompiledFilter => {
    const what = `workflow filter "${f.name}"`;
    return {
      name: f.name,
      matches: compile(f.expression, what, where),
      targets: f.targets.map((t, j) => ({
        queueSid: queueSid(t.queue, `workflow.filters[${i}].targets[${j}].queue (filter "${f.name}")`),
        priority: t.priority ?? 0,
        ...(t.timeout !== undefined ? { timeoutMs: Math.round(t.timeout * 1000) } : {}),
        ...(t.expression !== undefined
          ? { expression: compile(t.expression, `${what}, target ${j + 1} (queue "${t.queue}")`, where) }
          : {}),
      })),
    };
  });
  return {
    queues,
    filters,
    defaultQueueSid: queueSid(workflow.defaultQueue, 'workflow.defaultQueue'),
    capacity: { chat: config.capacity?.chat ?? 3, voice: config.capacity?.voice ?? 1 },
    workers: config.workers ?? {},
  };
}
