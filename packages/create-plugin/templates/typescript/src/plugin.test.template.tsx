/** @jest-environment jsdom */
import { expect, it } from '@jest/globals';
import { createTestHost } from '@switchboard/plugin/testing';
import type { DesktopTask } from '@switchboard/plugin';
import pkg from '../package.json';
import plugin from './plugin';

/** The plugin runs under the permissions its package.json declares, as in production. */
const permissions = { [plugin.name]: pkg.switchboard.plugin.permissions };

it('logs before a task is accepted and shows the customer in the task header', async () => {
  // A real host (actions, store, slots) on the real contact center in memory, with the plugin loaded.
  const t = await createTestHost({ plugins: [plugin], permissions });
  try {
    const logs: string[] = [];
    t.host.events.on('log', (entry) => {
      if (entry.source === plugin.name) logs.push(entry.message);
    });
    const { reservationSid } = await t.contactCenter.createTask({ customerName: 'Ada' });

    const task = (await t.invoke('AcceptTask', { sid: reservationSid })) as DesktopTask;
    expect(task.status).toBe('accepted');
    expect(logs).toEqual(['accepting the task of Ada']);

    const header = await t.render('TaskCanvas.Header', { task });
    expect(header.text()).toBe('Ada · chat');
  } finally {
    await t.dispose();
  }
});
