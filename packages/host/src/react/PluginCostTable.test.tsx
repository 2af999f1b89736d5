/** @jest-environment jsdom */
import { act, screen, within } from '@testing-library/react';
import { definePlugin } from '@switchboard/plugin';
import { PluginCostTable } from '@switchboard/host';
import { createTestHost, type TestHost } from '@switchboard/host/testing';

const checker = definePlugin({
  name: 'checker',
  init(api) {
    api.actions.addListener('beforeSetActivity', () => undefined);
    api.actions.addListener('afterSetActivity', () => undefined);
  },
});

let t: TestHost;
afterEach(() => t.dispose());

it('shows each plugin’s figures in captioned tables, once the store has them (at most ~1/s)', async () => {
  t = await createTestHost({ plugins: [checker] });
  await t.renderElement(<PluginCostTable />);
  for (const activityName of ['Busy', 'Available', 'Busy']) await t.invoke('SetActivity', { activityName });
  // The mirror into the store is throttled to about once a second.
  await act(() => new Promise((r) => setTimeout(r, 1100)));

  const perPlugin = screen.getByRole('table', { name: 'What each plugin costs' });
  const headers = within(perPlugin)
    .getAllByRole('columnheader')
    .map((h) => h.textContent);
  expect(headers).toEqual(['Plugin', 'Load (ms)', 'Init (ms)', 'Errors', 'Aborts', 'Timeouts', 'Long tasks']);
  const row = within(perPlugin).getByRole('row', { name: /checker/ });
  expect(within(row).getByRole('rowheader').textContent).toBe('checker');
  expect([...row.querySelectorAll('td')].slice(2).map((td) => td.textContent)).toEqual(['0', '0', '0', '0']);

  const perAction = screen.getByRole('table', { name: 'Time plugins add to actions (ms, latest invocations)' });
  const cells = [
    ...within(perAction)
      .getByRole('row', { name: /SetActivity/ })
      .querySelectorAll('td'),
  ].map((td) => td.textContent);
  expect(cells.slice(0, 2)).toEqual(['SetActivity', '3']);
  expect(Number(cells[3])).toBeGreaterThanOrEqual(0);
  expect(t.host.store.getState().switchboard).toMatchObject({
    pluginMetrics: { checker: { invocations: 3 } },
    invocations: expect.arrayContaining([expect.objectContaining({ action: 'SetActivity', status: 'succeeded' })]),
  });
});
