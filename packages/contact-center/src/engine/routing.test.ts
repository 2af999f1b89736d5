import { pickWorker, routeTasks, type RoutingTask, type RoutingWorker } from './routing';

const worker = (sid: string, over: Partial<RoutingWorker> = {}): RoutingWorker => ({
  sid,
  available: true,
  load: 0,
  idleSince: 0,
  ...over,
});
const task = (sid: string, createdAt = 0, declinedBy: string[] = []): RoutingTask => ({
  sid,
  createdAt,
  declinedBy: new Set(declinedBy),
});

describe('pickWorker', () => {
  it('picks the longest-idle available worker with free capacity', () => {
    const workers = [
      worker('WK1', { idleSince: 30 }),
      worker('WK2', { idleSince: 10 }),
      worker('WK3', { idleSince: 20 }),
    ];
    expect(pickWorker(task('WT1'), workers, 3)).toBe('WK2');
  });

  it('skips workers who are not Available or are at capacity', () => {
    const workers = [
      worker('WK1', { available: false, idleSince: 0 }),
      worker('WK2', { load: 3, idleSince: 1 }),
      worker('WK3', { idleSince: 50 }),
    ];
    expect(pickWorker(task('WT1'), workers, 3)).toBe('WK3');
    expect(pickWorker(task('WT1'), workers.slice(0, 2), 3)).toBeUndefined();
    expect(pickWorker(task('WT1'), [], 3)).toBeUndefined();
  });

  it('passes over a worker who declined the task while another is eligible', () => {
    const workers = [worker('WK1', { idleSince: 0 }), worker('WK2', { idleSince: 100 })];
    expect(pickWorker(task('WT1', 0, ['WK1']), workers, 3)).toBe('WK2');
    // With nobody else, the task goes back to the one who declined rather than wait forever.
    expect(pickWorker(task('WT1', 0, ['WK1']), [workers[0]!], 3)).toBe('WK1');
    expect(pickWorker(task('WT1', 0, ['WK1', 'WK2']), workers, 3)).toBe('WK1');
  });

  it('breaks ties by load, then by sid', () => {
    expect(pickWorker(task('WT1'), [worker('WK2', { load: 1 }), worker('WK1', { load: 2 })], 3)).toBe('WK2');
    expect(pickWorker(task('WT1'), [worker('WK2'), worker('WK1')], 3)).toBe('WK1');
  });
});

describe('routeTasks', () => {
  it('routes the oldest tasks first and spreads them over the idle workers', () => {
    const workers = [worker('WKa', { idleSince: 5 }), worker('WKb', { idleSince: 1 })];
    const tasks = [task('WT3', 30), task('WT1', 10), task('WT2', 20)];
    expect(routeTasks(tasks, workers, 2, 100)).toEqual([
      { taskSid: 'WT1', workerSid: 'WKb' },
      { taskSid: 'WT2', workerSid: 'WKa' },
      // Both were just given a task (same clock, same load): the sid breaks the tie.
      { taskSid: 'WT3', workerSid: 'WKa' },
    ]);
  });

  it('serves tasks created in the same millisecond in the order they arrived, not by sid', () => {
    const tasks = [task('WTz', 10), task('WTa', 10), task('WTm', 10)];
    const order = routeTasks(tasks, [worker('WK1')], 3, 100).map((a) => a.taskSid);
    expect(order).toEqual(['WTz', 'WTa', 'WTm']);
  });

  it('never exceeds a worker capacity and leaves the rest waiting', () => {
    const tasks = Array.from({ length: 5 }, (_, i) => task(`WT${i}`, i));
    const out = routeTasks(tasks, [worker('WK1'), worker('WK2', { available: false })], 3, 100);
    expect(out.map((a) => a.taskSid)).toEqual(['WT0', 'WT1', 'WT2']);
    expect(new Set(out.map((a) => a.workerSid))).toEqual(new Set(['WK1']));
  });

  it('counts existing load and does not change its inputs', () => {
    const workers = [worker('WK1', { load: 2 }), worker('WK2', { load: 0, idleSince: 9 })];
    const out = routeTasks([task('WT1'), task('WT2', 1)], workers, 3, 100);
    expect(out).toEqual([
      { taskSid: 'WT1', workerSid: 'WK1' },
      { taskSid: 'WT2', workerSid: 'WK2' },
    ]);
    expect(workers[0]).toEqual(worker('WK1', { load: 2 }));
  });
});

describe('a task that names its worker (known-agent routing)', () => {
  const idle = [worker('WKa', { idleSince: 1 }), worker('WKb', { idleSince: 5 })];

  it('goes to that worker only, even when another has been idle longer', () => {
    expect(pickWorker({ ...task('WT1'), targetWorker: 'WKb' }, idle, 3)).toBe('WKb');
  });

  it('waits while that worker is unavailable or full', () => {
    const busy = [worker('WKa'), worker('WKb', { available: false })];
    expect(pickWorker({ ...task('WT1'), targetWorker: 'WKb' }, busy, 3)).toBeUndefined();
    const full = [worker('WKa'), worker('WKb', { load: 3 })];
    expect(pickWorker({ ...task('WT1'), targetWorker: 'WKb' }, full, 3)).toBeUndefined();
  });

  it('is routed as any other once that worker declined it', () => {
    const declined = { ...task('WT1'), targetWorker: 'WKb', declinedBy: new Set(['WKb']) };
    expect(pickWorker(declined, idle, 3)).toBe('WKa');
  });
});

describe('queues, priorities and capacity per channel', () => {
  const capacity = { chat: 2, voice: 1 };
  const inQueue = (sid: string, queueSid: string, over: Partial<RoutingTask> = {}): RoutingTask => ({
    ...task(sid),
    queueSid,
    ...over,
  });

  it('offers a task only to the workers its queue selects', () => {
    const workers = [
      worker('WK1', { idleSince: 0, loads: {}, queues: new Set(['WQa']) }),
      worker('WK2', { idleSince: 50, loads: {}, queues: new Set(['WQa', 'WQb']) }),
    ];
    expect(pickWorker(inQueue('WT1', 'WQb'), workers, capacity)).toBe('WK2');
    expect(pickWorker(inQueue('WT1', 'WQa'), workers, capacity)).toBe('WK1');
    expect(pickWorker(inQueue('WT1', 'WQc'), workers, capacity)).toBeUndefined();
    expect(routeTasks([inQueue('WT1', 'WQc')], workers, capacity, 100)).toEqual([]);
  });

  it('checks capacity for the task channel only', () => {
    const busy = worker('WK1', { load: 2, loads: { chat: 2, voice: 0 } });
    expect(pickWorker(inQueue('WT1', 'WQa', { channelType: 'chat' }), [busy], capacity)).toBeUndefined();
    expect(pickWorker(inQueue('WT1', 'WQa', { channelType: 'voice' }), [busy], capacity)).toBe('WK1');
    const tasks = [
      inQueue('WTv1', 'WQa', { channelType: 'voice', createdAt: 1 }),
      inQueue('WTv2', 'WQa', { channelType: 'voice', createdAt: 2 }),
      inQueue('WTc1', 'WQa', { channelType: 'chat', createdAt: 3 }),
    ];
    const free = worker('WK1', { loads: { chat: 0, voice: 0 } });
    expect(routeTasks(tasks, [free], capacity, 10).map((a) => a.taskSid)).toEqual(['WTv1', 'WTc1']);
  });

  it('routes higher priority first, then oldest; a target expression narrows the workers', () => {
    const workers = [worker('WK1', { idleSince: 0, loads: {} })];
    const tasks = [
      inQueue('WTold', 'WQa', { createdAt: 1 }),
      inQueue('WTurgent', 'WQa', { createdAt: 9, priority: 5 }),
      inQueue('WTnew', 'WQa', { createdAt: 5 }),
    ];
    expect(routeTasks(tasks, workers, { chat: 1, voice: 1 }, 10).map((a) => a.taskSid)).toEqual(['WTurgent']);
    expect(routeTasks(tasks, workers, { chat: 3, voice: 1 }, 10).map((a) => a.taskSid)).toEqual([
      'WTurgent',
      'WTold',
      'WTnew',
    ]);
    const two = [worker('WK1', { idleSince: 0 }), worker('WK2', { idleSince: 5 })];
    expect(pickWorker(inQueue('WT1', 'WQa', { accepts: (sid) => sid === 'WK2' }), two, 3)).toBe('WK2');
  });
});
