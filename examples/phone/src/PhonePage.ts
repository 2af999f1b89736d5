/**
 * The phone page's view: register a number, then ring, answer or decline the calls agents
 * place to it, talk (CallMedia), mute, send digits, hang up, and see the digits the other
 * side sends. Plain DOM; the session and the media come from outside (tests pass fakes).
 */
import type {
  CallInfo,
  CallMedia,
  CallMediaOptions,
  CallSignal,
  ConnectionState,
  PhoneSession,
} from '@switchboard/contact-center';

/** What {@link mountPhonePage} needs. */
export interface PhonePageOptions {
  /** A session of the phone `number`, not connected yet (`createPhoneClient({ serverUrl, number })`). */
  connect(number: string): PhoneSession;
  /** The call's media (`createCallMedia`). */
  createCallMedia(options: CallMediaOptions): CallMedia;
  /** The number the form starts with (default `+15551230001`). */
  defaultNumber?: string;
}

export const DEFAULT_NUMBER = '+15551230001';
const NUMBER = /^\+\d{3,15}$/;
const KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '*', '0', '#'];

type Attrs = Record<string, string | boolean | undefined>;

/** One call on the page: its elements, its media once answered. */
interface CallView {
  call: CallInfo;
  media: CallMedia | undefined;
  /** Signals that came before the media (the call not answered here yet). */
  early: CallSignal[];
  received: string;
  sent: string;
  item: HTMLLIElement;
  title: HTMLParagraphElement;
  ringing: HTMLDivElement;
  talking: HTMLDivElement;
  answer: HTMLButtonElement;
  mute: HTMLButtonElement;
  digits: HTMLParagraphElement;
}

/**
 * Renders the phone page into `root`; the result's `dispose()` hangs nothing up, but closes
 * the media and the connection.
 *
 * @example
 * mountPhonePage(document.getElementById('phone')!, {
 *   connect: (number) => createPhoneClient({ serverUrl: location.origin, number }),
 *   createCallMedia,
 * });
 */
export function mountPhonePage(root: HTMLElement, options: PhonePageOptions): { dispose(): void } {
  const doc = root.ownerDocument;
  const h = <K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: Array<Node | string>) => {
    const el = doc.createElement(tag);
    for (const [k, v] of Object.entries(attrs)) {
      if (v === true) el.setAttribute(k, '');
      else if (typeof v === 'string') el.setAttribute(k, v);
    }
    el.append(...children);
    return el;
  };

  const input = h('input', {
    id: 'phone-number',
    name: 'number',
    type: 'tel',
    autocomplete: 'tel',
    required: true,
    'aria-describedby': 'phone-number-hint',
  });
  input.value = options.defaultNumber ?? DEFAULT_NUMBER;
  const register = h('button', { type: 'submit' }, 'Register');
  const form = h(
    'form',
    { 'aria-label': 'Register a number' },
    h('label', { for: 'phone-number' }, 'Your number'),
    input,
    h('p', { id: 'phone-number-hint', class: 'phone-hint' }, 'A + and 3 to 15 digits. Agents call this number.'),
    register,
  );
  const status = h('p', { class: 'phone-status', role: 'status' });
  const error = h('p', { class: 'phone-error', role: 'alert' });
  const heading = h('h2', { id: 'phone-calls-title', tabindex: '-1' }, 'Calls');
  const list = h('ul', { class: 'phone-calls', 'aria-labelledby': 'phone-calls-title' });
  const empty = h('p', {}, 'No calls.');
  const callsSection = h('section', { 'aria-labelledby': 'phone-calls-title' }, heading, empty, list);
  callsSection.hidden = true;
  root.append(form, status, error, callsSection);

  let session: PhoneSession | undefined;
  let self = '';
  let number = '';
  const subscriptions: Array<{ dispose(): void }> = [];
  const views = new Map<string, CallView>();

  const fail = (e: unknown) => {
    error.textContent = e instanceof Error ? e.message : String(e);
  };
  const act = (promise: Promise<unknown>) => {
    error.textContent = '';
    promise.catch(fail);
  };
  const mine = (call: CallInfo) => call.participants.find((p) => p.id === self);
  const connectionText = (state: ConnectionState) =>
    state === 'connected'
      ? `This phone is ${number}. Waiting for calls.`
      : state === 'reconnecting'
        ? 'Connection lost. Reconnecting…'
        : state === 'closed'
          ? 'Disconnected.'
          : 'Connecting…';

  const renderView = (view: CallView) => {
    const me = mine(view.call);
    const state = me?.state;
    view.title.textContent =
      state === 'ringing'
        ? `Incoming call from ${view.call.from}`
        : state === 'held'
          ? `On hold: ${view.call.from}`
          : `On a call with ${view.call.from}`;
    view.ringing.hidden = state !== 'ringing';
    view.talking.hidden = state !== 'joined' && state !== 'held';
    view.mute.setAttribute('aria-pressed', String(!!me?.muted));
    view.digits.textContent = [
      view.received && `Digits received: ${view.received}`,
      view.sent && `Digits sent: ${view.sent}`,
    ]
      .filter(Boolean)
      .join(' · ');
    empty.hidden = views.size > 0;
  };

  const createView = (call: CallInfo): CallView => {
    const sid = call.sid;
    const title = h('p', { class: 'phone-call-title' });
    const answer = h('button', { type: 'button', class: 'phone-answer' }, 'Answer');
    const decline = h('button', { type: 'button', class: 'phone-danger' }, 'Decline');
    const ringing = h('div', { class: 'phone-row' }, answer, decline);
    const mute = h('button', { type: 'button', class: 'phone-secondary', 'aria-pressed': 'false' }, 'Mute');
    const hangup = h('button', { type: 'button', class: 'phone-danger' }, 'Hang up');
    const pad = h(
      'div',
      { class: 'phone-pad', role: 'group', 'aria-label': 'Dial pad' },
      ...KEYS.map((key) => {
        const b = h('button', { type: 'button', class: 'phone-secondary', 'data-digit': key }, key);
        b.addEventListener('click', () => sendDigit(sid, key));
        return b;
      }),
    );
    const digits = h('p', { class: 'phone-digits', 'aria-live': 'polite' });
    const talking = h('div', {}, h('div', { class: 'phone-row' }, mute, hangup), pad, digits);
    const item = h('li', { class: 'phone-call', 'aria-label': `Call from ${call.from}` }, title, ringing, talking);
    const view: CallView = {
      call,
      media: undefined,
      early: [],
      received: '',
      sent: '',
      item,
      title,
      ringing,
      talking,
      answer,
      mute,
      digits,
    };
    answer.addEventListener('click', () =>
      act(
        session!.answerCall(sid).then((updated) => {
          upsert(updated);
          mute.focus();
        }),
      ),
    );
    decline.addEventListener('click', () => act(session!.hangupCall(sid).then(upsert)));
    hangup.addEventListener('click', () => act(session!.hangupCall(sid).then(upsert)));
    mute.addEventListener('click', () => act(session!.setMuted(sid, !mine(view.call)?.muted).then(upsert)));
    list.append(item);
    return view;
  };

  const sendDigit = (sid: string, digit: string) => {
    const view = views.get(sid);
    if (!view || !session) return;
    view.media?.playDtmf(digit);
    act(
      session.sendDtmf(sid, digit).then(() => {
        view.sent += digit;
        renderView(view);
      }),
    );
  };

  const remove = (view: CallView, why: string) => {
    const hadFocus = view.item.contains(doc.activeElement);
    view.media?.close();
    view.item.remove();
    views.delete(view.call.sid);
    status.textContent = why;
    empty.hidden = views.size > 0;
    if (hadFocus) heading.focus();
  };

  const upsert = (call: CallInfo) => {
    const existing = views.get(call.sid);
    const me = mine(call);
    if (call.status === 'ended' || !me || me.state === 'left') {
      if (existing) remove(existing, `The call from ${call.from} ended.`);
      return;
    }
    const view = existing ?? createView(call);
    views.set(call.sid, view);
    view.call = call;
    if (!existing && me.state === 'ringing') status.textContent = `Incoming call from ${call.from}`;
    if (!view.media && (me.state === 'joined' || me.state === 'held') && session) {
      const current = session;
      view.media = options.createCallMedia({ self, send: (to, data) => current.signal(call.sid, to, data) });
      view.media.on('error', fail);
      for (const signal of view.early.splice(0)) view.media.receive(signal);
    }
    view.media?.update(call);
    renderView(view);
  };

  const start = async (value: string) => {
    if (!NUMBER.test(value)) {
      error.textContent = `"${value}" is not a phone number: a + and 3 to 15 digits, e.g. ${DEFAULT_NUMBER}.`;
      input.setAttribute('aria-invalid', 'true');
      input.focus();
      return;
    }
    input.removeAttribute('aria-invalid');
    error.textContent = '';
    number = value;
    self = `phone:${value}`;
    const s = options.connect(value);
    session = s;
    subscriptions.push(
      s.on('connectionStateChanged', (state) => (status.textContent = connectionText(state))),
      s.on('snapshot', (snapshot) => {
        const present = new Set(snapshot.calls.map((c) => c.sid));
        for (const view of [...views.values()]) if (!present.has(view.call.sid)) remove(view, 'A call ended.');
        for (const call of snapshot.calls) upsert(call);
      }),
      s.on('callUpdated', upsert),
      s.on('callSignal', (signal) => {
        const view = views.get(signal.callSid);
        if (view?.media) view.media.receive(signal);
        else if (view && view.early.length < 200) view.early.push(signal);
      }),
      s.on('callDtmf', (dtmf) => {
        const view = views.get(dtmf.callSid);
        if (!view || dtmf.from === self) return;
        view.received += dtmf.digits;
        renderView(view);
      }),
    );
    form.hidden = true;
    callsSection.hidden = false;
    status.textContent = 'Connecting…';
    try {
      await s.connect();
      status.textContent = connectionText(s.connectionState === 'idle' ? 'connected' : s.connectionState);
    } catch (e) {
      // Not registered (a bad number, the server away): back to the form.
      stop();
      form.hidden = false;
      callsSection.hidden = true;
      status.textContent = '';
      fail(e);
      input.focus();
    }
  };

  const stop = () => {
    for (const s of subscriptions.splice(0)) s.dispose();
    for (const view of views.values()) {
      view.media?.close();
      view.item.remove();
    }
    views.clear();
    session?.disconnect();
    session = undefined;
  };

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (session) return;
    void start(input.value.trim());
  });

  return {
    dispose() {
      stop();
      form.remove();
      status.remove();
      error.remove();
      callsSection.remove();
    },
  };
}
