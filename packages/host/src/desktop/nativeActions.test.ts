/** The native actions against the real contact center in memory (TestContactCenter). */
import { selectIsActionPending } from '@switchboard/actions/redux';
import { ACTIVITY_LIST } from '@switchboard/contact-center';
import {
  createHost,
  selectChannel,
  selectDirectory,
  selectDesktop,
  selectSelectedTask,
  selectTasks,
  UI_ACTIONS,
  VOICE_ACTIONS,
  type Host,
} from '@switchboard/host';
import { TestContactCenter } from '@switchboard/host/testing';
import type { DesktopTask, SupervisorActionName, UiActionName } from '@switchboard/plugin';
import { SUPERVISOR_ACTIONS } from './supervisorActions';

let cc: TestContactCenter;
let host: Host;
let loggedOut: number;

beforeEach(async () => {
  cc = await TestContactCenter.start({ agent: 'alice', others: ['bob'] });
  loggedOut = 0;
  host = createHost({
    logLevel: 'silent',
    global: false,
    contactCenter: cc.provider,
    onLogout: () => void loggedOut++,
  });
  await cc.connect();
});

afterEach(async () => {
  host.dispose();
  await cc.close();
});

const me = () => cc.provider.worker!.sid;
const bob = () => cc.colleague('bob').worker!.sid;

const until = async (check: () => boolean) => {
  for (const end = Date.now() + 2000; !check(); await new Promise((r) => setTimeout(r, 2)))
    if (Date.now() > end) throw new Error('not in time');
};
const state = () => selectDesktop(host.store.getState() as never);
const task = (sid: string): DesktopTask | undefined => state().tasks[sid];
const invoke = (name: string, payload?: unknown) => host.actions.invokeAction(name, payload);
/** The provider calls that change something (not connecting, not reading history). */
const changes = () => cc.calls.map((call) => call.method).filter((m) => m !== 'connect' && m !== 'getMessages');

describe('task actions', () => {
  it('AcceptTask accepts by reservation sid, task sid or task, and selects the task', async () => {
    const a = await cc.createTask({ customerName: 'Ada', message: 'Hello' });
    const b = await cc.createTask({ customerName: 'Bo' });
    const c = await cc.createTask({ customerName: 'Cy' });
    expect(selectTasks(host.store.getState() as never).map((t) => [t.sid, t.status, t.customerName])).toEqual([
      [a.reservationSid, 'pending', 'Ada'],
      [b.reservationSid, 'pending', 'Bo'],
      [c.reservationSid, 'pending', 'Cy'],
    ]);
    await expect(invoke('AcceptTask', { sid: a.reservationSid })).resolves.toMatchObject({
      sid: a.reservationSid,
      taskSid: a.taskSid,
      status: 'accepted',
      taskStatus: 'assigned',
    });
    await invoke('AcceptTask', { sid: b.taskSid });
    await invoke('AcceptTask', { task: task(c.reservationSid) });
    expect(cc.calls.filter((call) => call.method === 'acceptReservation').map((call) => call.args[0])).toEqual([
      a.reservationSid,
      b.reservationSid,
      c.reservationSid,
    ]);
    expect(selectSelectedTask(host.store.getState() as never)?.sid).toBe(c.reservationSid);
  });

  it('rejects an unknown sid and a payload without one, clearly, calling nothing', async () => {
    const a = await cc.createTask();
    await expect(invoke('AcceptTask', { sid: 'WR404' })).rejects.toMatchObject({
      code: 'TASK_NOT_FOUND',
      message: `AcceptTask: this agent has no task "WR404" (its tasks: ${a.reservationSid})`,
    });
    await expect(invoke('CompleteTask', { taskSid: 'x' })).rejects.toMatchObject({
      code: 'PAYLOAD_INVALID',
      message: 'CompleteTask: the payload needs { sid } or { task }, got {"taskSid":"x"}',
    });
    await expect(invoke('SelectTask')).rejects.toMatchObject({ code: 'PAYLOAD_INVALID' });
    expect(changes()).toEqual([]);
  });

  it('a double click accepts once; Accept is pending in the store while it runs', async () => {
    const a = await cc.createTask();
    // A contact center that takes 20 ms to answer (the store mirrors what outlasts a macrotask).
    const accept = cc.provider.acceptReservation.bind(cc.provider);
    cc.provider.acceptReservation = async (sid) => {
      await new Promise((r) => setTimeout(r, 20));
      return accept(sid);
    };
    const pending = () =>
      selectIsActionPending(host.store.getState() as never, 'AcceptTask', { sid: a.reservationSid });
    const first = invoke('AcceptTask', { sid: a.reservationSid });
    await expect(invoke('AcceptTask', { sid: a.reservationSid })).rejects.toMatchObject({ code: 'ACTION_PENDING' });
    await new Promise((r) => setTimeout(r, 5));
    expect(pending()).toBe(true);
    await first;
    expect(pending()).toBe(false);
    expect(cc.calls.filter((call) => call.method === 'acceptReservation')).toHaveLength(1);
  });

  it('listeners see the task resolved from the store, and a before listener can stop the accept', async () => {
    const a = await cc.createTask({ customerName: 'Ada' });
    const seen: unknown[] = [];
    const plugin = host.actions.scope('confirm');
    plugin.addListener('beforeAcceptTask', (payload, abort) => {
      seen.push(payload);
      abort();
    });
    await expect(invoke('AcceptTask', { sid: a.taskSid })).rejects.toMatchObject({ code: 'ACTION_ABORTED' });
    expect(seen).toEqual([{ sid: a.reservationSid, task: expect.objectContaining({ customerName: 'Ada' }) }]);
    expect(task(a.reservationSid)?.status).toBe('pending'); // the reservation stays
    expect(changes()).toEqual([]);
  });

  it('RejectTask hands the task back; it leaves the list', async () => {
    const a = await cc.createTask();
    await expect(invoke('RejectTask', { sid: a.reservationSid })).resolves.toMatchObject({ status: 'rejected' });
    expect(task(a.reservationSid)).toBeUndefined();
  });

  it('TransferTask needs another agent and hands the task to them', async () => {
    const a = await cc.createTask();
    await invoke('AcceptTask', { sid: a.reservationSid });
    await expect(invoke('TransferTask', { sid: a.reservationSid })).rejects.toMatchObject({
      code: 'PAYLOAD_INVALID',
      message: expect.stringContaining('TransferTask: the payload needs { targetSid } (a worker sid, or a queue sid'),
    });
    await expect(invoke('TransferTask', { sid: a.reservationSid, targetSid: me() })).rejects.toMatchObject({
      code: 'PAYLOAD_INVALID',
      message: 'TransferTask: targetSid is this agent; choose another agent',
    });
    await expect(
      invoke('TransferTask', { sid: a.reservationSid, targetSid: bob(), options: { mode: 'WARM' } }),
    ).rejects.toMatchObject({
      code: 'PAYLOAD_INVALID',
      message: expect.stringContaining('WARM transfer is for calls'),
    });
    await expect(invoke('TransferTask', { sid: a.reservationSid, targetSid: bob() })).resolves.toMatchObject({
      status: 'transferred',
    });
    expect(task(a.reservationSid)).toBeUndefined();
    expect(cc.calls.find((call) => call.method === 'transferTask')?.args).toEqual([a.taskSid, bob()]);
  });

  it('WrapupTask then CompleteTask; the customer sees the channel closed', async () => {
    const a = await cc.createTask();
    await expect(invoke('CompleteTask', { sid: a.reservationSid })).rejects.toMatchObject({
      code: 'CC_INVALID_STATE', // the contact center refuses: not accepted
    });
    await invoke('AcceptTask', { sid: a.reservationSid });
    await expect(invoke('WrapupTask', { sid: a.reservationSid })).resolves.toMatchObject({
      status: 'wrapping',
      taskStatus: 'wrapping',
    });
    await expect(invoke('CompleteTask', { sid: a.reservationSid })).resolves.toMatchObject({ status: 'completed' });
    expect(task(a.reservationSid)).toBeUndefined();
    expect((await cc.channelInfo(a.channelSid))?.status).toBe('closed');
    expect(selectChannel(host.store.getState() as never, a.channelSid)).toBeUndefined();
  });
});

describe('task attributes and the directory', () => {
  it('SetTaskAttributes merges or replaces the attributes of a held task, and the store has them', async () => {
    const a = await cc.createTask({ customerName: 'Ada' });
    // While the offer is pending already.
    await expect(
      invoke('SetTaskAttributes', { sid: a.reservationSid, attributes: { crm: { id: 1 } }, mergeExisting: true }),
    ).resolves.toMatchObject({ sid: a.reservationSid, attributes: { customerName: 'Ada', crm: { id: 1 } } });
    await invoke('AcceptTask', { sid: a.reservationSid });
    await invoke('SetTaskAttributes', {
      task: task(a.reservationSid),
      attributes: { crm: { tier: 'gold' } },
      mergeExisting: true,
    });
    expect(task(a.reservationSid)?.attributes).toMatchObject({ customerName: 'Ada', crm: { id: 1, tier: 'gold' } });
    await invoke('SetTaskAttributes', { sid: a.taskSid, attributes: { only: 1 } });
    expect(task(a.reservationSid)?.attributes).toEqual({ only: 1 });
    expect((await cc.taskInfo(a.taskSid))?.attributes).toEqual({ only: 1 });
  });

  it('SetTaskAttributes listeners see the checked payload; a bad payload fails before them', async () => {
    const a = await cc.createTask();
    const seen: unknown[] = [];
    host.actions.addListener('beforeSetTaskAttributes', (payload) => void seen.push(payload));
    await invoke('SetTaskAttributes', { sid: a.taskSid, attributes: { x: 1 } });
    expect(seen).toEqual([
      {
        sid: a.reservationSid,
        task: expect.objectContaining({ taskSid: a.taskSid }),
        attributes: { x: 1 },
        mergeExisting: false,
      },
    ]);
    await expect(invoke('SetTaskAttributes', { sid: a.taskSid, attributes: 1 })).rejects.toMatchObject({
      code: 'PAYLOAD_INVALID',
    });
    expect(seen).toHaveLength(1);
  });

  it('SetTaskAttributes refuses a bad payload naming the field, calling nothing', async () => {
    const a = await cc.createTask();
    await expect(invoke('SetTaskAttributes', { attributes: { x: 1 } })).rejects.toMatchObject({
      code: 'PAYLOAD_INVALID',
      message: expect.stringContaining('SetTaskAttributes: the payload needs { sid } or { task }'),
    });
    await expect(invoke('SetTaskAttributes', { sid: a.reservationSid })).rejects.toMatchObject({
      message: expect.stringContaining('SetTaskAttributes: the payload needs { attributes } (an object)'),
    });
    await expect(
      invoke('SetTaskAttributes', { sid: a.reservationSid, attributes: { big: 'x'.repeat(9000) } }),
    ).rejects.toMatchObject({ message: expect.stringContaining('SetTaskAttributes: attributes: 9010 characters') });
    await expect(invoke('SetTaskAttributes', { sid: 'WT404', attributes: {} })).rejects.toMatchObject({
      code: 'TASK_NOT_FOUND',
    });
    expect(changes()).toEqual([]);
  });

  it('ShowDirectory opens the directory for the selected task with the agents and the queue; HideDirectory closes it', async () => {
    const a = await cc.createTask({ customerName: 'Ada' });
    await invoke('AcceptTask', { sid: a.reservationSid });
    await invoke('ShowDirectory');
    const directory = selectDirectory(host.store.getState() as never);
    expect(directory).toMatchObject({ open: true, task: { sid: a.reservationSid } });
    expect(directory.workers.map((w) => w.identity)).toEqual(['bob']);
    expect(directory.available.map((w) => w.sid)).toEqual([bob()]);
    expect(directory.queues.map((q) => q.name)).toEqual(['Everyone']);
    expect(cc.calls.map((c) => c.method).filter((m) => m.startsWith('list'))).toEqual(['listWorkers', 'listQueues']);
    await invoke('HideDirectory');
    expect(selectDirectory(host.store.getState() as never)).toMatchObject({ open: false, task: undefined });
    await invoke('ShowDirectory', { sid: a.taskSid });
    expect(state().directory).toMatchObject({ open: true, taskSid: a.reservationSid });
    await expect(invoke('ShowDirectory', { sid: 'WR404' })).rejects.toMatchObject({ code: 'TASK_NOT_FOUND' });
  });

  it('a transfer from the directory closes it; a transfer to the queue sends the task back to routing', async () => {
    const a = await cc.createTask({ customerName: 'Ada' });
    await invoke('AcceptTask', { sid: a.reservationSid });
    await invoke('ShowDirectory', { sid: a.reservationSid });
    const [queue] = selectDirectory(host.store.getState() as never).queues;
    await expect(invoke('TransferTask', { sid: a.reservationSid, targetSid: queue!.sid })).resolves.toMatchObject({
      status: 'transferred',
    });
    expect(state().directory.open).toBe(false);
    expect(task(a.reservationSid)).toBeUndefined();
    // Bob (Available) is offered it.
    const offers = async () =>
      (await cc.contactCenter.repository.reservationsOfTasks([a.taskSid])).filter(
        (r) => r.workerSid === bob() && r.status === 'pending',
      );
    for (const end = Date.now() + 2000; !(await offers()).length; await new Promise((r) => setTimeout(r, 5)))
      if (Date.now() > end) throw new Error('bob was not offered the task');
  });

  it('the directory closes when its task leaves', async () => {
    const a = await cc.createTask({ customerName: 'Ada' });
    await invoke('ShowDirectory', { sid: a.reservationSid });
    await invoke('RejectTask', { sid: a.reservationSid });
    expect(state().directory).toMatchObject({ open: false, taskSid: null });
  });
});

describe('agent actions', () => {
  it('SetActivity checks the activity and updates the worker', async () => {
    const sids = ACTIVITY_LIST.map((a) => a.sid).join(', ');
    await expect(invoke('SetActivity', { activityName: 'Lunch' })).rejects.toMatchObject({
      code: 'PAYLOAD_INVALID',
      message: `SetActivity: the payload needs { activityName } (one of Available, Busy, Offline) or { activitySid } (one of ${sids}), got {"activityName":"Lunch"}`,
    });
    await expect(invoke('SetActivity', { activitySid: 'WA404' })).rejects.toMatchObject({ code: 'PAYLOAD_INVALID' });
    await expect(invoke('SetActivity', { activitySid: sids[0], activityName: 'Busy' })).rejects.toMatchObject({
      code: 'PAYLOAD_INVALID',
    });
    await expect(invoke('SetActivity')).rejects.toMatchObject({ code: 'PAYLOAD_INVALID' });
    expect(changes()).toEqual([]);
    await expect(invoke('SetActivity', { activityName: 'Busy' })).resolves.toMatchObject({ activity: 'Busy' });
    expect(state().worker?.activity).toBe('Busy');
    expect(state().workers[me()]?.activity).toBe('Busy');
    const available = state().activities.find((a) => a.name === 'Available')!;
    await expect(invoke('SetActivity', { activitySid: available.sid })).resolves.toMatchObject({
      activity: 'Available',
      activitySid: available.sid,
    });
    expect(state().worker).toMatchObject({ activity: 'Available', activitySid: available.sid });
  });

  it('the activity list comes with the snapshot', () => {
    expect(state().activities).toEqual([...ACTIVITY_LIST]);
    expect(state().worker).toMatchObject({ activity: 'Available', attributes: { full_name: 'Alice', skills: [] } });
  });

  it('SetWorkerAttributes replaces or merges the attributes, stored by the contact center', async () => {
    await expect(invoke('SetWorkerAttributes', { attributes: { skills: ['billing'] } })).resolves.toMatchObject({
      attributes: { full_name: 'Alice', skills: ['billing'] },
    });
    await invoke('SetWorkerAttributes', { attributes: { routing: { levels: { billing: 2 } } }, mergeExisting: true });
    expect(state().worker?.attributes).toEqual({
      full_name: 'Alice',
      skills: ['billing'],
      routing: { levels: { billing: 2 } },
    });
    expect(state().workers[me()]?.attributes).toEqual(state().worker?.attributes);
    expect(cc.calls.filter((c) => c.method === 'setWorkerAttributes').map((c) => c.args)).toEqual([
      [{ skills: ['billing'] }, { mergeExisting: false }],
      [{ routing: { levels: { billing: 2 } } }, { mergeExisting: true }],
    ]);
    // Bob's desktop would see it: his client heard it.
    const bobsView = await cc.colleague('bob').listWorkers();
    expect(bobsView.find((w) => w.sid === me())?.attributes).toEqual(state().worker?.attributes);
  });

  it('SetWorkerAttributes refuses what is not a plain JSON object, naming the field, calling nothing', async () => {
    await expect(invoke('SetWorkerAttributes', {})).rejects.toMatchObject({
      code: 'PAYLOAD_INVALID',
      message: 'SetWorkerAttributes: the payload needs { attributes } (an object), got {}',
    });
    await expect(invoke('SetWorkerAttributes', { attributes: ['x'] })).rejects.toMatchObject({
      message: 'SetWorkerAttributes: attributes: must be an object',
    });
    await expect(
      invoke('SetWorkerAttributes', { attributes: JSON.parse('{"a":[{"__proto__":1}]}') as object }),
    ).rejects.toMatchObject({
      message: 'SetWorkerAttributes: attributes.a.0.__proto__: is a reserved name (__proto__, constructor, prototype)',
    });
    await expect(invoke('SetWorkerAttributes', { attributes: { when: new Date(0) } })).rejects.toMatchObject({
      message: expect.stringContaining('SetWorkerAttributes: attributes.when: must be JSON'),
    });
    await expect(invoke('SetWorkerAttributes', { attributes: { n: NaN } })).rejects.toMatchObject({
      message: 'SetWorkerAttributes: attributes.n: must be a finite number',
    });
    await expect(invoke('SetWorkerAttributes', { attributes: {}, mergeExisting: 'yes' })).rejects.toMatchObject({
      message: expect.stringContaining('SetWorkerAttributes: the payload needs a boolean mergeExisting'),
    });
    expect(changes()).toEqual([]);
  });

  it('Logout signs the agent out and resets the page', async () => {
    await invoke('Logout');
    expect(cc.calls.map((call) => call.method)).toEqual(['connect', 'logout']);
    expect(loggedOut).toBe(1);
    expect(state().connection).toBe('closed');
  });
});

describe('chat actions', () => {
  it('need channelSid or channel, and a known channel', async () => {
    const a = await cc.createTask();
    await expect(invoke('SendMessage', { body: 'hi' })).rejects.toMatchObject({
      code: 'PAYLOAD_INVALID',
      message: 'SendMessage: the payload needs channelSid or channel, and body, got {"body":"hi"}',
    });
    await expect(invoke('SendTyping', {})).rejects.toMatchObject({
      code: 'PAYLOAD_INVALID',
      message: 'SendTyping: the payload needs channelSid or channel, got {}',
    });
    await expect(invoke('SetInputText', { channelSid: 'CH404', body: 'x' })).rejects.toMatchObject({
      code: 'CHANNEL_NOT_FOUND',
      message: 'SetInputText: this agent has no chat channel "CH404"',
    });
    await expect(invoke('SetInputText', { channel: { sid: a.channelSid } })).rejects.toMatchObject({
      code: 'PAYLOAD_INVALID',
    });
  });

  it('SetInputText keeps unsent text; SendMessage sends it, once committed, and clears it', async () => {
    const a = await cc.createTask({ message: 'Hi, my order is late' });
    await invoke('AcceptTask', { sid: a.reservationSid });
    await invoke('SetInputText', { channelSid: a.channelSid, body: 'Let me check' });
    expect(selectChannel(host.store.getState() as never, a.channelSid)?.inputText).toBe('Let me check');
    const sent = await invoke('SendMessage', { channel: { sid: a.channelSid }, body: 'Let me check' });
    expect(sent).toMatchObject({ index: 1, authorRole: 'agent', body: 'Let me check' });
    const channel = selectChannel(host.store.getState() as never, a.channelSid)!;
    expect(channel.inputText).toBe('');
    expect(channel.messages.map((m) => [m.index, m.authorRole, m.body])).toEqual([
      [0, 'customer', 'Hi, my order is late'],
      [1, 'agent', 'Let me check'],
    ]);
    await expect(invoke('SendMessage', { channelSid: a.channelSid, body: '   ' })).rejects.toMatchObject({
      code: 'PAYLOAD_INVALID',
    });
  });

  it('SendTyping tells the contact center; the customer typing shows until their message arrives', async () => {
    const a = await cc.createTask();
    await invoke('AcceptTask', { sid: a.reservationSid });
    await invoke('SendTyping', { channelSid: a.channelSid });
    expect(cc.typingSent).toEqual([a.channelSid]);
    await cc.customerTyping(a.channelSid);
    expect(selectChannel(host.store.getState() as never, a.channelSid)?.typing).toMatchObject({ role: 'customer' });
    await cc.customerWrites(a.channelSid, 'done typing');
    expect(selectChannel(host.store.getState() as never, a.channelSid)?.typing).toBeNull();
  });
});

describe('nothing written is lost', () => {
  it('SendMessage shows the message as sending through an outage, and sends it once when the contact center is back', async () => {
    const a = await cc.createTask();
    await invoke('AcceptTask', { sid: a.reservationSid });
    await invoke('SetInputText', { channelSid: a.channelSid, body: 'Written while away' });
    cc.outage();
    const sending = invoke('SendMessage', { channelSid: a.channelSid, body: 'Written while away' });
    const second = invoke('SendMessage', { channelSid: a.channelSid, body: 'And this' });
    await until(() => selectChannel(host.store.getState() as never, a.channelSid)?.outbox.length === 2);
    const channel = () => selectChannel(host.store.getState() as never, a.channelSid)!;
    expect(channel().outbox.map((o) => o.body)).toEqual(['Written while away', 'And this']);
    expect(channel().inputText).toBe(''); // it is in the outbox now
    // Longer than a request timeout would be: nothing gives up.
    await new Promise((r) => setTimeout(r, 300));
    expect(channel().outbox).toHaveLength(2);
    await cc.restore();
    await expect(sending).resolves.toMatchObject({ body: 'Written while away', authorRole: 'agent' });
    await second;
    expect(channel().outbox).toEqual([]);
    expect(channel().messages.map((m) => m.body)).toEqual(['Written while away', 'And this']);
    expect((await cc.messagesOf(a.channelSid)).map((m) => m.body)).toEqual(['Written while away', 'And this']);
  });

  it('a refused message leaves the outbox and its text goes back to the input', async () => {
    const a = await cc.createTask();
    await invoke('AcceptTask', { sid: a.reservationSid });
    const long = 'x'.repeat(4001);
    await expect(invoke('SendMessage', { channelSid: a.channelSid, body: long })).rejects.toMatchObject({
      code: 'CC_TOO_LARGE',
    });
    const channel = selectChannel(host.store.getState() as never, a.channelSid)!;
    expect(channel.outbox).toEqual([]);
    expect(channel.inputText).toBe(long);
    expect(channel.messages).toEqual([]);
  });

  it('listeners see the clientId the message will be stored with', async () => {
    const a = await cc.createTask();
    await invoke('AcceptTask', { sid: a.reservationSid });
    const keys: unknown[] = [];
    host.actions
      .scope('spy')
      .addListener('beforeSendMessage', (p) => void keys.push((p as { clientId: unknown }).clientId));
    const message = (await invoke('SendMessage', { channelSid: a.channelSid, body: 'hi' })) as { clientId: string };
    expect(keys).toEqual([message.clientId]);
    await expect(invoke('SendMessage', { channelSid: a.channelSid, body: 'x', clientId: 5 })).rejects.toMatchObject({
      code: 'PAYLOAD_INVALID',
    });
  });
});

describe('history', () => {
  it('a desktop that starts after the offer gets the whole conversation from the snapshot', async () => {
    const cc2 = await TestContactCenter.start({ agent: 'carol' });
    const a = await cc2.createTask({ message: 'Where is my parcel?' });
    const late = createHost({ logLevel: 'silent', global: false, contactCenter: cc2.provider });
    await cc2.connect();
    await cc2.customerWrites(a.channelSid, 'Hello?');
    const messages = selectChannel(late.store.getState() as never, a.channelSid)?.messages.map((m) => m.body);
    expect(messages).toEqual(['Where is my parcel?', 'Hello?']);
    late.dispose();
    await cc2.close();
  });

  it('a new offer brings its earlier messages along', async () => {
    // The customer writes while Alice is Busy; the offer comes when she is Available again.
    await invoke('SetActivity', { activityName: 'Busy' });
    const customers = cc.contactCenter.customers();
    const engagement = await customers.startEngagement({ friendlyName: 'Ada', targetWorker: 'alice' });
    const session = await customers.resumeSession(engagement);
    await session.sendMessage('first');
    await invoke('SetActivity', { activityName: 'Available' });
    const { channelSid } = engagement;
    await until(() => selectChannel(host.store.getState() as never, channelSid)?.messages.length === 1);
    expect(selectChannel(host.store.getState() as never, channelSid)?.messages.map((m) => m.body)).toEqual(['first']);
    expect(cc.calls.filter((call) => call.method === 'getMessages').map((call) => call.args[0])).toEqual([channelSid]);
    session.disconnect();
  });
});

describe('reconnecting', () => {
  it('a resync replaces the view without duplicating a message, and keeps unsent text', async () => {
    const a = await cc.createTask({ message: 'one' });
    await invoke('AcceptTask', { sid: a.reservationSid });
    await cc.customerWrites(a.channelSid, 'two');
    await invoke('SetInputText', { channelSid: a.channelSid, body: 'draft' });
    await cc.reconnect();
    await cc.reconnect();
    const channel = selectChannel(host.store.getState() as never, a.channelSid)!;
    expect(channel.messages.map((m) => m.body)).toEqual(['one', 'two']);
    expect(channel.inputText).toBe('draft');
    expect(task(a.reservationSid)?.status).toBe('accepted');
    expect(selectSelectedTask(host.store.getState() as never)?.sid).toBe(a.reservationSid);
  });
});

it('registers every native action, owned by the host, and disposing the host removes them', () => {
  const registered = host.actions
    .describe()
    .filter((d) => d.registered)
    .map((d) => [d.action, d.owner]);
  // The UI actions (NavigateToView, …) are every host's, with or without a contact center.
  expect(registered.filter(([name]) => UI_ACTIONS.includes(name as UiActionName))).toEqual(
    UI_ACTIONS.map((name) => [name, 'host']),
  );
  // The supervisor's (MonitorCall, …) are registered on every contact center (supervisorActions.test.ts).
  expect(registered.filter(([name]) => SUPERVISOR_ACTIONS.includes(name as SupervisorActionName))).toEqual(
    SUPERVISOR_ACTIONS.map((name) => [name, 'host']),
  );
  const others = registered.filter(([name]) => !SUPERVISOR_ACTIONS.includes(name as SupervisorActionName));
  expect(others.filter(([name]) => !UI_ACTIONS.includes(name as UiActionName))).toEqual(
    [
      'AcceptTask',
      'RejectTask',
      'SelectTask',
      'TransferTask',
      'WrapupTask',
      'CompleteTask',
      'SetActivity',
      'SetWorkerAttributes',
      'SetTaskAttributes',
      'ShowDirectory',
      'HideDirectory',
      'Logout',
      'SendMessage',
      'SetInputText',
      'SendTyping',
      ...VOICE_ACTIONS,
    ].map((name) => [name, 'host']),
  );
  host.dispose();
  expect(host.actions.describe()).toEqual([]);
});
