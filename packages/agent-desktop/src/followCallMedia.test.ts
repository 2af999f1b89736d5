/** The calls' media: one CallMedia per call this agent is on, opened, fed and closed as the call goes. */
import type { CallInfo, CallMedia, CallMediaOptions, CallSignal } from '@switchboard/contact-center';
import { createHost, type Host } from '@switchboard/host';
import { createFakeVoiceCenter, type FakeVoiceCenter } from '../../host/test/fakeVoiceCenter';
import { followCallMedia, liveCallMedia } from './followCallMedia';

interface Recorded {
  options: CallMediaOptions;
  log: string[];
}

let cc: FakeVoiceCenter;
let host: Host;
let medias: Recorded[];
const createMedia = (options: CallMediaOptions): CallMedia => {
  const r: Recorded = { options, log: [] };
  medias.push(r);
  return {
    update: (call: CallInfo) => void r.log.push(`update ${call.status}`),
    receive: (signal: CallSignal) => void r.log.push(`receive ${signal.data.type}`),
    playDtmf: (digits: string) => void r.log.push(`dtmf ${digits}`),
    stats: () => Promise.resolve({ inboundBytes: 0, outboundBytes: 0, audioLevel: 0, peers: {} }),
    error: undefined,
    on: () => ({ dispose() {} }),
    close: () => void r.log.push('close'),
  };
};

beforeEach(async () => {
  cc = createFakeVoiceCenter();
  host = createHost({ logLevel: 'silent', global: false, contactCenter: cc.provider });
  medias = [];
  await cc.provider.connect();
});
afterEach(() => host.dispose());

it('opens no media while the call only rings; signals that come first wait for it', async () => {
  const following = followCallMedia(host, createMedia);
  const { reservationSid, callSid, customerId } = cc.offerCall('Ada');
  expect(medias).toEqual([]);
  // The customer's offer may come before this desktop heard that the agent joined.
  cc.emit('callSignal', { callSid, from: customerId, data: { type: 'offer', sdp: 'v=0' } });
  await host.actions.invokeAction('AcceptTask', { sid: reservationSid });
  expect(medias).toHaveLength(1);
  expect(medias[0]!.options.self).toBe(cc.me.sid);
  expect(medias[0]!.log).toEqual(['update in-progress', 'receive offer']);
  following.dispose();
  expect(medias[0]!.log.at(-1)).toBe('close');
  expect(liveCallMedia.size).toBe(0);
});

it('closes the media when this agent leaves a call that goes on (after a warm transfer)', async () => {
  const following = followCallMedia(host, createMedia);
  const { reservationSid, callSid } = cc.offerCall('Ada');
  await host.actions.invokeAction('AcceptTask', { sid: reservationSid });
  await host.actions.invokeAction('SendDTMFDigits', { sid: reservationSid, digits: '9' });
  const call = cc.call(callSid);
  cc.setCall({
    ...call,
    participants: call.participants.map((p) => (p.id === cc.me.sid ? { ...p, state: 'left' as const } : p)),
  });
  expect(call.status).toBe('in-progress');
  expect(medias[0]!.log).toEqual(['update in-progress', 'dtmf 9', 'update in-progress', 'close']);
  following.dispose();
  expect(medias[0]!.log.filter((l) => l === 'close')).toHaveLength(1);
});

it('does nothing on a contact center without voice', async () => {
  host.dispose();
  cc = createFakeVoiceCenter({ withVoice: false });
  host = createHost({ logLevel: 'silent', global: false, contactCenter: cc.provider });
  await cc.provider.connect();
  const following = followCallMedia(host, createMedia);
  cc.offerCall('Ada');
  expect(medias).toEqual([]);
  following.dispose();
});
