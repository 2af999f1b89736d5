/** @jest-environment jsdom */
import { selectSelectedView, ViewContainer } from '@switchboard/host';
import { createTestHost, type TestHost } from '@switchboard/plugin/testing';
import { crmSync, FAILED_NOTIFICATION, HISTORY_VIEW, SYNCED_NOTIFICATION } from './plugin';
import pkg from '../package.json';

/** The plugin runs under the permissions its package.json declares, as in production. */
const permissions = { 'crm-sync': pkg.switchboard.plugin.permissions };

// jsdom has no fetch: a CRM that answers every request with `status` (the HTTP side is
// tested in plugin.test.ts, against a real server).
const URL_ = 'http://crm.test/demo-crm/interactions';
const realFetch = globalThis.fetch;
function crmAnswers(status: number) {
  let n = 0;
  globalThis.fetch = jest.fn(async () => {
    n++;
    const body = status === 201 ? JSON.stringify({ id: `crm-${n}` }) : '{"error":"no"}';
    return { status, ok: status < 300, json: async () => JSON.parse(body), text: async () => body } as Response;
  });
}

let t: TestHost;
afterEach(async () => {
  await t?.dispose();
  globalThis.fetch = realFetch;
});

const until = async (condition: () => boolean) => {
  for (const end = Date.now() + 5_000; !condition();) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
  await t.settle();
};

it("shows the selected task's customer in the CRM container (useTask), and nothing but a hint without one", async () => {
  crmAnswers(201);
  t = await createTestHost({ permissions, plugins: [crmSync({ url: URL_ })] });
  const task = await t.contactCenter.createTask({
    customerName: 'Ada',
    attributes: { question: 'Where is my parcel?' },
  });
  await t.invoke('AcceptTask', { sid: task.reservationSid });
  const record = await t.render('CRMContainer', { task: t.state().desktop.tasks[task.reservationSid] });
  expect(record.container.querySelector('h2')?.textContent).toBe('Customer record');
  expect([...record.container.querySelectorAll('dd')].map((d) => d.textContent)).toEqual([
    'Ada',
    'chat',
    'Where is my parcel?',
    task.taskSid,
  ]);
  const empty = await t.render('CRMContainer', { task: undefined });
  expect(empty.text()).toBe("Select a task to see the customer's record.");
});

it("registers its view in the side nav; the record's button navigates to it; it lists what was recorded", async () => {
  crmAnswers(201);
  t = await createTestHost({ permissions, plugins: [crmSync({ url: URL_ })] });
  expect(t.host.views.get(HISTORY_VIEW)).toMatchObject({ label: 'CRM history', owner: 'crm-sync' });
  const task = await t.contactCenter.createTask({ customerName: 'Bo' });
  await t.invoke('AcceptTask', { sid: task.reservationSid });
  const record = await t.render('CRMContainer', { task: t.state().desktop.tasks[task.reservationSid] });
  record.container.querySelector('button')!.click();
  await until(() => selectSelectedView(t.state() as never) === HISTORY_VIEW);
  const view = await t.renderElement(<ViewContainer />);
  expect(view.text()).toContain('No interaction recorded yet');

  await t.invoke('CompleteTask', { sid: task.reservationSid });
  await until(() => t.host.notifications.shown().length > 0);
  expect(view.text()).toContain(`Bo (${task.taskSid}): CRM interaction crm-1`);
  const [shown] = t.host.notifications.shown();
  expect(shown).toMatchObject({ id: SYNCED_NOTIFICATION, type: 'success', owner: 'crm-sync' });
  expect(t.host.strings.render(t.host.notifications.get(SYNCED_NOTIFICATION)!.content as string, shown!.context)).toBe(
    "Bo's chat is recorded in the CRM (crm-1).",
  );

  view.unmount();
  record.unmount();
  await t.host.plugins.unload('crm-sync');
  expect(t.host.views.get(HISTORY_VIEW)).toBeUndefined();
  expect(t.host.notifications.shown()).toEqual([]);
  expect(t.state()).not.toHaveProperty('crmSync');
});

it('says so in an error notification when the CRM refuses the interaction', async () => {
  crmAnswers(400);
  t = await createTestHost({ permissions, plugins: [crmSync({ url: URL_ })] });
  const task = await t.contactCenter.createTask({ customerName: 'Cy' });
  await t.invoke('AcceptTask', { sid: task.reservationSid });
  await t.invoke('CompleteTask', { sid: task.reservationSid });
  await until(() => t.host.notifications.shown().length > 0);
  const [shown] = t.host.notifications.shown();
  expect(shown).toMatchObject({ id: FAILED_NOTIFICATION, type: 'error', timeout: 0 });
  expect(t.host.strings.render(t.host.notifications.get(FAILED_NOTIFICATION)!.content as string, shown!.context)).toBe(
    'Cy\'s chat could not be recorded in the CRM: the CRM refused the interaction: HTTP 400 {"error":"no"}',
  );
});
