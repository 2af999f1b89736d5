/**
 * The greeting plugin in a real webchat widget (no DOM needed: the widget's actions and state)
 * on a real local contact center, as the customer's page runs it.
 */
import { startContactCenter, type ContactCenterServer } from '@switchboard/contact-center/server';
import { createWebChat, type WebChat } from '@switchboard/webchat';
import WebSocket from 'ws';
import plugin, { greetingFor } from './plugin';

let cc: ContactCenterServer;
let webchat: WebChat | undefined;
beforeAll(async () => {
  cc = await startContactCenter({ dataDir: null, port: 0, agents: ['alice'], logger: silent() });
});
afterEach(() => webchat?.destroy());
afterAll(() => cc.close());

function silent() {
  const nothing = () => {};
  return { debug: nothing, info: nothing, warn: nothing, error: nothing };
}

const until = async (condition: () => boolean) => {
  for (const end = Date.now() + 5_000; !condition();) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
};

it('greets after StartEngagement with the page the customer is on, committed by the contact center', async () => {
  webchat = await createWebChat({
    serverUrl: cc.url,
    WebSocket: WebSocket as never,
    storage: null,
    plugins: [plugin],
  });
  expect(webchat.plugins).toEqual([{ name: 'webchat-greeting', state: 'initialized' }]);
  const { channelSid } = (await webchat.actions.invokeAction('StartEngagement', {
    formData: { name: 'Ada', question: 'Hi' },
  })) as { channelSid: string };
  const expected = greetingFor('', '/');
  await until(() => webchat!.getState().messages.some((m) => m.body === expected));
  // Committed by the contact center: it has its index in the channel and the customer as author.
  expect(webchat.getState().messages).toEqual([
    expect.objectContaining({ channelSid, index: 0, body: expected, authorRole: 'customer', authorName: 'Ada' }),
  ]);
});

it('names the page when there is one', () => {
  expect(greetingFor('Northwind Outfitters — Boots', '/shop/boots')).toBe(
    'Hello! I\'m writing from "Northwind Outfitters — Boots" (/shop/boots).',
  );
});
