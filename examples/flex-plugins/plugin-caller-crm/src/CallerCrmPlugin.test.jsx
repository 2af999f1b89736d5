/** @jest-environment jsdom */
/**
 * The plugin on a real host and the real contact center (in memory): the caller's card in the
 * CRM container, the caller-history view and its side-nav link, the agent badge in the main
 * header, canned responses beside the message input, the urgent marker on messages, the
 * card-number guard on SendMessage, and the SDK clients' events feeding its store.
 */
import { act, fireEvent, within } from '@testing-library/react';
import { createTestHost } from '@switchboard/host/testing';
import { FLEX_SLOTS, flexPluginDefinition } from '@switchboard/flex-compat';

import CallerCrmPlugin, { maskCardNumbers, VIEW_NAME } from './CallerCrmPlugin';

const plugin = flexPluginDefinition(CallerCrmPlugin, { name: 'plugin-caller-crm' });

let t;
beforeEach(async () => {
  window.history.replaceState(null, '', '/');
  t = await createTestHost({ agent: 'alice', plugins: [plugin] });
});
afterEach(() => t.dispose());

const taskOf = (chat) => t.state().desktop.tasks[chat.reservationSid];
const bodies = async (chat) => (await t.contactCenter.messagesOf(chat.channelSid)).map((m) => m.body);

async function acceptedChat(customerName, message = 'Hello, I need help with my order') {
  const chat = await t.contactCenter.createTask({ customerName, message, attributes: { email: 'ada@example.com' } });
  await t.invoke('AcceptTask', { sid: chat.reservationSid });
  await t.settle();
  return chat;
}

test('masks card numbers', () => {
  expect(maskCardNumbers('card 4111 1111 1111 1234, thanks')).toBe('card **** 1234, thanks');
  expect(maskCardNumbers('order 12345')).toBe('order 12345');
});

test('overrides the empty task list text', () => {
  expect(t.host.strings.get('NoTasks')).toBe('No callers waiting. Set your activity to Available to take chats.');
});

test("the caller's card replaces the CRM container's content, inside the plugin's provider", async () => {
  expect((await t.render(FLEX_SLOTS.CRMContainer, { task: undefined })).text()).toBe('No caller selected');
  const chat = await acceptedChat('Ada');
  const crm = await t.render(FLEX_SLOTS.CRMContainer, { task: taskOf(chat) });
  await t.settle();
  expect(crm.container.querySelector('.caller-crm-theme .caller-crm-card')).not.toBeNull();
  const card = within(crm.container).getByRole('region', { name: 'Caller' });
  expect(card.querySelector('h3').textContent).toBe('Caller: Ada');
  expect(card.textContent).toContain('ada@example.com');
  expect(card.querySelector('.caller-crm-first').textContent).toBe('Hello, I need help with my order');

  // conversationsClient.on('messageAdded') counts what the customer writes.
  await t.contactCenter.customerWrites(chat.channelSid, 'Are you there?');
  await t.settle();
  expect(card.querySelector('.caller-crm-written').textContent).toBe('2');
});

test('reservationCreated and taskAccepted: the history view lists the offers; the worker keeps the last caller', async () => {
  const chat = await acceptedChat('Ada');
  expect(t.state().callerCrm.offers).toEqual([expect.objectContaining({ sid: chat.taskSid, name: 'Ada' })]);
  await t.settle();
  expect(t.state().desktop.worker.attributes).toMatchObject({ last_caller: 'Ada' });

  const header = await t.render(FLEX_SLOTS.MainHeader);
  expect(header.text()).toMatch(/^Alice · Available · last caller: Ada$/);

  expect(t.host.views.get(VIEW_NAME)).toMatchObject({ label: 'Caller history' });
  const nav = await t.render(FLEX_SLOTS.SideNav);
  await act(async () => {
    fireEvent.click(within(nav.container).getByRole('button', { name: 'Open caller history' }));
  });
  expect(t.host.views.selected).toBe(VIEW_NAME);
  const View = t.host.views.get(VIEW_NAME).component;
  const view = await t.renderElement(<View name={VIEW_NAME} path={`/${VIEW_NAME}`} />);
  expect(view.text()).toContain('1 open task(s)');
  expect(view.text()).toContain('Flex UI API 2.17.0');
  expect(
    within(view.container)
      .getAllByRole('listitem')
      .map((li) => li.textContent),
  ).toEqual([expect.stringMatching(/^Ada \(/)]);
});

test('canned responses: the greeting is sent through the conversation; the sign-off goes into the input', async () => {
  const chat = await acceptedChat('Ada');
  const actions = await t.render(FLEX_SLOTS.MessageInputActions, { task: taskOf(chat) });
  await act(async () => {
    fireEvent.click(within(actions.container).getByRole('button', { name: 'Send the greeting' }));
  });
  await t.settle();
  expect((await bodies(chat)).at(-1)).toBe('Hello Ada, thanks for reaching out! I am Alice and I have your file open.');

  await act(() => t.invoke('SetInputText', { channelSid: chat.channelSid, body: 'Done.' }));
  await act(async () => {
    fireEvent.click(within(actions.container).getByRole('button', { name: 'Add the sign-off' }));
  });
  expect(t.state().desktop.channels[chat.channelSid].inputText).toBe(
    'Done. Is there anything else I can help you with?',
  );
});

test('SendMessage is replaced: card numbers never leave the desktop', async () => {
  const chat = await acceptedChat('Ada');
  await t.invoke('SendMessage', { channelSid: chat.channelSid, body: 'Your card 4111-1111-1111-1234 is on file' });
  expect((await bodies(chat)).at(-1)).toBe('Your card **** 1234 is on file');
});

test('messages saying "urgent" get the marker', async () => {
  const chat = await acceptedChat('Ada', 'This is urgent!');
  const [message] = t.state().desktop.channels[chat.channelSid].messages;
  const item = await t.render(FLEX_SLOTS.MessageListItem, { task: taskOf(chat), message });
  expect(item.text()).toBe('Urgent');
});
