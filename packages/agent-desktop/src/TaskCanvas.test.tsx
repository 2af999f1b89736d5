/** @jest-environment jsdom */
import { createTestHost, type TestHost } from '@switchboard/host/testing';
import { act } from 'react';
import { TaskCanvas } from './TaskCanvas';

let t: TestHost;
beforeEach(async () => {
  t = await createTestHost({ agent: 'alice', others: ['bob', 'carol'] });
  await t.contactCenter.colleague('carol').setActivity('Busy');
});
afterEach(() => t.dispose());

const button = (container: HTMLElement, name: string) =>
  [...container.querySelectorAll('button')].find((b) => (b.getAttribute('aria-label') ?? b.textContent) === name);
const click = async (element: HTMLElement | undefined) => {
  if (!element) throw new Error('no such button');
  await act(async () => element.click());
  await t.settle();
};

it('Transfer… opens the directory: Available agents and the queue; choosing one transfers the task', async () => {
  const { reservationSid, taskSid } = await t.contactCenter.createTask({ customerName: 'Ada' });
  await t.invoke('AcceptTask', { sid: reservationSid });
  const { container } = await t.renderElement(<TaskCanvas />);
  await click(button(container, 'Transfer…'));
  expect(t.state().desktop.directory).toMatchObject({ open: true, taskSid: reservationSid });
  expect(button(container, 'Transfer to Bob')?.disabled).toBe(false);
  expect(button(container, 'Carol is Busy')?.disabled).toBe(true);
  expect(button(container, 'Transfer to queue Everyone')).toBeDefined();
  await click(button(container, 'Close'));
  expect(t.state().desktop.directory.open).toBe(false);
  await click(button(container, 'Transfer…'));
  await click(button(container, 'Transfer to Bob'));
  expect(t.contactCenter.calls.filter((c) => c.method === 'transferTask').map((c) => c.args)).toEqual([
    [taskSid, t.contactCenter.colleague('bob').worker!.sid],
  ]);
  expect(container.textContent).toContain('No task selected');
});

it("takes its texts from the host's strings, so an override rewords them", async () => {
  const { reservationSid } = await t.contactCenter.createTask({ customerName: 'Ada' });
  await t.invoke('AcceptTask', { sid: reservationSid });
  const { container } = await t.renderElement(<TaskCanvas />);
  expect(button(container, 'Wrap up')).toBeDefined();
  expect(container.querySelector('[role="tab"]')?.textContent).toBe('Chat');
  await act(
    async () => void t.host.strings.override({ WrapUp: 'Finish', Complete: 'Close the task', ChatTab: 'Talk' }),
  );
  await t.settle();
  expect(button(container, 'Finish')).toBeDefined();
  expect(button(container, 'Close the task')).toBeDefined();
  expect(button(container, 'Transfer…')).toBeDefined();
  expect(container.querySelector('[role="tab"]')?.textContent).toBe('Talk');
});
