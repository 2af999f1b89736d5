/**
 * The voice actions on the real contact center in memory (`@switchboard/contact-center/in-process`):
 * a customer calls, the agent answers, holds, mutes, sends digits, transfers warm and hangs up;
 * an outbound call rings a phone with the caller id a before-listener set.
 */
import type { AgentClient, CallDtmf, CallInfo, PhoneSession } from '@switchboard/contact-center';
import { createInProcessContactCenter, type InProcessContactCenter } from '@switchboard/contact-center/in-process';
import { createHost, selectCallOfTask, selectDesktop, type Host } from '@switchboard/host';

let cc: InProcessContactCenter;
let alice: AgentClient;
let bob: AgentClient;
let host: Host;

const until = async (check: () => boolean, what: string) => {
  for (const end = Date.now() + 3000; !check(); await new Promise((r) => setTimeout(r, 5)))
    if (Date.now() > end) throw new Error(`not in time: ${what}`);
};
const desktop = () => selectDesktop(host.store.getState() as never);
const invoke = (name: string, payload?: unknown) => host.actions.invokeAction(name, payload);

beforeEach(async () => {
  cc = await createInProcessContactCenter({ agents: ['alice', 'bob'], onError: () => {} });
  alice = cc.agent('alice');
  bob = cc.agent('bob');
  host = createHost({ logLevel: 'silent', global: false, contactCenter: alice });
  await alice.connect();
  await invoke('SetActivity', { activityName: 'Available' });
  // Bob is Available only when a test needs him: the calls go to Alice.
  await bob.connect();
});
afterEach(async () => {
  host.dispose();
  alice.disconnect();
  bob.disconnect();
  await cc.close();
});

it('an inbound call: answer, hold, mute, digits, a warm transfer, hang up', async () => {
  const customers = cc.customers();
  const engagement = await customers.startCall({ friendlyName: 'Ada' });
  const session = customers.session(engagement);
  const heard: CallInfo[] = [];
  const digits: CallDtmf[] = [];
  session.on('callUpdated', (c) => heard.push(c));
  session.on('callDtmf', (d) => digits.push(d));
  await session.connect();

  const task = () => Object.values(desktop().tasks).find((t) => t.taskSid === engagement.taskSid);
  await until(() => task() !== undefined, 'the offer');
  expect(task()).toMatchObject({ channel: 'voice', status: 'pending', callSid: engagement.callSid });
  expect(selectCallOfTask(host.store.getState() as never, task()!)?.from).toBe('Ada');

  await invoke('AcceptTask', { sid: task()!.sid });
  await until(() => heard.some((c) => c.status === 'in-progress'), 'the call in progress');
  const me = alice.worker!.sid;

  await invoke('HoldCall', { sid: task()!.sid });
  await until(() => heard.some((c) => c.participants.some((p) => p.kind === 'customer' && p.state === 'held')), 'held');
  await invoke('UnholdCall', { sid: task()!.sid });
  await invoke('ToggleMute');
  expect(desktop().calls[engagement.callSid]?.participants.find((p) => p.id === me)?.muted).toBe(true);
  await invoke('SendDTMFDigits', { sid: task()!.sid, digits: '42#' });
  await until(() => digits.length > 0, 'the digits');
  expect(digits[0]).toMatchObject({ callSid: engagement.callSid, from: me, digits: '42#' });

  await bob.setActivity('Available');
  await invoke('TransferTask', { sid: task()!.sid, targetSid: bob.worker!.sid, options: { mode: 'WARM' } });
  expect(task()?.status).toBe('accepted');
  await invoke('HangupCall', { sid: task()!.sid });
  await until(
    () => desktop().calls[engagement.callSid]?.participants.find((p) => p.id === me)?.state !== 'joined',
    'Alice left the call',
  );
  session.disconnect();
});

it('an outbound call rings the phone with the caller id a before-listener set', async () => {
  const phone: PhoneSession = cc.phone('+15551234');
  const rung: CallInfo[] = [];
  phone.on('callUpdated', (c) => rung.push(c));
  await phone.connect();
  host.actions.addListener('beforeStartOutboundCall', (payload) => {
    (payload as { callerId?: string }).callerId = '+15550100';
  });
  const { task, call } = (await invoke('StartOutboundCall', { destination: '+15551234' })) as {
    task: { sid: string };
    call: CallInfo;
  };
  expect(call).toMatchObject({ direction: 'outbound', from: '+15550100', to: '+15551234' });
  await until(() => rung.length > 0, 'the phone rings');
  expect(rung[0]).toMatchObject({ sid: call.sid, from: '+15550100' });
  await until(() => Object.values(desktop().tasks).some((t) => t.taskSid === task.sid), 'the task on the desktop');
  phone.disconnect();
});
