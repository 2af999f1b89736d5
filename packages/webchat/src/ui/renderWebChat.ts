import { toDisposable, type Disposable } from '@switchboard/actions';
import type { WebChatConfig, WebChatPhase, WebChatState, WebChatVoiceConfig } from '../types';
import { createCallPanel } from './CallPanel';
import { elementFactory, show, uniqueId } from './dom';
import { createMessageComposer } from './MessageComposer';
import { createPreEngagementForm } from './PreEngagementForm';
import { injectStyles } from './styles';
import { createTranscript } from './Transcript';
import type { View, ViewContext } from './ViewContext';

/** What {@link renderWebChat} needs. */
export interface RenderOptions extends Omit<ViewContext, 'h'> {
  doc: Document;
  config: Readonly<WebChatConfig>;
  subscribe(listener: (state: WebChatState, previous: WebChatState) => void): Disposable;
  typingThrottleMs: number;
  /** The "Call us" entry's options, when the widget has one. */
  voice?: WebChatVoiceConfig;
}

/**
 * Renders the widget: a floating launcher and a non-modal chat dialog, or (with
 * `config.container`) the chat inline in a labelled region. Plain DOM that follows the state;
 * every button and input goes through the actions. Disposing removes it all.
 */
export function renderWebChat(options: RenderOptions): Disposable {
  const { doc, config, strings, run } = options;
  const h = elementFactory(doc);
  const ctx: ViewContext = { h, strings, run, getState: options.getState };
  const floating = !config.container;
  const titleId = uniqueId('title');
  const windowId = uniqueId('window');

  const form = createPreEngagementForm(ctx, config.preEngagementConfig);
  const transcript = createTranscript(ctx);
  const composer = createMessageComposer(ctx, options.typingThrottleMs);
  const typing = h('p', { class: 'sbwc-typing', 'aria-live': 'polite' });
  const restart = h('button', { type: 'button', class: 'sbwc-btn' }, strings.startNewChat);
  const ended = h('div', { class: 'sbwc-ended' }, h('p', { role: 'status' }, strings.chatEnded), restart);
  const status = h('p', { class: 'sbwc-status', role: 'status' });
  const error = h('p', { class: 'sbwc-error', role: 'alert' });
  const endChat = h('button', { type: 'button', class: 'sbwc-btn sbwc-btn--ghost' }, strings.endChat);
  const minimize =
    floating &&
    h(
      'button',
      { type: 'button', class: 'sbwc-btn sbwc-btn--ghost', 'aria-label': strings.minimize, title: strings.minimize },
      '—',
    );
  const win = h(
    'div',
    { id: windowId, class: 'sbwc-window', role: floating ? 'dialog' : undefined, 'aria-labelledby': titleId },
    h('div', { class: 'sbwc-header' }, h('h2', { id: titleId, class: 'sbwc-title' }, strings.title), endChat, minimize),
    status,
    error,
    form.element,
    transcript.element,
    typing,
    composer.element,
    ended,
  );
  const launcher =
    floating && h('button', { type: 'button', class: 'sbwc-btn sbwc-launcher', 'aria-controls': windowId });
  const calls = options.voice && createCallPanel(ctx, options.voice, floating);
  // Inline, "Call us" sits in the chat's header; floating, beside the launcher.
  if (calls && !floating) win.firstElementChild?.append(calls.button);
  const root = floating
    ? h(
        'aside',
        { class: 'sbwc-root sbwc-root--floating', 'aria-label': strings.title },
        calls ? h('div', { class: 'sbwc-launchers' }, calls.button, launcher) : launcher,
        win,
        calls && calls.panel,
      )
    : h('section', { class: 'sbwc-root sbwc-root--inline', 'aria-labelledby': titleId }, win, calls && calls.panel);

  /** The view where the customer continues in each phase. */
  const focusTarget: Record<WebChatPhase, () => void> = {
    form: () => form.focus?.(),
    starting: () => form.focus?.(),
    chat: () => composer.focus?.(),
    ended: () => restart.focus(),
  };

  const views: View[] = [form, transcript, composer];
  const update = (state: WebChatState, previous: WebChatState | undefined) => {
    // Decided before the DOM changes: a clicked button that disappears drops the focus to <body>.
    const hadFocus = root.contains(doc.activeElement);
    const chatHadFocus = win.contains(doc.activeElement) || (!!launcher && launcher === doc.activeElement);
    const { phase } = state;
    const engaged = phase === 'chat' || phase === 'ended';
    show(form.element, !engaged);
    show(transcript.element, engaged);
    show(typing, phase === 'chat');
    show(composer.element, phase === 'chat');
    show(ended, phase === 'ended');
    show(endChat, phase === 'chat');
    for (const v of views) v.update(state, previous);
    calls?.update(state, previous);
    // Floating, one window at a time: the chat opening hides the call panel (the call goes on).
    if (calls && floating && state.visible && !previous?.visible) calls.setOpen(false);
    typing.textContent = state.agentTyping ? strings.agentTyping.replace('{name}', state.agentTyping) : '';
    const connection = state.connection;
    status.textContent =
      phase !== 'chat' || connection === 'connected' || connection === 'idle'
        ? ''
        : connection === 'reconnecting'
          ? strings.reconnecting
          : connection === 'closed'
            ? strings.disconnected
            : strings.connecting;
    error.textContent = state.error?.message ?? '';
    show(win, state.visible);
    if (launcher) {
      launcher.setAttribute('aria-expanded', String(state.visible));
      launcher.textContent = state.visible ? strings.closeChat : strings.openChat;
    }
    // The focus moves only when the customer is working in the widget: a resumed chat or a
    // change made by code never pulls the focus away from the page.
    if (!previous) return;
    if (state.visible && !previous.visible && launcherClicked) focusTarget[phase]();
    else if (!state.visible && previous.visible && chatHadFocus) {
      if (launcher) launcher.focus();
    } else if (state.visible && phase !== previous.phase && hadFocus) focusTarget[phase]();
    launcherClicked = false;
  };
  let launcherClicked = false;

  if (launcher) {
    launcher.addEventListener('click', () => {
      launcherClicked = true;
      void run('ToggleChatVisibility').finally(() => (launcherClicked = false));
    });
  }
  if (minimize) minimize.addEventListener('click', () => void run('MinimizeChat'));
  // …and the call panel opening hides the chat.
  if (calls && floating) {
    calls.button.addEventListener('click', () => calls.open && ctx.getState().visible && void run('MinimizeChat'));
  }
  endChat.addEventListener('click', () => void run('RestartEngagement'));
  restart.addEventListener('click', () => void run('RestartEngagement'));
  root.addEventListener('keydown', (event) => {
    if (event.key === 'Escape' && floating && ctx.getState().visible) {
      event.preventDefault();
      void run('MinimizeChat');
    }
  });

  const removeStyles = injectStyles(doc, config.styleNonce);
  update(ctx.getState(), undefined);
  (config.container ?? doc.body).append(root);
  const subscription = options.subscribe(update);
  return toDisposable(() => {
    subscription.dispose();
    root.remove();
    removeStyles();
  });
}
