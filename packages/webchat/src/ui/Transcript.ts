import type { ChatMessage } from '@switchboard/contact-center';
import type { OutgoingMessage } from '../types';
import type { View, ViewContext } from './ViewContext';

/**
 * The transcript: a `role="log"` live region (new messages are announced politely). Each
 * message is rendered once and kept by sid, so a snapshot after a reconnect moves nothing
 * that did not change and nothing shows twice.
 */
export function createTranscript(ctx: ViewContext): View<HTMLDivElement> {
  const { h, strings } = ctx;
  // Focusable: a scrollable region must be reachable by keyboard (axe: scrollable-region-focusable).
  const log = h('div', {
    class: 'sbwc-log',
    role: 'log',
    'aria-live': 'polite',
    'aria-label': strings.transcriptLabel,
    tabindex: 0,
  });
  /** By message sid, and outgoing messages by `out:` and their key. */
  const rendered = new Map<string, HTMLElement>();

  const render = (m: ChatMessage): HTMLElement => {
    const mine = m.authorRole === 'customer';
    return h(
      'div',
      { class: `sbwc-msg sbwc-msg--${mine ? 'mine' : 'theirs'}`, 'data-sid': m.sid, 'data-role': m.authorRole },
      mine ? h('span', { class: 'sbwc-vh' }, `${strings.you}: `) : h('span', { class: 'sbwc-author' }, m.authorName),
      h('p', {}, m.body),
    );
  };

  /** A message on its way: the contact center has not stored it yet. */
  const renderOutgoing = (m: OutgoingMessage): HTMLElement =>
    h(
      'div',
      { class: 'sbwc-msg sbwc-msg--mine sbwc-msg--sending', 'data-client-id': m.clientId, 'data-role': 'customer' },
      h('span', { class: 'sbwc-vh' }, `${strings.you}: `),
      h('p', {}, m.body),
      h('span', { class: 'sbwc-sending' }, strings.sending),
    );

  const items = (state: { messages: readonly ChatMessage[]; outbox: readonly OutgoingMessage[] }) => [
    ...state.messages.map((m) => ({ key: m.sid, make: () => render(m) })),
    ...state.outbox.map((m) => ({ key: `out:${m.clientId}`, make: () => renderOutgoing(m) })),
  ];

  return {
    element: log,
    update(state, previous) {
      if (state.messages === previous?.messages && state.outbox === previous.outbox) return;
      const list = items(state);
      const wanted = new Set(list.map((i) => i.key));
      for (const [sid, el] of rendered) {
        if (!wanted.has(sid)) {
          el.remove();
          rendered.delete(sid);
        }
      }
      let cursor = log.firstElementChild;
      let added = false;
      for (const item of list) {
        let el = rendered.get(item.key);
        if (!el) {
          rendered.set(item.key, (el = item.make()));
          added = true;
        }
        if (el === cursor) cursor = cursor.nextElementSibling;
        else log.insertBefore(el, cursor);
      }
      if (added) log.scrollTop = log.scrollHeight;
    },
  };
}
