/**
 * @jest-environment jsdom
 */
/**
 * The phone page in jsdom against a fake phone session and a fake CallMedia (jsdom has no
 * WebRTC; CallMedia itself is tested in Chromium): registering, a call ringing with its
 * caller id, answer and decline, mute, the dial pad, digits received, hang up, the media's
 * life, and labels and focus.
 */
import type {
  CallInfo,
  CallMedia,
  CallMediaOptions,
  CallParticipant,
  CallSignal,
  ConnectionState,
  PhoneEvents,
  PhoneSession,
  PhoneSnapshot,
  SignalData,
} from '@switchboard/contact-center';
import { mountPhonePage } from './PhonePage';

class FakeMedia implements CallMedia {
  readonly updates: CallInfo[] = [];
  readonly received: CallSignal[] = [];
  readonly played: string[] = [];
  closed = false;
  error: Error | undefined;
  constructor(readonly options: CallMediaOptions) {}
  update(call: CallInfo) {
    this.updates.push(call);
  }
  receive(signal: CallSignal) {
    this.received.push(signal);
  }
  playDtmf(digits: string) {
    this.played.push(digits);
  }
  async stats() {
    return { inboundBytes: 0, outboundBytes: 0, audioLevel: 0, peers: {} };
  }
  on() {
    return { dispose() {} };
  }
  close() {
    this.closed = true;
  }
}

class FakePhone implements PhoneSession {
  connectionState: ConnectionState = 'idle';
  readonly listeners = new Map<keyof PhoneEvents, Set<(...args: never[]) => void>>();
  readonly dtmf: Array<[string, string]> = [];
  readonly signals: Array<[string, string, SignalData]> = [];
  calls = new Map<string, CallInfo>();
  disconnected = false;
  connectError: Error | undefined;
  constructor(readonly number: string) {}
  get self() {
    return `phone:${this.number}`;
  }
  on<K extends keyof PhoneEvents>(event: K, listener: PhoneEvents[K]) {
    const set = this.listeners.get(event) ?? new Set();
    set.add(listener as never);
    this.listeners.set(event, set);
    return { dispose: () => set.delete(listener as never) };
  }
  emit<K extends keyof PhoneEvents>(event: K, ...args: Parameters<PhoneEvents[K]>) {
    for (const l of this.listeners.get(event) ?? []) (l as (...a: unknown[]) => void)(...args);
  }
  async connect(): Promise<PhoneSnapshot> {
    await Promise.resolve();
    if (this.connectError) throw this.connectError;
    this.connectionState = 'connected';
    this.emit('connectionStateChanged', 'connected');
    const snapshot = { number: this.number, calls: [...this.calls.values()] };
    this.emit('snapshot', snapshot);
    return snapshot;
  }
  disconnect() {
    this.disconnected = true;
  }
  #me(sid: string, patch: Partial<CallParticipant>, status?: CallInfo['status']): CallInfo {
    const call = this.calls.get(sid)!;
    const next = {
      ...call,
      status: status ?? call.status,
      participants: call.participants.map((p) => (p.id === this.self ? { ...p, ...patch } : p)),
    };
    this.calls.set(sid, next);
    this.emit('callUpdated', next);
    return next;
  }
  async answerCall(sid: string) {
    return this.#me(sid, { state: 'joined', joinedAt: 3 }, 'in-progress');
  }
  async hangupCall(sid: string) {
    return this.#me(sid, { state: 'left' }, 'ended');
  }
  async setMuted(sid: string, muted: boolean) {
    return this.#me(sid, { muted });
  }
  async sendDtmf(sid: string, digits: string) {
    this.dtmf.push([sid, digits]);
  }
  signal(sid: string, to: string, data: SignalData) {
    this.signals.push([sid, to, data]);
  }
  /** An agent calls this phone. */
  ring(sid: string, from = '+15550009999'): CallInfo {
    const call: CallInfo = {
      sid,
      taskSid: `WT${sid}`,
      channelSid: `CH${sid}`,
      direction: 'outbound',
      status: 'ringing',
      from,
      to: this.number,
      participants: [
        {
          id: 'WKalice',
          kind: 'agent',
          name: 'Alice',
          workerSid: 'WKalice',
          state: 'joined',
          muted: false,
          monitoring: false,
          joinedAt: 1,
        },
        {
          id: this.self,
          kind: 'phone',
          name: this.number,
          workerSid: null,
          state: 'ringing',
          muted: false,
          monitoring: false,
          joinedAt: null,
        },
      ],
      createdAt: 1,
      updatedAt: 1,
    };
    this.calls.set(sid, call);
    this.emit('callUpdated', call);
    return call;
  }
}

let phones: FakePhone[];
let medias: FakeMedia[];
let page: { dispose(): void };
let root: HTMLElement;

const flush = async () => {
  for (let i = 0; i < 10; i++) await Promise.resolve();
};
const button = (text: string, within: ParentNode = root) => {
  const b = [...within.querySelectorAll('button')].find((x) => x.textContent === text);
  if (!b) throw new Error(`no button "${text}"`);
  return b;
};
const shown = (el: Element) => !el.closest('[hidden]');

beforeEach(() => {
  phones = [];
  medias = [];
  root = document.createElement('main');
  document.body.append(root);
  page = mountPhonePage(root, {
    connect: (number) => {
      const p = new FakePhone(number);
      phones.push(p);
      return p;
    },
    createCallMedia: (options) => {
      const m = new FakeMedia(options);
      medias.push(m);
      return m;
    },
  });
});
afterEach(() => {
  page.dispose();
  document.body.innerHTML = '';
});

async function registerNumber(value?: string) {
  const input = root.querySelector<HTMLInputElement>('input[name="number"]')!;
  if (value !== undefined) input.value = value;
  root.querySelector('form')!.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
  await flush();
}

it('registers the default number, labelled, and says so', async () => {
  const input = root.querySelector<HTMLInputElement>('input[name="number"]')!;
  expect(input.value).toBe('+15551230001');
  expect(root.querySelector(`label[for="${input.id}"]`)?.textContent).toBe('Your number');
  expect(input.type).toBe('tel');
  await registerNumber();
  expect(phones.map((p) => p.number)).toEqual(['+15551230001']);
  expect(root.querySelector('[role="status"]')?.textContent).toBe('This phone is +15551230001. Waiting for calls.');
  expect(shown(root.querySelector('form')!)).toBe(false);
});

it('refuses a number that is not one, and goes back to the form when registering fails', async () => {
  await registerNumber('12ab');
  expect(phones).toHaveLength(0);
  expect(root.querySelector('[role="alert"]')?.textContent).toMatch(/not a phone number/);
  expect(root.querySelector('input')?.getAttribute('aria-invalid')).toBe('true');
  page.dispose();
  root.innerHTML = '';
  page = mountPhonePage(root, {
    connect: (number) => Object.assign(new FakePhone(number), { connectError: new Error('The number is taken') }),
    createCallMedia: (o) => new FakeMedia(o),
  });
  await registerNumber();
  expect(root.querySelector('[role="alert"]')?.textContent).toBe('The number is taken');
  expect(shown(root.querySelector('form')!)).toBe(true);
  expect(document.activeElement).toBe(root.querySelector('input'));
});

it('rings with the caller id; answer talks, mutes, sends and shows digits, hangs up', async () => {
  await registerNumber();
  const phone = phones[0]!;
  phone.ring('CA1', '+15550001111');
  const item = root.querySelector('li')!;
  expect(item.textContent).toContain('Incoming call from +15550001111');
  expect(root.querySelector('[role="status"]')?.textContent).toBe('Incoming call from +15550001111');
  expect(medias).toHaveLength(0); // no microphone before answering
  // A signal before the answer waits for the media.
  phone.emit('callSignal', {
    callSid: 'CA1',
    from: 'WKalice',
    data: { type: 'candidate', candidate: { candidate: 'c' } },
  });

  button('Answer', item).click();
  await flush();
  expect(medias).toHaveLength(1);
  const media = medias[0]!;
  expect(media.options.self).toBe('phone:+15551230001');
  expect(media.received).toHaveLength(1);
  expect(media.updates[media.updates.length - 1]?.status).toBe('in-progress');
  expect(item.textContent).toContain('On a call with +15550001111');
  expect(shown(button('Answer', item))).toBe(false);
  const mute = button('Mute', item);
  expect(document.activeElement).toBe(mute);
  media.options.send('WKalice', { type: 'offer', sdp: 'v=0' });
  expect(phone.signals).toEqual([['CA1', 'WKalice', { type: 'offer', sdp: 'v=0' }]]);

  mute.click();
  await flush();
  expect(mute.getAttribute('aria-pressed')).toBe('true');

  const pad = item.querySelector('[role="group"]')!;
  expect(pad.getAttribute('aria-label')).toBe('Dial pad');
  button('4', pad).click();
  button('#', pad).click();
  await flush();
  expect(phone.dtmf).toEqual([
    ['CA1', '4'],
    ['CA1', '#'],
  ]);
  expect(media.played).toEqual(['4', '#']);
  phone.emit('callDtmf', { callSid: 'CA1', from: 'WKalice', digits: '123' });
  expect(item.querySelector('[aria-live]')?.textContent).toBe('Digits received: 123 · Digits sent: 4#');

  button('Hang up', item).click();
  await flush();
  expect(media.closed).toBe(true);
  expect(root.querySelector('li')).toBeNull();
  expect(root.querySelector('[role="status"]')?.textContent).toBe('The call from +15550001111 ended.');
  expect(document.activeElement?.textContent).toBe('Calls');
});

it('declines a ringing call, and removes a call the agent ended', async () => {
  await registerNumber();
  const phone = phones[0]!;
  phone.ring('CA1');
  button('Decline').click();
  await flush();
  expect(root.querySelector('li')).toBeNull();
  expect(phone.calls.get('CA1')?.status).toBe('ended');

  phone.ring('CA2');
  button('Answer').click();
  await flush();
  const ended = { ...phone.calls.get('CA2')!, status: 'ended' as const };
  phone.emit('callUpdated', ended);
  expect(root.querySelector('li')).toBeNull();
  expect(medias[0]?.closed).toBe(true);
});

it('dispose closes the media and the connection', async () => {
  await registerNumber();
  phones[0]!.ring('CA1');
  button('Answer').click();
  await flush();
  page.dispose();
  expect(medias[0]?.closed).toBe(true);
  expect(phones[0]?.disconnected).toBe(true);
  page = { dispose() {} };
});
