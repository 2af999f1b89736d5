/** @jest-environment jsdom */
/**
 * The plugin on a real host and the real contact center (in memory): going Offline with an
 * accepted chat is aborted with an error notification; without one it goes through; the
 * shift panel shows the session and the activity changes the store subscription saw.
 */
import { createTestHost, type TestHost } from '@switchboard/host/testing';
import { FLEX_SLOTS, flexPluginDefinition } from '@switchboard/flex-compat';

import ActivityGuardPlugin, { NOTIFICATION_BUSY } from './ActivityGuardPlugin';

const plugin = flexPluginDefinition(ActivityGuardPlugin, { name: 'plugin-activity-guard' });

let t: TestHost;
beforeEach(async () => {
  t = await createTestHost({ agent: 'alice', plugins: [plugin] });
});
afterEach(() => t.dispose());

const activity = () => t.state().desktop.worker?.activity;

test('going Offline with an accepted chat is aborted with an error notification', async () => {
  const chat = await t.contactCenter.createTask({ customerName: 'Ada' });
  await t.invoke('AcceptTask', { sid: chat.reservationSid });

  await expect(t.invoke('SetActivity', { activityName: 'Offline' })).rejects.toMatchObject({ code: 'ACTION_ABORTED' });
  expect(activity()).toBe('Available');
  expect(t.host.notifications.shown()).toEqual([
    expect.objectContaining({ id: NOTIFICATION_BUSY, type: 'error', context: { count: 1, activity: 'Offline' } }),
  ]);

  // By sid too (Flex code often has the sid from the activity list).
  const offline = t.state().desktop.activities.find((a) => a.name === 'Offline')!;
  await expect(t.invoke('SetActivity', { activitySid: offline.sid })).rejects.toMatchObject({
    code: 'ACTION_ABORTED',
  });

  await t.invoke('WrapupTask', { sid: chat.reservationSid });
  await t.invoke('CompleteTask', { sid: chat.reservationSid });
  await t.invoke('SetActivity', { activityName: 'Offline' });
  expect(activity()).toBe('Offline');
});

test('the shift panel shows the session and the activity changes', async () => {
  await t.settle();
  expect((t.state().activityGuard as { pluginsReady: boolean }).pluginsReady).toBe(true);
  await t.invoke('SetActivity', { activityName: 'Offline' });
  await t.invoke('SetActivity', { activityName: 'Available' });
  const header = await t.render(FLEX_SLOTS.MainHeader);
  expect(header.text()).toBe('Shift: alice · 2 activity change(s)');
  const panel = header.container.querySelector('.activity-guard-shift')!;
  expect(panel.getAttribute('title')).toBe('Signed in as alice (ACswitchboardlocal)');
  expect(panel.getAttribute('data-connection')).toBe('connected');
});

test("removes the desktop's own Enable notifications button from the main header", () => {
  expect(t.host.contributions.describe(FLEX_SLOTS.MainHeader)).toEqual(
    expect.arrayContaining([
      expect.objectContaining({ kind: 'remove', key: 'notifications', owner: 'plugin-activity-guard' }),
      expect.objectContaining({ kind: 'add', key: 'activity-guard-shift', owner: 'plugin-activity-guard' }),
    ]),
  );
});

test('an activity the contact center does not have is reported as a FlexError (manager.reportErrorEvent)', async () => {
  const logged: Array<{ source: string; message: string; details: unknown[] }> = [];
  const quiet = jest.spyOn(console, 'error').mockImplementation(() => {}); // the host also logs to the console
  const t2 = await createTestHost({ agent: 'bob', plugins: [plugin], host: { logLevel: 'error' } });
  try {
    t2.host.events.on('log', (entry) => logged.push(entry));
    await expect(t2.invoke('SetActivity', { activityName: 'Lunch' })).rejects.toThrow();
    expect(logged).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          message: 'No activity Lunch',
          details: [expect.objectContaining({ name: 'FlexError' })],
        }),
      ]),
    );
  } finally {
    await t2.dispose();
    quiet.mockRestore();
  }
});
