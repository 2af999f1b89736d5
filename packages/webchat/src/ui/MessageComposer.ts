import { newClientId } from '@switchboard/contact-center';
import { uniqueId } from './dom';
import type { View, ViewContext } from './ViewContext';

/**
 * The message input, bound to the actions: typing invokes SetInputText (and SendTyping, at
 * most every `typingThrottleMs`), Enter or the Send button invokes SendMessage, Shift+Enter
 * adds a line. A plugin's SetInputText shows in the input.
 */
export function createMessageComposer(ctx: ViewContext, typingThrottleMs: number): View<HTMLFormElement> {
  const { h, strings } = ctx;
  const id = uniqueId('message');
  const input = h('textarea', {
    id,
    class: 'sbwc-input',
    rows: 1,
    placeholder: strings.messagePlaceholder,
    autocomplete: 'off',
  });
  const form = h(
    'form',
    { class: 'sbwc-composer', 'aria-label': strings.messageLabel },
    h('label', { for: id, class: 'sbwc-vh' }, strings.messageLabel),
    input,
    h('button', { type: 'submit', class: 'sbwc-btn' }, strings.send),
  );
  let lastTyping = 0;
  const channelSid = () => ctx.getState().engagement?.channelSid;

  const send = async () => {
    const sid = channelSid();
    const body = input.value.trim();
    if (!sid || !body) return;
    await ctx.run('SetInputText', { channelSid: sid, body: '' });
    // Shown as sending until the contact center stores it; another may be sent meanwhile (each has its key).
    const sent = await ctx.run('SendMessage', { channelSid: sid, body, clientId: newClientId() });
    // Refused (the reason is shown), or the chat ended meanwhile: give the customer the text back.
    if (!sent && ctx.getState().inputText === '' && channelSid() === sid) {
      await ctx.run('SetInputText', { channelSid: sid, body });
    }
  };

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void send();
  });
  input.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      void send();
    }
  });
  input.addEventListener('input', () => {
    const sid = channelSid();
    if (!sid) return;
    void ctx.run('SetInputText', { channelSid: sid, body: input.value });
    const now = Date.now();
    if (input.value && now - lastTyping >= typingThrottleMs) {
      lastTyping = now;
      void ctx.run('SendTyping', { channelSid: sid });
    }
  });

  return {
    element: form,
    update(state) {
      if (input.value !== state.inputText) input.value = state.inputText;
    },
    focus: () => input.focus(),
  };
}
