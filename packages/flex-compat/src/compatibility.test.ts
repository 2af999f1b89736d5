/**
 * COMPATIBILITY.md stays true to the code: every action the host registers is listed as
 * supported or partial, every voice action the compat layer warns about as not, and every
 * programmable component of `FLEX_SLOTS` / `FLEX_COMPONENTS_WITHOUT_SLOT` has its row.
 */
import { createTestHost } from '@switchboard/host/testing';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { UNSUPPORTED_ACTIONS } from './actions';
import { FLEX_COMPONENTS_WITHOUT_SLOT, FLEX_SLOTS } from './slots';

const doc = readFileSync(path.join(__dirname, '../COMPATIBILITY.md'), 'utf8');
const section = (title: string) => {
  const start = doc.indexOf(`## ${title}`);
  const end = doc.indexOf('\n## ', start + 1);
  return doc.slice(start, end < 0 ? undefined : end);
};
/** The rows of a section's table: first cell's name → second cell. */
const rows = (title: string) =>
  new Map(
    section(title)
      .split('\n')
      .filter((l) => l.startsWith('| `'))
      .map((l) => {
        const [, name, second] = l.split('|').map((c) => c.trim());
        return [name!.replace(/`/g, ''), second!] as [string, string];
      }),
  );

it('lists every action the host registers as supported or partial, the warned voice actions as not', async () => {
  const actions = rows('Flex UI 2.17 actions');
  expect(actions.size).toBe(84);
  const t = await createTestHost();
  try {
    const registered = t.host.actions
      .describe()
      .filter((d) => d.registered)
      .map((d) => d.action);
    expect(registered.length).toBeGreaterThan(20);
    for (const name of registered)
      expect([name, actions.get(name)]).toEqual([name, expect.stringMatching(/^(supported|partial)$/)]);
    for (const name of UNSUPPORTED_ACTIONS) expect([name, actions.get(name)]).toEqual([name, 'not']);
  } finally {
    await t.dispose();
  }
});

it('lists every programmable component with its slot, or not', () => {
  const components = rows('Programmable components');
  expect(components.size).toBe(83);
  for (const [name, slot] of Object.entries(FLEX_SLOTS)) {
    if (name.includes('.')) continue;
    expect([name, components.get(name)]).toEqual([name, expect.stringContaining(`\`${slot}\``)]);
  }
  for (const name of FLEX_COMPONENTS_WITHOUT_SLOT)
    expect([name, components.get(name)]).toEqual([name, expect.stringMatching(/^not/)]);
});
