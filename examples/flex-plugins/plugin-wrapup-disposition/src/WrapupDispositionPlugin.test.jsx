/** @jest-environment jsdom */
/**
 * The plugin on a real host and the real contact center (in memory): a chat arrives, the
 * agent accepts it, the plugin's header badge and tab show; completing without a disposition
 * is aborted with a warning notification; saved notes go on the task and completing works.
 */
import { act, fireEvent, within } from '@testing-library/react';
import { createTestHost } from '@switchboard/host/testing';
import { FLEX_SLOTS, flexPluginDefinition } from '@switchboard/flex-compat';

import WrapupDispositionPlugin, { NOTIFICATION_REQUIRED, NOTIFICATION_SAVED } from './WrapupDispositionPlugin';

const plugin = flexPluginDefinition(WrapupDispositionPlugin, { name: 'plugin-wrapup-disposition' });

let t;
beforeEach(async () => {
  t = await createTestHost({ plugins: [plugin] });
});
afterEach(() => t.dispose());

/** A chat from `customerName`, accepted; resolves with its sids. */
async function acceptedChat(customerName) {
  const chat = await t.contactCenter.createTask({ customerName, message: 'My order never came' });
  await t.invoke('AcceptTask', { sid: chat.reservationSid });
  return chat;
}

const taskOf = (chat) => t.state().desktop.tasks[chat.reservationSid];
const shownIds = () => t.host.notifications.shown().map((n) => n.id);

test('overrides a desktop string and adds its own templates', () => {
  expect(t.host.strings.get('WrapUp')).toBe('Wrap up & add notes');
  expect(t.host.strings.get('WrapupDispositionChosen', { disposition: 'Resolved' })).toBe('Disposition: Resolved');
});

test('the header badge and the Wrap-up notes tab show on an accepted task only', async () => {
  const pending = await t.contactCenter.createTask({ customerName: 'Bea' });
  const pendingTask = taskOf(pending);
  expect((await t.render(FLEX_SLOTS.TaskCanvasHeader, { task: pendingTask })).text()).toBe('');

  const chat = await acceptedChat('Ada');
  const header = await t.render(FLEX_SLOTS.TaskCanvasHeader, { task: taskOf(chat) });
  expect(header.text()).toBe('No disposition yet');
  const tabs = await t.render(FLEX_SLOTS.TaskCanvasTabs, { task: taskOf(chat) });
  const form = within(tabs.container).getByRole('form', { name: 'Wrap-up notes' });
  expect(
    within(form)
      .getAllByRole('option')
      .map((o) => o.textContent),
  ).toEqual(['Choose…', 'Resolved', 'Follow-up needed', 'Escalated', 'Not reachable']);
});

test('wrapping up stamps the task first (an async before-listener, awaited)', async () => {
  const chat = await acceptedChat('Ada');
  await t.invoke('WrapupTask', { sid: chat.reservationSid });
  expect(taskOf(chat).status).toBe('wrapping');
  expect(taskOf(chat).attributes.wrapup_started_at).toMatch(/^\d{4}-\d\d-\d\dT/);
  // The task list marks it: in wrap-up, no disposition.
  expect((await t.render(FLEX_SLOTS.TaskListItem, { task: taskOf(chat) })).text()).toBe('Needs a disposition');
});

test('completing without a disposition is aborted with a notification; after saving, it completes', async () => {
  const chat = await acceptedChat('Ada');
  await t.invoke('WrapupTask', { sid: chat.reservationSid });

  await expect(t.invoke('CompleteTask', { sid: chat.reservationSid })).rejects.toMatchObject({
    code: 'ACTION_ABORTED',
  });
  expect(taskOf(chat).status).toBe('wrapping');
  const [warning] = t.host.notifications.shown().filter((n) => n.id === NOTIFICATION_REQUIRED);
  expect(warning).toMatchObject({ type: 'warning', context: { customer: 'Ada' } });

  // The agent fills the tab and saves: SaveWrapupNotes sets the task's attributes.
  const tabs = await t.render(FLEX_SLOTS.TaskCanvasTabs, { task: taskOf(chat) });
  const form = within(tabs.container).getByRole('form', { name: 'Wrap-up notes' });
  await act(async () => {
    fireEvent.change(within(form).getByRole('combobox'), { target: { value: 'Resolved' } });
    fireEvent.change(within(form).getByRole('textbox'), { target: { value: 'Parcel re-sent' } });
  });
  await act(async () => {
    fireEvent.submit(form);
  });
  await t.settle();
  expect(taskOf(chat).attributes).toMatchObject({ disposition: 'Resolved', wrapup_notes: 'Parcel re-sent' });
  expect(shownIds()).toContain(NOTIFICATION_SAVED);
  expect(t.state().wrapupDisposition).toEqual({ saved: 1, last: 'Resolved' });
  expect(form.textContent).toContain('Saved this session: 1');
  expect((await t.render(FLEX_SLOTS.TaskCanvasHeader, { task: taskOf(chat) })).text()).toBe('Disposition: Resolved');

  // Completed: the disposition is posted to the CRM with the agent's token (afterCompleteTask).
  const fetch = jest.fn(async () => ({ ok: true, status: 201 }));
  globalThis.fetch = fetch;
  try {
    await t.invoke('CompleteTask', { sid: chat.reservationSid });
    expect(taskOf(chat)).toBeUndefined();
    await t.settle();
    expect(fetch).toHaveBeenCalledWith('/demo-crm/interactions', expect.objectContaining({ method: 'POST' }));
    expect(JSON.parse(fetch.mock.calls[0][1].body)).toEqual({
      Token: 'switchboard-local:agent',
      taskSid: chat.taskSid,
      customer: 'Ada',
      channel: 'chat',
      disposition: 'Resolved',
      notes: 'Parcel re-sent',
    });
  } finally {
    delete globalThis.fetch;
  }
});

test('unloading the plugin takes its listeners, notifications and strings with it', async () => {
  await act(async () => {
    await t.host.plugins.unload('plugin-wrapup-disposition');
  });
  expect(t.host.strings.get('WrapUp')).toBe('Wrap up');
  const chat = await acceptedChat('Ada');
  await t.invoke('WrapupTask', { sid: chat.reservationSid });
  await t.invoke('CompleteTask', { sid: chat.reservationSid });
  expect(taskOf(chat)).toBeUndefined();
});
