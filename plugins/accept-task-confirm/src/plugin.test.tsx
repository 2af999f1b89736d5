/** @jest-environment jsdom */
import { createTestHost, type TestHost } from '@switchboard/plugin/testing';
import plugin, { ACCEPTED_NOTIFICATION, STRINGS } from './plugin';
import pkg from '../package.json';

/** The plugin runs under the permissions its package.json declares, as in production. */
const permissions = { 'accept-task-confirm': pkg.switchboard.plugin.permissions };

let t: TestHost;
beforeEach(async () => {
  t = await createTestHost({ permissions, plugins: [plugin] });
});
afterEach(() => t.dispose());

const click = async (container: HTMLElement, label: string) => {
  const button = [...container.querySelectorAll('button')].find((b) => b.textContent === label);
  if (!button) throw new Error(`no button "${label}" in: ${container.innerHTML}`);
  button.click();
  await t.settle();
};

it('asks in an in-app dialog before accepting; "No" aborts and the reservation stays', async () => {
  const overlay = await t.render('AgentDesktop.Overlay');
  expect(overlay.container.querySelector('[role="dialog"]')).toBeNull();
  const { reservationSid } = await t.contactCenter.createTask({ customerName: 'Ada' });

  const accepting = t.invoke('AcceptTask', { sid: reservationSid });
  await t.settle();
  const dialog = overlay.container.querySelector('[role="dialog"]')!;
  expect(dialog.getAttribute('aria-modal')).toBe('true');
  expect(dialog.textContent).toContain('Ada is waiting. Accept the chat now?');
  expect(document.activeElement?.textContent).toBe('Yes, accept'); // the focus is on the dialog

  const refused = expect(accepting).rejects.toMatchObject({ code: 'ACTION_ABORTED', owner: 'accept-task-confirm' });
  await click(overlay.container, 'No');
  await refused;
  expect(overlay.container.querySelector('[role="dialog"]')).toBeNull();
  expect(t.state().desktop.tasks[reservationSid]?.status).toBe('pending');
  expect(t.contactCenter.calls.some((c) => c.method === 'acceptReservation')).toBe(false);
});

it('"Yes, accept" lets the accept go on', async () => {
  const overlay = await t.render('AgentDesktop.Overlay');
  const { reservationSid } = await t.contactCenter.createTask({ customerName: 'Bo' });
  const accepting = t.invoke('AcceptTask', { sid: reservationSid });
  await t.settle();
  await click(overlay.container, 'Yes, accept');
  await expect(accepting).resolves.toMatchObject({ status: 'accepted' });
  expect(t.state().desktop.tasks[reservationSid]?.status).toBe('accepted');
});

it('says in a notification of the desktop that the chat is accepted (not when the agent says no)', async () => {
  const overlay = await t.render('AgentDesktop.Overlay');
  const { reservationSid } = await t.contactCenter.createTask({ customerName: 'Bo' });
  const refused = expect(t.invoke('AcceptTask', { sid: reservationSid })).rejects.toMatchObject({
    code: 'ACTION_ABORTED',
  });
  await t.settle();
  await click(overlay.container, 'No');
  await refused;
  expect(t.host.notifications.shown()).toEqual([]);

  const accepting = t.invoke('AcceptTask', { sid: reservationSid });
  await t.settle();
  await click(overlay.container, 'Yes, accept');
  await accepting;
  await t.settle();
  const [shown] = t.host.notifications.shown();
  expect(shown).toMatchObject({ id: ACCEPTED_NOTIFICATION, type: 'success', owner: 'accept-task-confirm' });
  expect(
    t.host.strings.render(t.host.notifications.get(ACCEPTED_NOTIFICATION)!.content as string, shown!.context),
  ).toBe('You are now chatting with Bo.');
  expect(t.state().ui).toMatchObject({ notifications: [expect.objectContaining({ id: ACCEPTED_NOTIFICATION })] });
});

it('rewords the empty task list; unloading restores the text and takes its notification away', async () => {
  expect(t.host.strings.get('NoTasks')).toBe(STRINGS.NoTasks);
  t.host.notifications.show(ACCEPTED_NOTIFICATION, { task: { customerName: 'Ada' } });
  await t.host.plugins.unload('accept-task-confirm');
  expect(t.host.strings.get('NoTasks')).toBe('No tasks. Set your activity to Available to receive chats.');
  expect(t.host.notifications.get(ACCEPTED_NOTIFICATION)).toBeUndefined();
  expect(t.host.notifications.shown()).toEqual([]);
});

it('asks one question at a time, in order; Escape means no', async () => {
  const overlay = await t.render('AgentDesktop.Overlay');
  const a = await t.contactCenter.createTask({ customerName: 'Ada' });
  const b = await t.contactCenter.createTask({ customerName: 'Bo' });
  const first = t.invoke('AcceptTask', { sid: a.reservationSid });
  const firstRefused = expect(first).rejects.toMatchObject({ code: 'ACTION_ABORTED' });
  const second = t.invoke('AcceptTask', { sid: b.reservationSid });
  await t.settle();
  expect(overlay.text()).toContain('Ada is waiting');
  overlay.container
    .querySelector('[role="dialog"]')!
    .dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
  await t.settle();
  await firstRefused;
  expect(overlay.text()).toContain('Bo is waiting');
  await click(overlay.container, 'Yes, accept');
  await expect(second).resolves.toMatchObject({ status: 'accepted' });
});

it('unloading while it asks ends the wait, and leaves nothing behind', async () => {
  const overlay = await t.render('AgentDesktop.Overlay');
  const { reservationSid } = await t.contactCenter.createTask();
  const accepting = t.invoke('AcceptTask', { sid: reservationSid });
  const refused = expect(accepting).rejects.toMatchObject({ code: 'ACTION_ABORTED' });
  await t.settle();
  await t.host.plugins.unload('accept-task-confirm');
  await refused;
  await t.settle();
  expect(overlay.container.innerHTML).toBe('');
  expect(t.state()).not.toHaveProperty('acceptTaskConfirm');
  expect(document.head.querySelectorAll('style').length).toBe(0);
  // Without the plugin, AcceptTask runs straight through.
  await expect(t.invoke('AcceptTask', { sid: reservationSid })).resolves.toMatchObject({ status: 'accepted' });
});
