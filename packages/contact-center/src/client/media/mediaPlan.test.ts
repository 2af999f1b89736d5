import type { CallInfo, CallParticipant } from '../../voice';
import { makesOffer, needsMicrophone, planPeers } from './mediaPlan';
import { dtmfTones } from './dtmfTones';

const p = (id: string, joinedAt: number | null, extra: Partial<CallParticipant> = {}): CallParticipant => ({
  id,
  kind: 'agent',
  name: id,
  workerSid: id,
  state: 'joined',
  muted: false,
  monitoring: false,
  joinedAt,
  ...extra,
});
const call = (participants: CallParticipant[], status: CallInfo['status'] = 'in-progress'): CallInfo => ({
  sid: 'CA1',
  taskSid: 'WT1',
  channelSid: 'CH1',
  direction: 'inbound',
  status,
  from: 'Ada',
  to: 'Support',
  participants,
  createdAt: 0,
  updatedAt: 0,
});

describe('makesOffer', () => {
  it('is the later joiner, ties broken by the greater id, and exactly one side of a pair', () => {
    expect(makesOffer(p('a', 2), p('b', 1))).toBe(true);
    expect(makesOffer(p('b', 1), p('a', 2))).toBe(false);
    expect(makesOffer(p('b', 5), p('a', 5))).toBe(true);
    expect(makesOffer(p('a', 5), p('b', 5))).toBe(false);
  });
});

describe('planPeers', () => {
  it('connects to every joined or held participant, not to ringing or left ones', () => {
    const c = call([p('me', 1), p('x', 2), p('h', 3, { state: 'held' }), p('r', null, { state: 'ringing' }), p('l', 4, { state: 'left' })]);
    expect(planPeers(c, 'me')).toEqual([
      { peerId: 'x', offerer: false, direction: 'sendrecv', send: true },
      { peerId: 'h', offerer: false, direction: 'sendrecv', send: false },
    ]);
  });

  it('sends nothing while self is held or muted, and nothing at all when self is not on the call', () => {
    expect(planPeers(call([p('me', 1, { state: 'held' }), p('x', 2)]), 'me')[0]?.send).toBe(false);
    expect(planPeers(call([p('me', 1, { muted: true }), p('x', 2)]), 'me')[0]?.send).toBe(false);
    expect(planPeers(call([p('me', 1, { state: 'left' }), p('x', 2)]), 'me')).toEqual([]);
    expect(planPeers(call([p('me', null, { state: 'ringing' }), p('x', 2)]), 'me')).toEqual([]);
    expect(planPeers(call([p('me', 1), p('x', 2)], 'ended'), 'me')).toEqual([]);
  });

  it('makes a monitoring side receive only, and pairs no two monitoring sides', () => {
    const c = call([p('a', 1), p('s', 2, { monitoring: true }), p('t', 3, { monitoring: true })]);
    expect(planPeers(c, 's')).toEqual([{ peerId: 'a', offerer: true, direction: 'recvonly', send: false }]);
    expect(planPeers(c, 'a').map((x) => [x.peerId, x.direction, x.send])).toEqual([
      ['s', 'sendrecv', true],
      ['t', 'sendrecv', true],
    ]);
    expect(planPeers(call([p('a', 1), p('s', 2)]), 's', true)[0]?.direction).toBe('recvonly');
  });
});

it('asks for the microphone only for a sending side still on the call', () => {
  expect(needsMicrophone(call([p('me', null, { state: 'ringing' })]), 'me')).toBe(true);
  expect(needsMicrophone(call([p('me', 1, { monitoring: true })]), 'me')).toBe(false);
  expect(needsMicrophone(call([p('me', 1)]), 'me', true)).toBe(false);
  expect(needsMicrophone(call([p('me', 1, { state: 'left' })]), 'me')).toBe(false);
});

it('turns call digits into DTMF tones', () => {
  expect(dtmfTones('12w#*x9')).toBe('12,#*9');
});
