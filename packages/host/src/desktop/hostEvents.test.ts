/** The desktop's events on host.events, against the real contact center in memory (TestContactCenter). */
import { createHost, type Host, type HostEvents } from '@switchboard/host';
import { TestContactCenter } from '@switchboard/host/testing';

let cc: TestContactCenter;
let host: Host;
/** Every desktop event, as `name sid status` (tasks) or `name activity` (worker) or `name state`. */
let heard: string[];

const TASK_EVENTS = [
  'taskReceived',
  'taskAccepted',
  'taskUpdated',
  'taskCanceled',
  'taskCompleted',
  'taskRejected',
  'taskRescinded',
  'taskTimeout',
  'taskWrapup',
] as const satisfies ReadonlyArray<keyof HostEvents>;

beforeEach(async () => {
  cc = await TestContactCenter.start({ agent: 'alice', others: ['bob'] });
  host = createHost({ logLevel: 'silent', global: false, contactCenter: cc.provider });
  heard = [];
  for (const name of TASK_EVENTS)
    host.events.on(name, (task) => heard.push(`${name} ${task.sid} ${task.status} ${task.taskStatus}`));
  host.events.on('workerActivityUpdated', (w) => heard.push(`workerActivityUpdated ${w.activity}`));
  host.events.on('workerAttributesUpdated', (w) =>
    heard.push(`workerAttributesUpdated ${JSON.stringify(w.attributes)}`),
  );
  host.events.on('connectionStateChanged', (state) => heard.push(`connectionStateChanged ${state}`));
  await cc.connect();
});

afterEach(async () => {
  host.dispose();
  await cc.close();
});

const invoke = (name: string, payload?: unknown) => host.actions.invokeAction(name, payload);
const until = async (check: () => boolean) => {
  for (const end = Date.now() + 2000; !check(); await new Promise((r) => setTimeout(r, 2)))
    if (Date.now() > end) throw new Error(`not in time; heard: ${heard.join(' | ')}`);
};
const tasksHeard = () => heard.filter((e) => e.startsWith('task'));

it('connecting: connectionStateChanged, and no task event for a desktop with no task', () => {
  expect(heard).toEqual(['connectionStateChanged connecting', 'connectionStateChanged connected']);
});

it('accept → wrapup → complete, in order, each once', async () => {
  const a = await cc.createTask({ customerName: 'Ada' });
  const r = a.reservationSid;
  await invoke('AcceptTask', { sid: r });
  await invoke('WrapupTask', { sid: r });
  await invoke('CompleteTask', { sid: r });
  await until(() => tasksHeard().length === 4);
  expect(tasksHeard()).toEqual([
    `taskReceived ${r} pending reserved`,
    `taskAccepted ${r} accepted assigned`,
    `taskWrapup ${r} wrapping wrapping`,
    `taskCompleted ${r} completed completed`,
  ]);
});

it('a rejected offer: received, then rejected', async () => {
  const a = await cc.createTask();
  await invoke('RejectTask', { sid: a.reservationSid });
  await until(() => tasksHeard().length === 2);
  expect(tasksHeard()).toEqual([
    `taskReceived ${a.reservationSid} pending reserved`,
    `taskRejected ${a.reservationSid} rejected pending`,
  ]);
});

it('an offer not answered in time: received, then timeout', async () => {
  const a = await cc.createTask();
  await cc.timeOut(a.reservationSid);
  await until(() => tasksHeard().length === 2);
  expect(tasksHeard()[1]).toBe(`taskTimeout ${a.reservationSid} timeout pending`);
});

it('the customer leaves: canceled (offered or accepted)', async () => {
  const a = await cc.createTask();
  const b = await cc.createTask();
  await invoke('AcceptTask', { sid: b.reservationSid });
  await cc.customerLeaves(a.channelSid);
  await cc.customerLeaves(b.channelSid);
  await until(() => tasksHeard().filter((e) => e.startsWith('taskCanceled')).length === 2);
  expect(tasksHeard().filter((e) => e.startsWith('taskCanceled'))).toEqual([
    `taskCanceled ${a.reservationSid} canceled canceled`,
    `taskCanceled ${b.reservationSid} canceled canceled`,
  ]);
});

it('a transfer: the task is rescinded from this agent', async () => {
  const a = await cc.createTask();
  await invoke('AcceptTask', { sid: a.reservationSid });
  await invoke('TransferTask', { sid: a.reservationSid, targetSid: cc.colleague('bob').worker!.sid });
  await until(() => tasksHeard().length === 3);
  expect(tasksHeard()[2]).toBe(`taskRescinded ${a.reservationSid} transferred assigned`);
});

it('taskUpdated when the attributes of a held task change, not for status changes', async () => {
  const a = await cc.createTask();
  await invoke('AcceptTask', { sid: a.reservationSid });
  await invoke('SetTaskAttributes', { sid: a.reservationSid, attributes: { crm: 1 }, mergeExisting: true });
  await until(() => tasksHeard().length === 3);
  expect(tasksHeard()[2]).toBe(`taskUpdated ${a.reservationSid} accepted assigned`);
  let updated: unknown;
  host.events.on('taskUpdated', (task) => (updated = task.attributes));
  // The same change again changes nothing: no event.
  await invoke('SetTaskAttributes', { sid: a.reservationSid, attributes: { crm: 1 }, mergeExisting: true });
  await invoke('WrapupTask', { sid: a.reservationSid });
  await until(() => tasksHeard().length === 4);
  expect(tasksHeard()[3]).toBe(`taskWrapup ${a.reservationSid} wrapping wrapping`);
  expect(updated).toBeUndefined();
});

it("workerActivityUpdated and workerAttributesUpdated for this agent, not for another's changes", async () => {
  await invoke('SetActivity', { activityName: 'Busy' });
  await invoke('SetWorkerAttributes', { attributes: { skills: ['billing'] }, mergeExisting: true });
  await cc.colleague('bob').setActivity('Busy');
  await cc.colleague('bob').setWorkerAttributes({ skills: ['x'] });
  await invoke('SetActivity', { activityName: 'Busy' }); // no change: no event
  await until(() => heard.length === 4);
  await new Promise((r) => setTimeout(r, 20));
  expect(heard.slice(2)).toEqual([
    'workerActivityUpdated Busy',
    'workerAttributesUpdated {"full_name":"Alice","skills":["billing"]}',
  ]);
});

it('a reconnect: connectionStateChanged, and a pending offer is not received twice', async () => {
  const a = await cc.createTask();
  heard.length = 0;
  await cc.reconnect();
  await until(() => heard.includes('connectionStateChanged connected'));
  expect(heard.filter((e) => e.startsWith('task'))).toEqual([]);
  await invoke('AcceptTask', { sid: a.reservationSid });
  await until(() => tasksHeard().length === 1);
  expect(tasksHeard()).toEqual([`taskAccepted ${a.reservationSid} accepted assigned`]);
});
