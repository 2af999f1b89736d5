import type { WebChatCallPhase, WebChatState, WebChatVoiceConfig } from '../types';
import { show, uniqueId } from './dom';
import type { ViewContext } from './ViewContext';

/** The dial pad's keys, in the order of a phone's. */
export const DIAL_PAD_KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '*', '0', '#'] as const;

/** The call panel and its "Call us" button, as {@link renderWebChat} places them. */
export interface CallPanel {
  /** The "Call us" button (beside the chat launcher, or in the inline widget's header). */
  readonly button: HTMLButtonElement;
  /** The panel: the pre-call form, then the call's status and controls. */
  readonly panel: HTMLElement;
  /** Opens or closes the panel (opening it moves the focus in when `focus`). */
  setOpen(open: boolean, focus?: boolean): void;
  readonly open: boolean;
  update(state: WebChatState, previous: WebChatState | undefined): void;
}

const inCall = (phase: WebChatCallPhase) => phase === 'calling' || phase === 'connected' || phase === 'held';

/**
 * The voice part of the widget: a "Call us" button opening a panel with a small pre-call form
 * (the caller's name), then the call's status (calling, connected, on hold, ended), Mute, a
 * dial pad and Hang up. Every control goes through the call actions.
 */
export function createCallPanel(ctx: ViewContext, voice: WebChatVoiceConfig, floating: boolean): CallPanel {
  const { h, strings, run } = ctx;
  const panelId = uniqueId('call');
  const titleId = uniqueId('call-title');
  const nameId = uniqueId('call-name');
  const descriptionId = uniqueId('call-description');

  const button = h(
    'button',
    {
      type: 'button',
      class: floating ? 'sbwc-btn sbwc-call-launcher' : 'sbwc-btn sbwc-btn--ghost',
      'aria-controls': panelId,
      'aria-expanded': 'false',
    },
    strings.callUs,
  );
  const hide = h(
    'button',
    { type: 'button', class: 'sbwc-btn sbwc-btn--ghost', 'aria-label': strings.hideCall, title: strings.hideCall },
    '—',
  );

  const name = h('input', { id: nameId, name: 'name', class: 'sbwc-input', required: true, autocomplete: 'name' });
  const submit = h('button', { type: 'submit', class: 'sbwc-btn' }, strings.startCall);
  const form = h(
    'form',
    { class: 'sbwc-form', 'aria-label': strings.callUs, 'aria-describedby': descriptionId },
    h('p', { id: descriptionId }, voice.description ?? strings.callFormDescription),
    h(
      'div',
      { class: 'sbwc-field' },
      h('label', { for: nameId }, strings.callName, h('span', { 'aria-hidden': 'true' }, ' *')),
      name,
    ),
    h('div', {}, submit),
  );

  const status = h('p', { class: 'sbwc-call-status', role: 'status' });
  const error = h('p', { class: 'sbwc-error', role: 'alert' });
  const mute = h(
    'button',
    { type: 'button', class: 'sbwc-btn sbwc-btn--secondary', 'aria-pressed': 'false' },
    strings.mute,
  );
  const hangup = h('button', { type: 'button', class: 'sbwc-btn sbwc-btn--danger' }, strings.hangUp);
  const keys = DIAL_PAD_KEYS.map((key) => {
    const b = h('button', { type: 'button', class: 'sbwc-btn sbwc-btn--secondary sbwc-key', 'data-digit': key }, key);
    b.addEventListener('click', () => {
      if (ctx.getState().call.phase === 'connected') void run('SendDTMFDigits', { digits: key });
    });
    return b;
  });
  const pad = h('div', { class: 'sbwc-dialpad', role: 'group', 'aria-label': strings.dialPad }, ...keys);
  const digits = h('p', { class: 'sbwc-digits', 'aria-live': 'polite' });
  const controls = h(
    'div',
    { class: 'sbwc-call-controls' },
    h('div', { class: 'sbwc-call-row' }, mute, hangup),
    pad,
    digits,
  );

  const panel = h(
    'div',
    { id: panelId, class: 'sbwc-window sbwc-call', role: floating ? 'dialog' : 'region', 'aria-labelledby': titleId },
    h('div', { class: 'sbwc-header' }, h('h2', { id: titleId, class: 'sbwc-title' }, strings.callUs), floating && hide),
    status,
    error,
    form,
    controls,
  );

  let open = false;
  const focusIn = () => {
    const { phase } = ctx.getState().call;
    if (inCall(phase)) mute.focus();
    else name.focus();
  };
  const setOpen = (next: boolean, focus = false) => {
    open = next;
    show(panel, open);
    button.setAttribute('aria-expanded', String(open));
    if (open && focus) focusIn();
  };

  button.addEventListener('click', () => setOpen(!open, true));
  hide.addEventListener('click', () => {
    setOpen(false);
    button.focus();
  });
  panel.addEventListener('keydown', (event) => {
    if (event.key === 'Escape' && floating && open) {
      event.preventDefault();
      event.stopPropagation();
      setOpen(false);
      button.focus();
    }
  });
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const { phase } = ctx.getState().call;
    if (phase !== 'idle' && phase !== 'ended') return;
    void run('StartCall', { formData: { name: name.value } });
  });
  mute.addEventListener('click', () => void run('ToggleMute'));
  hangup.addEventListener('click', () => void run('HangupCall'));

  const statusText: Record<WebChatCallPhase, string> = {
    idle: '',
    starting: strings.callStarting,
    calling: strings.callCalling,
    connected: strings.callConnected,
    held: strings.callOnHold,
    ended: strings.callEnded,
  };

  setOpen(false);
  return {
    button,
    panel,
    setOpen,
    get open() {
      return open;
    },
    update(state, previous) {
      const call = state.call;
      const hadFocus = panel.contains(panel.ownerDocument.activeElement);
      const talking = inCall(call.phase);
      show(form, !talking);
      show(controls, talking);
      submit.textContent = call.phase === 'ended' ? strings.callAgain : strings.startCall;
      const starting = call.phase === 'starting';
      submit.setAttribute('aria-disabled', String(starting));
      form.setAttribute('aria-busy', String(starting));
      status.textContent = statusText[call.phase];
      error.textContent = call.error?.message ?? '';
      mute.setAttribute('aria-pressed', String(call.muted));
      for (const key of keys) key.setAttribute('aria-disabled', String(call.phase !== 'connected'));
      digits.textContent = call.digits ? strings.digitsSent.replace('{digits}', call.digits) : '';
      button.classList.toggle('sbwc-call-launcher--active', talking);
      // A call in progress shows the panel; the focus follows the customer's work there.
      const was = previous?.call.phase;
      if (talking && was !== undefined && !inCall(was)) {
        setOpen(true);
        if (hadFocus) mute.focus();
      } else if (!talking && was !== undefined && inCall(was) && hadFocus) {
        name.focus();
      }
    },
  };
}
