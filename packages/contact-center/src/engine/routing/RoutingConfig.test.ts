import { ContactCenterError } from '../../errors';
import {
  compileRouting,
  DEFAULT_ROUTING_CONFIG,
  EVERYONE_QUEUE_SID,
  queueSidOf,
  type RoutingConfig,
} from './RoutingConfig';

const refusal = (config: unknown, source?: string): string => {
  try {
    compileRouting(config, source);
  } catch (e) {
    expect(e).toBeInstanceOf(ContactCenterError);
    expect((e as ContactCenterError).code).toBe('CC_BAD_REQUEST');
    return (e as Error).message;
  }
  throw new Error('accepted');
};

const twoQueues: RoutingConfig = {
  queues: [
    { name: 'Billing', targetWorkers: 'skills HAS "billing"' },
    { name: 'Everyone', targetWorkers: '1 == 1' },
  ],
  workflow: {
    filters: [
      {
        name: 'Billing questions',
        expression: 'topic == "billing"',
        targets: [{ queue: 'Billing', priority: 5, timeout: 30 }, { queue: 'Everyone' }],
      },
    ],
    defaultQueue: 'Everyone',
  },
  capacity: { chat: 2, voice: 1 },
};

describe('compileRouting', () => {
  it('compiles the default: one queue, Everyone, with its fixed sid; 3 chats and 1 call', () => {
    const r = compileRouting(DEFAULT_ROUTING_CONFIG);
    expect(r.queues.map((q) => [q.sid, q.name])).toEqual([[EVERYONE_QUEUE_SID, 'Everyone']]);
    expect(r.defaultQueueSid).toBe(EVERYONE_QUEUE_SID);
    expect(r.capacity).toEqual({ chat: 3, voice: 1 });
    expect(r.queues[0]!.selects(() => undefined)).toBe(true);
  });

  it('derives stable queue sids from names, and keeps a sid that is given', () => {
    const a = compileRouting(twoQueues);
    const b = compileRouting(twoQueues);
    expect(a.queues[0]!.sid).toMatch(/^WQ[0-9a-f]{32}$/);
    expect(a.queues[0]!.sid).toBe(b.queues[0]!.sid);
    expect(a.queues[1]!.sid).toBe(EVERYONE_QUEUE_SID);
    expect(queueSidOf('Billing')).not.toBe(queueSidOf('Billinh'));
    const sid = 'WQ0123456789abcdef0123456789abcdef';
    expect(compileRouting({ queues: [{ sid, name: 'X', targetWorkers: '1 == 1' }] }).queues[0]!.sid).toBe(sid);
    const targets = a.filters[0]!.targets;
    expect(targets).toEqual([
      { queueSid: a.queues[0]!.sid, priority: 5, timeoutMs: 30_000 },
      { queueSid: EVERYONE_QUEUE_SID, priority: 0 },
    ]);
  });

  it('refuses a bad queue expression with the queue name and the column', () => {
    const message = refusal(
      { queues: [{ name: 'Spanish', targetWorkers: '"es" IN languages AND' }] },
      '/data/routing.json',
    );
    expect(message).toContain('/data/routing.json');
    expect(message).toContain('queue "Spanish"');
    expect(message).toMatch(/column 22/);
  });

  it('refuses a bad filter or target expression with the filter name and the column', () => {
    const bad = structuredClone(twoQueues);
    bad.workflow!.filters![0]!.expression = 'topic = "billing"';
    expect(refusal(bad)).toMatch(/workflow filter "Billing questions".*column 7/);
    const badTarget = structuredClone(twoQueues);
    badTarget.workflow!.filters![0]!.targets[0]!.expression = 'level >>> 2';
    expect(refusal(badTarget)).toMatch(/workflow filter "Billing questions", target 1 \(queue "Billing"\).*column/);
  });

  it('refuses unknown queue names in targets and in defaultQueue', () => {
    const bad = structuredClone(twoQueues);
    bad.workflow!.filters![0]!.targets[1]!.queue = 'Sales';
    expect(refusal(bad)).toMatch(/workflow\.filters\[0\]\.targets\[1\]\.queue .*no queue "Sales"/);
    expect(refusal({ ...twoQueues, workflow: { filters: [], defaultQueue: 'Nope' } })).toMatch(
      /workflow\.defaultQueue: there is no queue "Nope"/,
    );
  });

  it('refuses a malformed configuration naming the field path and the problem', () => {
    expect(refusal({ queues: [] }, 'routing.json')).toMatch(/\(routing\.json\): queues: /);
    expect(refusal({ queues: [{ name: 'A' }] })).toMatch(/queues\[0\]\.targetWorkers/);
    expect(refusal({ ...twoQueues, capacity: { chat: -1 } })).toMatch(/capacity\.chat/);
    expect(refusal({ ...twoQueues, extra: 1 })).toMatch(/extra|Unrecognized/);
    expect(
      refusal({
        queues: [
          { name: 'A', targetWorkers: '1==1' },
          { name: 'A', targetWorkers: '1==1' },
        ],
      }),
    ).toMatch(/queue name "A" is used twice/);
  });
});
