/** The voice actions, against a fake contact center with voice (the in-process one has no calls yet). */
import {
  createHost,
  selectCallDtmf,
  selectCallOfTask,
  selectDesktop,
  VOICE_ACTIONS,
  DTMF_SHOWN_MS,
  type Host,
} from '@switchboard/host';
import { createFakeVoiceCenter, type FakeVoiceCenter } from '../../test/fakeVoiceCenter';

let cc: FakeVoiceCenter;
let host: Host;

const start = async (withVoice = true) => {
  cc = createFakeVoiceCenter({ withVoice });
  host = createHost({ logLevel: 'silent', global: false, contactCenter: cc.provider });
  await cc.provider.connect();
};
afterEach(() => host.dispose());

const invoke = (name: string, payload?: unknown) => host.actions.invokeAction(name, payload);
const root = () => host.store.getState() as never;
const desktop = () => selectDesktop(root());

/** A call offered to this agent and accepted. */
const liveCall = async () => {
  const offer = cc.offerCall('Ada');
  await invoke('AcceptTask', { sid: offer.reservationSid });
  return offer;
};

describe('the desktop state of calls', () => {
  beforeEach(() => start());

  it('keeps the calls of its tasks; selectCallOfTask finds a task’s call by reservation sid, task sid or task', async () => {
    const { reservationSid, taskSid, callSid } = cc.offerCall('Ada');
    expect(desktop().tasks[reservationSid]).toMatchObject({ channel: 'voice', callSid, status: 'pending' });
    expect(selectCallOfTask(root(), reservationSid)).toMatchObject({ sid: callSid, status: 'ringing', from: 'Ada' });
    expect(selectCallOfTask(root(), taskSid)?.sid).toBe(callSid);
    expect(selectCallOfTask(root(), desktop().tasks[reservationSid]!)?.sid).toBe(callSid);
    await invoke('AcceptTask', { sid: reservationSid });
    expect(selectCallOfTask(root(), reservationSid)?.status).toBe('in-progress');
    // The task ending takes its call with it.
    cc.emit('reservationUpdated', { ...desktop().reservations[reservationSid]!, status: 'completed' });
    expect(desktop().calls).toEqual({});
    // A late update of an ended call of a forgotten task is not kept.
    cc.emit('callUpdated', { ...cc.call(callSid), status: 'ended' });
    expect(desktop().calls).toEqual({});
  });

  it('shows the digits others send for a few seconds', async () => {
    jest.useFakeTimers();
    try {
      const { callSid, customerId } = await liveCall();
      cc.emit('callDtmf', { callSid, from: customerId, digits: '12#' });
      expect(selectCallDtmf(root(), callSid)).toMatchObject({ from: customerId, digits: '12#' });
      jest.advanceTimersByTime(DTMF_SHOWN_MS + 1);
      expect(selectCallDtmf(root(), callSid)).toBeUndefined();
    } finally {
      jest.useRealTimers();
    }
  });
});

describe('the voice actions', () => {
  beforeEach(() => start());

  it('are registered, each with its name', () => {
    for (const name of VOICE_ACTIONS) expect(host.actions.describe(name)?.registered).toBe(true);
  });

  it('HoldCall / UnholdCall hold the customer of the task’s call; listeners see the task, the call and the participant', async () => {
    const { reservationSid, taskSid, callSid, customerId } = await liveCall();
    const seen: unknown[] = [];
    host.actions.addListener('beforeHoldCall', (p) => void seen.push(p));
    await expect(invoke('HoldCall', { sid: taskSid })).resolves.toMatchObject({ sid: callSid });
    expect(seen).toEqual([
      expect.objectContaining({
        sid: reservationSid,
        task: expect.objectContaining({ taskSid }),
        callSid,
        participantId: customerId,
      }),
    ]);
    expect(selectCallOfTask(root(), reservationSid)?.participants.find((p) => p.id === customerId)?.state).toBe('held');
    await invoke('UnholdCall', { task: desktop().tasks[reservationSid] });
    expect(cc.voiceCalls).toEqual([
      ['holdParticipant', callSid, customerId],
      ['unholdParticipant', callSid, customerId],
    ]);
  });

  it('HoldParticipant / UnholdParticipant / KickParticipant take Flex’s targetSid, participantType or a participant id', async () => {
    const { reservationSid, callSid, customerId } = await liveCall();
    cc.setCall({
      ...cc.call(callSid),
      participants: [
        ...cc.call(callSid).participants,
        {
          id: cc.bob.sid,
          kind: 'agent',
          name: 'Bob',
          workerSid: cc.bob.sid,
          state: 'joined',
          muted: false,
          monitoring: false,
          joinedAt: 1,
        },
      ],
    });
    await invoke('HoldParticipant', { sid: reservationSid, targetSid: cc.bob.sid, participantType: 'worker' });
    await invoke('UnholdParticipant', { sid: reservationSid, participantId: cc.bob.sid });
    await invoke('HoldParticipant', { sid: reservationSid, participantType: 'customer' });
    await invoke('UnholdParticipant', { sid: reservationSid, targetSid: callSid, participantType: 'customer' });
    // Flex names the customer by its call leg's sid, which the desktop does not know.
    await invoke('HoldParticipant', { sid: reservationSid, targetSid: 'CAleg', participantType: 'customer' });
    await invoke('KickParticipant', { sid: reservationSid, targetSid: cc.bob.sid });
    expect(cc.voiceCalls).toEqual([
      ['holdParticipant', callSid, cc.bob.sid],
      ['unholdParticipant', callSid, cc.bob.sid],
      ['holdParticipant', callSid, customerId],
      ['unholdParticipant', callSid, customerId],
      ['holdParticipant', callSid, customerId],
      ['kickParticipant', callSid, cc.bob.sid],
    ]);
    expect(selectCallOfTask(root(), reservationSid)?.participants.find((p) => p.id === cc.bob.sid)?.state).toBe('left');
    await expect(invoke('HoldParticipant', { sid: reservationSid, targetSid: 'WK404' })).rejects.toMatchObject({
      code: 'PARTICIPANT_NOT_FOUND',
      message: expect.stringContaining('"WK404"'),
    });
    await expect(invoke('HoldParticipant', { sid: reservationSid })).rejects.toMatchObject({ code: 'PAYLOAD_INVALID' });
  });

  it('ToggleMute needs no payload: the selected call; listeners see what muted will be', async () => {
    const { callSid } = await liveCall();
    const seen: unknown[] = [];
    host.actions.addListener('beforeToggleMute', (p) => void seen.push((p as { muted: boolean }).muted));
    await invoke('ToggleMute');
    await invoke('ToggleMute', undefined);
    expect(cc.voiceCalls).toEqual([
      ['setMuted', callSid, true],
      ['setMuted', callSid, false],
    ]);
    expect(seen).toEqual([true, false]);
  });

  it('ToggleMute with no call to choose says so', async () => {
    await expect(invoke('ToggleMute')).rejects.toMatchObject({ code: 'PAYLOAD_INVALID', message: /exactly one call/ });
  });

  it('HangupCall, EndConferenceForAll and SendDTMFDigits act on the task’s call', async () => {
    const { reservationSid, callSid } = await liveCall();
    await invoke('SendDTMFDigits', { sid: reservationSid, digits: '1w2*#' });
    await expect(invoke('SendDTMFDigits', { sid: reservationSid, digits: '12a' })).rejects.toMatchObject({
      code: 'PAYLOAD_INVALID',
      message: expect.stringContaining('SendDTMFDigits'),
    });
    await expect(invoke('HangupCall', { sid: reservationSid })).resolves.toMatchObject({ status: 'ended' });
    expect(selectCallOfTask(root(), reservationSid)?.status).toBe('ended');
    await invoke('EndConferenceForAll', { sid: reservationSid });
    expect(cc.voiceCalls).toEqual([
      ['sendDtmf', callSid, '1w2*#'],
      ['hangupCall', callSid],
      ['endConference', callSid],
    ]);
  });

  it('StartOutboundCall: a before-listener’s callerId reaches the contact center; the new task is known', async () => {
    host.actions.addListener('beforeStartOutboundCall', (payload) => {
      (payload as { callerId?: string }).callerId = '+15550100';
    });
    const result = (await invoke('StartOutboundCall', { destination: '+15551234', taskAttributes: { crm: 7 } })) as {
      task: { sid: string };
      call: { sid: string; from: string };
    };
    expect(cc.voiceCalls).toEqual([
      ['startOutboundCall', { destination: '+15551234', callerId: '+15550100', taskAttributes: { crm: 7 } }],
    ]);
    expect(result.call.from).toBe('+15550100');
    expect(desktop().calls[result.call.sid]).toMatchObject({ direction: 'outbound', to: '+15551234' });
    expect(desktop().taskInfos[result.task.sid]).toBeDefined();
  });

  it('StartOutboundCall refuses a destination that is not + and 3 to 15 digits, and a bad callerId set by a listener', async () => {
    for (const destination of ['5551234', '+12', '+1234567890123456', '+1555abc', undefined])
      await expect(invoke('StartOutboundCall', { destination })).rejects.toMatchObject({
        code: 'PAYLOAD_INVALID',
        message: expect.stringContaining('StartOutboundCall'),
      });
    const d = host.actions.addListener('beforeStartOutboundCall', (payload) => {
      (payload as { callerId?: unknown }).callerId = 42;
    });
    await expect(invoke('StartOutboundCall', { destination: '+15551234' })).rejects.toMatchObject({
      code: 'PAYLOAD_INVALID',
      message: expect.stringContaining('callerId'),
    });
    d.dispose();
    expect(cc.voiceCalls).toEqual([]);
  });

  it('a call action on a task whose call the desktop does not know: CALL_NOT_FOUND; an unknown task: TASK_NOT_FOUND', async () => {
    const { reservationSid, callSid } = await liveCall();
    cc.emit('snapshot', { ...(await cc.provider.connect()), calls: [] });
    expect(desktop().tasks[reservationSid]).toBeDefined();
    // The task still names its call, but the desktop does not know it.
    expect(desktop().calls[callSid]).toBeUndefined();
    await expect(invoke('HangupCall', { sid: reservationSid })).rejects.toMatchObject({ code: 'CALL_NOT_FOUND' });
    await expect(invoke('HangupCall', { sid: 'WR404' })).rejects.toMatchObject({ code: 'TASK_NOT_FOUND' });
  });

  it('TransferTask takes options.mode: WARM keeps the task with this agent; another mode is refused', async () => {
    const { reservationSid, taskSid } = await liveCall();
    await expect(
      invoke('TransferTask', { sid: reservationSid, targetSid: cc.bob.sid, options: { mode: 'WARM' } }),
    ).resolves.toMatchObject({ sid: reservationSid, status: 'accepted' });
    await invoke('TransferTask', { sid: reservationSid, targetSid: cc.bob.sid, options: { mode: 'COLD' } });
    await expect(
      invoke('TransferTask', { sid: reservationSid, targetSid: cc.bob.sid, options: { mode: 'LUKEWARM' } }),
    ).rejects.toMatchObject({ code: 'PAYLOAD_INVALID' });
    expect(cc.calls.filter((c) => c[0] === 'transferTask')).toEqual([
      ['transferTask', taskSid, cc.bob.sid, { mode: 'WARM' }],
      ['transferTask', taskSid, cc.bob.sid, { mode: 'COLD' }],
    ]);
  });
});

describe('without voice', () => {
  beforeEach(() => start(false));

  it('each voice action fails with VOICE_NOT_SUPPORTED naming it', async () => {
    for (const name of VOICE_ACTIONS) {
      await expect(invoke(name, { sid: 'WR1', destination: '+15551234', digits: '1' })).rejects.toMatchObject({
        code: 'VOICE_NOT_SUPPORTED',
        message: expect.stringContaining(`${name}: this contact center has no voice`),
      });
    }
  });
});
