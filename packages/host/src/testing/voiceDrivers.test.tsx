/** @jest-environment jsdom */
/**
 * The test kit's calls: a caller placed with `placeCall` and a phone from `phone(number)`,
 * driven against a real host on the real contact center in memory, with a small voice plugin.
 */
import { createTestHost } from '@switchboard/host/testing';
import { definePlugin, type DesktopTask } from '@switchboard/plugin';
import { useSelector } from 'react-redux';

/** A small voice plugin: counts the calls answered and shows who is calling in the task header. */
const callBanner = definePlugin({
  name: 'call-banner',
  init(api) {
    api.store.addReducer('callBanner', (s: { answered: number } = { answered: 0 }, a: { type: string }) =>
      a.type === 'callBanner/answered' ? { answered: s.answered + 1 } : s,
    );
    api.actions.addListener('afterAcceptTask', (payload) => {
      const task = (payload as { task?: DesktopTask }).task;
      if (task?.channel === 'voice') api.store.dispatch({ type: 'callBanner/answered' });
    });
    api.contributions.add(
      'TaskCanvas.Header',
      ({ task }) => {
        const answered = useSelector((s: { callBanner: { answered: number } }) => s.callBanner.answered);
        return task.channel === 'voice' ? (
          <span>{`Call from ${String(task.attributes.from)} (account ${String(task.attributes.account)}) · ${answered} answered`}</span>
        ) : null;
      },
      { key: 'call-banner' },
    );
  },
});

it('places a call the agent answers; the caller sends digits, mutes and hangs up; a voice plugin sees it', async () => {
  const t = await createTestHost({ plugins: [callBanner] });
  try {
    const caller = await t.contactCenter.placeCall({ name: 'Ada', attributes: { account: '42' } });
    expect(caller.callSid).toMatch(/^CA/);
    expect(caller.call()).toMatchObject({ status: 'ringing', from: 'Ada', taskSid: caller.taskSid });
    // The agent was offered the call (its task is voice, the call is in the agent's events).
    const offered = t.state().desktop.tasks[caller.reservationSid] as DesktopTask;
    expect(offered).toMatchObject({ status: 'pending', channel: 'voice' });
    expect(t.contactCenter.callOf(caller.callSid)?.status).toBe('ringing');

    await t.invoke('AcceptTask', { sid: caller.reservationSid });
    const live = await caller.waitFor('in-progress');
    const me = t.contactCenter.provider.worker!.sid;
    expect(live.participants.map((p) => [p.kind, p.state])).toEqual([
      ['customer', 'joined'],
      ['agent', 'joined'],
    ]);
    expect(live.participants[1]!.id).toBe(me);
    expect(t.state().callBanner).toEqual({ answered: 1 });
    const task = t.state().desktop.tasks[caller.reservationSid] as DesktopTask;
    const header = await t.render('TaskCanvas.Header', { task });
    expect(header.text()).toBe('Call from Ada (account 42) · 1 answered');

    await caller.sendDigits('12#'); // resolves once the agent got them
    await caller.mute(true);
    expect(t.contactCenter.callOf(caller.callSid)!.participants[0]!.muted).toBe(true);
    await t.contactCenter.provider.voice!.sendDtmf(caller.callSid, '9');
    await expect(caller.waitFor((c) => c.participants[0]!.muted)).resolves.toMatchObject({ status: 'in-progress' });
    await waitUntil(() => caller.dtmfReceived.length === 1);
    expect(caller.dtmfReceived).toEqual([{ callSid: caller.callSid, from: me, digits: '9' }]);

    await caller.hangUp();
    expect(caller.call().status).toBe('ended');
    await t.settle();
    expect((t.state().desktop.tasks[caller.reservationSid] as DesktopTask).status).toBe('wrapping');
    expect((await t.contactCenter.taskInfo(caller.taskSid))?.status).toBe('wrapping');
  } finally {
    await t.dispose();
  }
});

it('a call nobody answered ends when the caller hangs up; waiting for a state that never comes says so', async () => {
  const t = await createTestHost();
  try {
    const caller = await t.contactCenter.placeCall();
    expect(caller.call().from).toBe('Caller 1');
    await caller.hangUp();
    expect((await t.contactCenter.taskInfo(caller.taskSid))?.status).toBe('canceled');
    await expect(t.contactCenter.waitForCall(caller.callSid, 'in-progress')).rejects.toThrow(
      `this agent did not hear the call ${caller.callSid} become in-progress`,
    );
  } finally {
    await t.dispose();
  }
});

it('a phone receives an outbound call with the caller id, answers it and hangs up', async () => {
  const t = await createTestHost({ voice: { callerId: '+15550001234' } });
  try {
    const phone = await t.contactCenter.phone('+15551230001');
    expect(phone.ringing()).toEqual([]);
    const voice = t.contactCenter.provider.voice!;
    const { call, task } = await voice.startOutboundCall({ destination: phone.number, callerId: '+15550009999' });
    const ringing = await phone.waitForRinging();
    expect(ringing).toMatchObject({ sid: call.sid, from: '+15550009999', to: phone.number, direction: 'outbound' });
    expect(phone.ringing().map((c) => c.sid)).toEqual([call.sid]);

    await phone.answer(call.sid);
    await t.contactCenter.waitForCall(call.sid, 'in-progress');
    await voice.sendDtmf(call.sid, '5');
    await waitUntil(() => phone.dtmfReceived.length === 1);
    await phone.hangUp(call.sid);
    await t.contactCenter.waitForCall(call.sid, 'ended');
    expect((await t.contactCenter.taskInfo(task.sid))?.status).toBe('wrapping');

    // The default caller id is the contact center's.
    const second = await voice.startOutboundCall({ destination: phone.number });
    expect((await phone.waitFor(second.call.sid, 'ringing')).from).toBe('+15550001234');
    expect(phone.calls().map((c) => c.from)).toEqual(['+15550009999', '+15550001234']);
    await phone.hangUp(second.call.sid); // declined
    expect(phone.ringing()).toEqual([]);
  } finally {
    await t.dispose();
  }
});

/**
 * A voice plugin on the native voice actions (`StartOutboundCall`, `HoldCall`: the desktop's
 * voice actions). On a host without them this test has nothing to exercise and says so.
 */
it('a voice plugin sets StartOutboundCall’s callerId (the phone shows it) and hears HoldCall', async () => {
  const held: string[] = [];
  const callerIdPicker = definePlugin({
    name: 'caller-id-picker',
    init(api) {
      const on = api.actions.addListener as (event: string, listener: (payload: unknown) => void) => unknown;
      on('beforeStartOutboundCall', (payload) => void ((payload as { callerId?: string }).callerId = '+15557770000'));
      on('afterHoldCall', (payload) => void held.push((payload as { callSid: string }).callSid));
    },
  });
  const t = await createTestHost({ plugins: [callerIdPicker] });
  try {
    if (!t.host.actions.describe('StartOutboundCall')?.registered) {
      console.warn(
        'voiceDrivers.test: this host has no native voice actions yet; the StartOutboundCall test is skipped',
      );
      return;
    }
    const phone = await t.contactCenter.phone('+15551230002');
    await t.invoke('StartOutboundCall', { destination: phone.number });
    const ringing = await phone.waitForRinging();
    expect(ringing.from).toBe('+15557770000');
    await phone.answer(ringing.sid);
    // The phone hangs up and the agent completes the call: a call takes the agent's one voice slot.
    await phone.hangUp(ringing.sid);
    await t.invoke('CompleteTask', { sid: ringing.taskSid });

    const caller = await t.contactCenter.placeCall({ name: 'Grace' });
    await t.invoke('AcceptTask', { sid: caller.reservationSid });
    await caller.waitFor('in-progress');
    await t.invoke('HoldCall', { sid: caller.reservationSid });
    await caller.waitFor((c) => c.participants.some((p) => p.kind === 'customer' && p.state === 'held'));
    expect(held).toEqual([caller.callSid]);
  } finally {
    await t.dispose();
  }
});

async function waitUntil(condition: () => boolean, timeoutMs = 2000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > end) throw new Error(`not true within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 5));
  }
}
