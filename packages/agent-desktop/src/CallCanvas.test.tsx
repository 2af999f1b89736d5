/** @jest-environment jsdom */
import { act, fireEvent, render, screen, within } from '@testing-library/react';
import type { CallInfo, CallMedia, CallMediaOptions, CallSignal } from '@switchboard/contact-center';
import { createHost, HostProvider, type Host } from '@switchboard/host';
import { definePlugin, type PluginDefinition } from '@switchboard/plugin';
import { createFakeVoiceCenter, type FakeVoiceCenter } from '../../host/test/fakeVoiceCenter';
import { Desktop } from './Desktop';
import { liveCallMedia } from './followCallMedia';

/** A fake CallMedia: records what the desktop feeds it. */
class FakeMedia implements CallMedia {
  updates: CallInfo[] = [];
  received: CallSignal[] = [];
  dtmf: string[] = [];
  closed = false;
  readonly error = undefined;
  constructor(readonly options: CallMediaOptions) {}
  update(call: CallInfo) {
    this.updates.push(call);
  }
  receive(signal: CallSignal) {
    this.received.push(signal);
  }
  playDtmf(digits: string) {
    this.dtmf.push(digits);
  }
  stats = () => Promise.resolve({ inboundBytes: 0, outboundBytes: 0, audioLevel: 0, peers: {} });
  on() {
    return { dispose() {} };
  }
  close() {
    this.closed = true;
  }
}

let cc: FakeVoiceCenter;
let host: Host;
let medias: FakeMedia[];
const plugins = new Map<string, PluginDefinition>();
const createMedia = (options: CallMediaOptions) => {
  const media = new FakeMedia(options);
  medias.push(media);
  return media;
};

const start = async (withVoice = true) => {
  window.history.replaceState(null, '', '/');
  cc = createFakeVoiceCenter({ withVoice });
  host = createHost({
    logLevel: 'silent',
    global: false,
    contactCenter: cc.provider,
    // "Loading a bundle" registers the definition, as a bundle's loadPlugin would.
    loader: async (entry) => host.plugins.register(plugins.get(entry.name)!),
  });
  medias = [];
  render(
    <HostProvider host={host}>
      <Desktop createCallMedia={createMedia} />
    </HostProvider>,
  );
  await act(async () => void (await cc.provider.connect()));
};
afterEach(() => host.dispose());

const settle = () => act(async () => void (await new Promise((r) => setTimeout(r, 0))));
const click = async (element: HTMLElement) => {
  await act(async () => fireEvent.click(element));
  await settle();
};
const callCanvas = () => screen.getByRole('region', { name: 'Call with Ada' });

describe('a call', () => {
  beforeEach(() => start());

  it('is offered with the caller’s name; accepting it shows the call canvas, and its media starts', async () => {
    let offer!: ReturnType<FakeVoiceCenter['offerCall']>;
    await act(async () => void (offer = cc.offerCall('Ada')));
    // The task list offers it as a call.
    const list = screen.getByRole('navigation', { name: /Tasks/ });
    expect(within(list).getByRole('button', { name: 'Accept call from Ada' })).toBeTruthy();
    await click(within(list).getByRole('button', { name: /^Ada/ }));
    expect(within(callCanvas()).getByText('Incoming call from Ada')).toBeTruthy();
    expect(medias).toHaveLength(0);

    await click(within(callCanvas()).getByRole('button', { name: 'Accept call from Ada' }));
    expect(cc.calls).toContainEqual(['acceptReservation', offer.reservationSid]);
    const canvas = callCanvas();
    expect(within(canvas).getByRole('heading').textContent).toBe('Call from Ada');
    expect(within(canvas).getByRole('status', { name: 'Call status' }).textContent).toBe('In progress');
    expect(within(canvas).getByRole('timer', { name: 'Call duration' }).textContent).toMatch(/^0:0\d$/);
    const participants = within(canvas).getByRole('list', { name: 'Participants' });
    expect(
      within(participants)
        .getAllByRole('listitem')
        .map((li) => li.textContent),
    ).toEqual([expect.stringMatching(/^Ada \(Customer\) Joined/), 'Alice (you) (Agent) Joined']);
    // No chat tab for a call, and no empty tab list.
    expect(screen.queryByRole('tab', { name: 'Chat' })).toBeNull();
    expect(screen.queryByRole('tablist')).toBeNull();

    // The media: self is this agent, signals go through provider.voice.signal for this call.
    expect(medias).toHaveLength(1);
    const media = medias[0]!;
    expect(media.options.self).toBe(cc.me.sid);
    media.options.send(offer.customerId, { type: 'offer', sdp: 'v=0' });
    expect(cc.voiceCalls).toContainEqual(['signal', offer.callSid, offer.customerId, { type: 'offer', sdp: 'v=0' }]);
    expect(media.updates.at(-1)?.status).toBe('in-progress');
    expect(liveCallMedia.get(offer.callSid)).toBe(media);
    const signal: CallSignal = { callSid: offer.callSid, from: offer.customerId, data: { type: 'answer', sdp: 'v=0' } };
    act(() => cc.emit('callSignal', signal));
    expect(media.received).toEqual([signal]);
  });

  it('mute, hold, dial pad and hang up call the voice actions; mute and hold say whether they are pressed', async () => {
    let offer!: ReturnType<FakeVoiceCenter['offerCall']>;
    await act(async () => void (offer = cc.offerCall('Ada')));
    await act(async () => void (await host.actions.invokeAction('AcceptTask', { sid: offer.reservationSid })));
    const controls = within(callCanvas()).getByRole('toolbar', { name: 'Call controls' });
    const mute = within(controls).getByRole('button', { name: 'Mute' });
    expect(mute.getAttribute('aria-pressed')).toBe('false');
    await click(mute);
    expect(within(controls).getByRole('button', { name: 'Mute' }).getAttribute('aria-pressed')).toBe('true');
    await click(within(controls).getByRole('button', { name: 'Hold' }));
    expect(within(controls).getByRole('button', { name: 'Hold' }).getAttribute('aria-pressed')).toBe('true');
    expect(within(callCanvas()).getByRole('button', { name: 'Resume Ada' })).toBeTruthy();
    await click(within(controls).getByRole('button', { name: 'Hold' }));

    const pad = within(callCanvas()).getByRole('group', { name: 'Dial pad' });
    await click(within(pad).getByRole('button', { name: 'Send digit 5' }));
    await click(within(pad).getByRole('button', { name: 'Send digit #' }));
    expect(medias[0]!.dtmf).toEqual(['5', '#']);
    act(() => cc.emit('callDtmf', { callSid: offer.callSid, from: offer.customerId, digits: '42' }));
    expect(within(pad).getByRole('status').textContent).toBe('Digits received: 42');

    await click(within(controls).getByRole('button', { name: 'Hang up' }));
    expect(cc.voiceCalls.filter((c) => c[0] !== 'signal')).toEqual([
      ['setMuted', offer.callSid, true],
      ['holdParticipant', offer.callSid, offer.customerId],
      ['unholdParticipant', offer.callSid, offer.customerId],
      ['sendDtmf', offer.callSid, '5'],
      ['sendDtmf', offer.callSid, '#'],
      ['hangupCall', offer.callSid],
    ]);
    expect(within(callCanvas()).getByText('Call ended')).toBeTruthy();
    expect(screen.queryByRole('toolbar', { name: 'Call controls' })).toBeNull();
    // The call ended: its media is closed.
    expect(medias[0]!.closed).toBe(true);
    expect(liveCallMedia.has(offer.callSid)).toBe(false);
  });

  it('per participant: hold / resume and remove; the directory offers a cold and a warm transfer', async () => {
    let offer!: ReturnType<FakeVoiceCenter['offerCall']>;
    await act(async () => void (offer = cc.offerCall('Ada')));
    await act(async () => void (await host.actions.invokeAction('AcceptTask', { sid: offer.reservationSid })));
    act(() =>
      cc.setCall({
        ...cc.call(offer.callSid),
        participants: [
          ...cc.call(offer.callSid).participants,
          {
            id: cc.bob.sid,
            kind: 'agent',
            name: 'Bob',
            workerSid: cc.bob.sid,
            state: 'joined',
            muted: true,
            monitoring: false,
            joinedAt: 2,
          },
        ],
      }),
    );
    const participants = within(callCanvas()).getByRole('list', { name: 'Participants' });
    expect(within(participants).getAllByRole('listitem')[2]!.textContent).toMatch(/Bob \(Agent\) Joined, Muted/);
    const hold = within(participants).getByRole('button', { name: 'Hold Bob' });
    expect(hold.getAttribute('aria-pressed')).toBe('false');
    await click(hold);
    await click(within(participants).getByRole('button', { name: 'Resume Bob' }));
    await click(within(participants).getByRole('button', { name: 'Remove Bob from the call' }));
    expect(within(participants).getAllByRole('listitem')[2]!.textContent).toMatch(/Bob \(Agent\) Left/);
    expect(within(participants).queryByRole('button', { name: 'Hold Bob' })).toBeNull();

    await click(screen.getByRole('button', { name: 'Transfer…' }));
    expect(screen.getByRole('button', { name: 'Cold transfer to Bob' })).toBeTruthy();
    await click(screen.getByRole('button', { name: 'Warm transfer to Bob' }));
    expect(cc.calls.filter((c) => c[0] === 'transferTask')).toEqual([
      ['transferTask', offer.taskSid, cc.bob.sid, { mode: 'WARM' }],
    ]);
    expect(cc.voiceCalls.filter((c) => c[0] !== 'signal')).toEqual([
      ['holdParticipant', offer.callSid, cc.bob.sid],
      ['unholdParticipant', offer.callSid, cc.bob.sid],
      ['kickParticipant', offer.callSid, cc.bob.sid],
    ]);
  });
});

describe('the outbound dialer', () => {
  it('checks the number, and its Call invokes StartOutboundCall with what a plugin’s listener sets', async () => {
    await start();
    // A caller-id picker: a field in the dialer panel, and a listener that sets callerId.
    let callerId = '+15550199';
    const picker = definePlugin({
      name: 'caller-id',
      init(api) {
        api.contributions.add('OutboundDialerPanel', () => <p>Caller id {callerId}</p>, {
          key: 'callerId',
          sortOrder: 10,
        });
        api.actions.addListener('beforeStartOutboundCall', (payload) => {
          (payload as { callerId?: string }).callerId = callerId;
        });
      },
    });
    plugins.set(picker.name, picker);
    await act(async () => {
      await host.plugins.loadManifest([
        { name: picker.name, version: '1.0.0', src: 'https://plugins.test/caller-id.js', hostVersion: '*' },
      ]);
    });
    const toggle = screen.getByRole('button', { name: 'Dialer' });
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
    await click(toggle);
    const panel = screen.getByRole('form', { name: 'Outbound dialer' });
    expect(within(panel).getByText('Caller id +15550199')).toBeTruthy();
    const number = within(panel).getByRole('textbox', { name: 'Number to call' });
    expect(document.activeElement).toBe(number);
    const call = within(panel).getByRole('button', { name: 'Call' }) as HTMLButtonElement;
    expect(call.disabled).toBe(true);
    await act(async () => fireEvent.change(number, { target: { value: '+12' } }));
    expect(within(panel).getByRole('alert').textContent).toBe('Enter a + and 3 to 15 digits.');
    expect(call.disabled).toBe(true);
    await act(async () => fireEvent.change(number, { target: { value: '+1 555-1234' } }));
    expect(within(panel).queryByRole('alert')).toBeNull();
    expect(number.getAttribute('aria-invalid')).toBe('false');
    callerId = '+15550100';
    await click(call);
    expect(cc.voiceCalls).toEqual([['startOutboundCall', { destination: '+15551234', callerId: '+15550100' }]]);
    // The panel closes once the call started; Escape closes it too, back to its button.
    expect(screen.queryByRole('form', { name: 'Outbound dialer' })).toBeNull();
    await click(toggle);
    await act(async () =>
      fireEvent.keyDown(screen.getByRole('textbox', { name: 'Number to call' }), { key: 'Escape' }),
    );
    expect(screen.queryByRole('form', { name: 'Outbound dialer' })).toBeNull();
    expect(document.activeElement).toBe(toggle);
  });

  it('is not offered without voice', async () => {
    await start(false);
    expect(screen.queryByRole('button', { name: 'Dialer' })).toBeNull();
  });
});
