import type { ChatMessage } from '@switchboard/contact-center';
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

  return {
    element: log,
    update(state, previous) {
      if (state.messages === previous?.messages) return;
      const wanted = new Set(state.messages.map((m) => m.sid));
      for (const [sid, el] of rendered) {
        if (!wanted.has(sid)) {
          el.remove();
          rendered.delete(sid);
        }
      }
      let cursor = log.firstElementChild;
      let added = false;
      for (const m of state.messages) {
        let el = rendered.get(m.sid);
        if (!el) {
          rendered.set(m.sid, (el = render(m)));
          added = true;
        }
        if (el === cursor) cursor = cursor.nextElementSibling;
        else log.insertBefore(el, cursor);
      }
      if (added) log.scrollTop = log.scrollHeight;
    },
  };
}
