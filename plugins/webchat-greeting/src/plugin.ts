/**
 * A WebChat plugin (customer side): after StartEngagement, the customer's chat opens with a
 * greeting that tells the agent which page the customer is on — context the agent would
 * otherwise ask for.
 */
import type { WebChatPlugin } from '@switchboard/webchat';

/** The greeting, for a page title and a URL path. */
export const greetingFor = (title: string, path: string): string =>
  `Hello! I'm writing from "${title || 'the website'}" (${path || '/'}).`;

const plugin: WebChatPlugin = {
  name: 'webchat-greeting',
  init(webchat) {
    webchat.actions.on('afterStartEngagement', ({ channelSid }) => {
      const page = globalThis.document;
      const body = greetingFor(page?.title ?? '', globalThis.location?.pathname ?? '/');
      return webchat.actions.invokeAction('SendMessage', { channelSid, body });
    });
  },
};

export default plugin;
