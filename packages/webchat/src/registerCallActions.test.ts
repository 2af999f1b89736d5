/**
 * The call actions (StartCall, HangupCall, ToggleMute, SendDTMFDigits) against a fake
 * contact center and a fake CallMedia: the call's phases, what reaches the session and the
 * media, and the rejections.
 */
import { ContactCenterError } from '@switchboard/contact-center';
import { FakeCallClient, FakeCallMedia } from './callTestUtils';
import { createWebChat } from './createWebChat';
import { PluginRegistry } from './PluginRegistry';
import { FakeClient, flush, MemoryStorage } from './test-utils';
import type { WebChat, WebChatConfig } from './types';

let calls: FakeCallClient;
let webchat: WebChat;

async function setup(voice: WebChatConfig['voice'] = { client: calls, createCallMedia: FakeCallMedia.create }) {
  webchat = await createWebChat(
    { serverUrl: 'http://cc.test', client: new FakeClient(), storage: new MemoryStorage(), voice },
    new PluginRegistry(),
  );
}

beforeEach(() => {
  calls = new FakeCallClient();
  FakeCallMedia.made = [];
});
afterEach(() => webchat?.destroy());

const media = () => FakeCallMedia.made[FakeCallMedia.made.length - 1]!;
const call = () => webchat.getState().call;

async function rejection(promise: Promise<unknown>): Promise<Error & { code: string }> {
  try {
    await promise;
  } catch (e) {
    return e as Error & { code: string };
  }
  throw new Error('expected a rejection');
}

async function startCall(name = 'Ada') {
  const result = await webchat.actions.invokeAction('StartCall', { formData: { name } });
  await flush();
  return result;
}

describe('with voice', () => {
  beforeEach(() => setup());

  it('places the call, wires the media to the session, and follows the call to connected', async () => {
    const seen: Array<string | undefined> = [];
    webchat.actions.on('afterStartCall', (payload) => void seen.push(payload.callSid));
    const result = await startCall(' Ada ');
    expect(calls.started).toEqual([{ name: 'Ada' }]);
    expect(result).not.toHaveProperty('token');
    expect(seen).toEqual([result.callSid]);
    expect(call().phase).toBe('calling');
    expect(call().engagement).toEqual(result);
    // The media speaks as the customer, and its signals go through the session.
    expect(media().options.self).toBe(result.identity);
    media().options.send('WKalice', { type: 'offer', sdp: 'v=0' });
    expect(calls.last.signals).toEqual([{ to: 'WKalice', data: { type: 'offer', sdp: 'v=0' } }]);
    calls.last.agentSignals({ type: 'answer', sdp: 'v=1' });
    expect(media().received).toEqual([
      { callSid: result.callSid, from: 'WKalice', data: { type: 'answer', sdp: 'v=1' } },
    ]);
    // The snapshot's call reached the media; so does every update.
    expect(media().updates.map((c) => c.status)).toEqual(['ringing']);
    calls.last.agentAnswers();
    expect(call().phase).toBe('connected');
    expect(media().updates.map((c) => c.status)).toEqual(['ringing', 'in-progress']);
  });

  it('shows hold and unhold, mutes and unmutes, sends digits', async () => {
    await startCall();
    const session = calls.last;
    session.agentAnswers();
    session.hold(true);
    expect(call().phase).toBe('held');
    session.hold(false);
    expect(call().phase).toBe('connected');

    await expect(webchat.actions.invokeAction('ToggleMute')).resolves.toEqual({ muted: true });
    expect(call().muted).toBe(true);
    expect(session.call.participants[0]?.muted).toBe(true);
    expect(media().updates[media().updates.length - 1]?.participants[0]?.muted).toBe(true);
    await expect(webchat.actions.invokeAction('ToggleMute', {})).resolves.toEqual({ muted: false });
    expect(call().muted).toBe(false);

    await webchat.actions.invokeAction('SendDTMFDigits', { digits: '12#' });
    await webchat.actions.invokeAction('SendDTMFDigits', { digits: '*' });
    expect(session.dtmf).toEqual(['12#', '*']);
    expect(media().played).toEqual(['12#', '*']);
    expect(call().digits).toBe('12#*');
  });

  it('hangs up: leaves the call, closes the media; a new call can follow', async () => {
    const first = await startCall();
    const session = calls.last;
    await webchat.actions.invokeAction('HangupCall');
    expect(session.left).toBe(true);
    expect(media().closed).toBe(true);
    expect(call().phase).toBe('ended');
    const second = await startCall('Ada');
    expect(second.callSid).not.toBe(first.callSid);
    expect(call().phase).toBe('calling');
    expect(call().digits).toBe('');
  });

  it('ends when the agent hangs up: the media closes, the session disconnects', async () => {
    await startCall();
    const session = calls.last;
    session.agentAnswers();
    session.agentHangsUp();
    expect(call().phase).toBe('ended');
    expect(media().closed).toBe(true);
    expect(session.disconnected).toBe(true);
    expect(session.left).toBe(false);
    expect((await rejection(webchat.actions.invokeAction('ToggleMute'))).code).toBe('WEBCHAT_NO_CALL');
  });

  it('shows a refused microphone as the call error', async () => {
    await startCall();
    media().fail(new Error('Permission denied'));
    expect(call().error?.message).toBe('Permission denied');
  });

  it('refuses what makes no sense', async () => {
    expect((await rejection(webchat.actions.invokeAction('HangupCall'))).code).toBe('WEBCHAT_NO_CALL');
    expect((await rejection(webchat.actions.invokeAction('SendDTMFDigits', { digits: '1' }))).code).toBe(
      'WEBCHAT_NO_CALL',
    );
    expect((await rejection(webchat.actions.invokeAction('StartCall', { formData: { name: ' ' } }))).code).toBe(
      'WEBCHAT_INVALID_PAYLOAD',
    );
    await startCall();
    expect((await rejection(webchat.actions.invokeAction('StartCall', { formData: { name: 'Bo' } }))).code).toBe(
      'WEBCHAT_ALREADY_IN_CALL',
    );
    expect((await rejection(webchat.actions.invokeAction('SendDTMFDigits', { digits: '12x' }))).code).toBe(
      'WEBCHAT_INVALID_PAYLOAD',
    );
    expect((await rejection(webchat.actions.invokeAction('ToggleMute', { callSid: 'CAother' }))).code).toBe(
      'WEBCHAT_NO_CALL',
    );
    expect(calls.last.dtmf).toEqual([]);
  });

  it('shows a failed StartCall and stays idle', async () => {
    calls.startError = new ContactCenterError('CC_RATE_LIMITED', 'Too many calls');
    expect((await rejection(startCall())).code).toBe('CC_RATE_LIMITED');
    expect(call().phase).toBe('idle');
    expect(call().error?.code).toBe('CC_RATE_LIMITED');
  });

  it('closes the media when the webchat is destroyed', async () => {
    await startCall();
    webchat.destroy();
    expect(media().closed).toBe(true);
    expect(calls.last.disconnected).toBe(true);
  });
});

it('refuses calls without voice, or with a client that cannot start calls', async () => {
  await setup(false);
  const off = await rejection(webchat.actions.invokeAction('StartCall', { formData: { name: 'Ada' } }));
  expect(off.code).toBe('WEBCHAT_VOICE_UNAVAILABLE');
  webchat.destroy();
  await setup(true); // the chat client (a FakeClient) has no startCall
  const cannot = await rejection(webchat.actions.invokeAction('StartCall', { formData: { name: 'Ada' } }));
  expect(cannot.code).toBe('WEBCHAT_VOICE_UNAVAILABLE');
});
