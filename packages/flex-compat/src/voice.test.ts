/** Flex's voice action payloads, mapped onto the host's voice actions (a fake contact center with voice). */
import { createHost, type Host } from '@switchboard/host';
import type { PluginDefinition } from '@switchboard/plugin';
import { createFakeVoiceCenter, type FakeVoiceCenter } from '../../host/test/fakeVoiceCenter';
import { FlexPlugin, flexPluginDefinition, TaskHelper, type FlexNamespace, type ITask } from './index';

let cc: FakeVoiceCenter;
let host: Host;
let flex: FlexNamespace;

beforeEach(async () => {
  cc = createFakeVoiceCenter();
  const definitions = new Map<string, PluginDefinition>();
  host = createHost({
    logLevel: 'silent',
    global: false,
    contactCenter: cc.provider,
    loader: async (entry) => host.plugins.register(definitions.get(entry.name)!),
  });
  await cc.provider.connect();
  const definition = flexPluginDefinition(
    class extends FlexPlugin {
      constructor() {
        super('VoicePlugin');
      }
      init(f: FlexNamespace) {
        flex = f;
        // A caller-id picker, the Flex way.
        f.Actions.addListener('beforeStartOutboundCall', (payload: { callerId?: string }) => {
          payload.callerId = '+15550100';
        });
      }
    },
  );
  definitions.set(definition.name, definition);
  await host.plugins.loadManifest([
    { name: definition.name, version: '1.0.0', src: 'https://plugins.test/voice.js', hostVersion: '*' },
  ]);
});
afterEach(() => host.dispose());

const itask = (sid: string) => TaskHelper.getTaskByReservationSid(sid)!;

it('maps HoldCall, HoldParticipant (targetSid or participant), KickParticipant, ToggleMute, SendDTMFDigits, HangupCall', async () => {
  const { reservationSid, callSid, customerId } = cc.offerCall('Ada');
  await flex.Actions.invokeAction('AcceptTask', { sid: reservationSid });
  const task: ITask = itask(reservationSid);
  expect(TaskHelper.isCallTask(task)).toBe(true);
  expect(TaskHelper.isLiveCall(task)).toBe(true);
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
        joinedAt: 2,
      },
    ],
  });
  // Flex plugins find the participants in the task's conference, live.
  expect(itask(reservationSid).conference).toEqual({
    conferenceSid: callSid,
    liveParticipantCount: 3,
    participants: [
      {
        participantType: 'customer',
        workerSid: null,
        callSid: customerId,
        status: 'joined',
        onHold: false,
        muted: false,
      },
      {
        participantType: 'worker',
        workerSid: cc.me.sid,
        callSid: cc.me.sid,
        status: 'joined',
        onHold: false,
        muted: false,
      },
      {
        participantType: 'worker',
        workerSid: cc.bob.sid,
        callSid: cc.bob.sid,
        status: 'joined',
        onHold: false,
        muted: false,
      },
    ],
  });
  const customer = task.conference!.participants.find((p) => p.participantType === 'customer')!;
  await flex.Actions.invokeAction('HoldParticipant', {
    task,
    targetSid: customer.callSid,
    participantType: 'customer',
  });
  expect(task.conference!.participants[0]!.onHold).toBe(true);
  await flex.Actions.invokeAction('UnholdParticipant', { task, participant: customer });
  await flex.Actions.invokeAction('HoldCall', { task });
  await flex.Actions.invokeAction('UnholdCall', { sid: reservationSid });
  await flex.Actions.invokeAction('HoldParticipant', { participantType: 'worker', task, targetSid: cc.bob.sid });
  await flex.Actions.invokeAction('UnholdParticipant', {
    task,
    participant: { participantType: 'worker', workerSid: cc.bob.sid, callSid: 'CAleg' },
  });
  await flex.Actions.invokeAction('HoldParticipant', { participantType: 'customer', task, targetSid: 'CAcustomerleg' });
  await flex.Actions.invokeAction('KickParticipant', { task, targetSid: cc.bob.sid });
  await flex.Actions.invokeAction('ToggleMute');
  await flex.Actions.invokeAction('SendDTMFDigits', { task, digits: '123' });
  await flex.Actions.invokeAction('HangupCall', { task });
  expect(cc.voiceCalls).toEqual([
    ['holdParticipant', callSid, customerId],
    ['unholdParticipant', callSid, customerId],
    ['holdParticipant', callSid, customerId],
    ['unholdParticipant', callSid, customerId],
    ['holdParticipant', callSid, cc.bob.sid],
    ['unholdParticipant', callSid, cc.bob.sid],
    ['holdParticipant', callSid, customerId],
    ['kickParticipant', callSid, cc.bob.sid],
    ['setMuted', callSid, true],
    ['sendDtmf', callSid, '123'],
    ['hangupCall', callSid],
  ]);
  // The call ended: still an accepted voice task, no longer a live call.
  expect(TaskHelper.isCallTask(itask(reservationSid))).toBe(true);
  expect(TaskHelper.isLiveCall(itask(reservationSid))).toBe(false);
});

it('maps StartOutboundCall (a Flex listener sets callerId) and TransferTask’s options.mode', async () => {
  await flex.Actions.invokeAction('StartOutboundCall', { destination: '+15551234', taskAttributes: { crm: 1 } });
  expect(cc.voiceCalls).toEqual([
    ['startOutboundCall', { destination: '+15551234', callerId: '+15550100', taskAttributes: { crm: 1 } }],
  ]);
  const { reservationSid, taskSid } = cc.offerCall('Ada');
  await flex.Actions.invokeAction('AcceptTask', { sid: reservationSid });
  await flex.Actions.invokeAction('TransferTask', {
    task: itask(reservationSid),
    targetSid: cc.bob.sid,
    options: { mode: 'WARM', priority: 1 },
  });
  expect(cc.calls.filter((c) => c[0] === 'transferTask')).toEqual([
    ['transferTask', taskSid, cc.bob.sid, { mode: 'WARM' }],
  ]);
});
