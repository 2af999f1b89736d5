/**
 * `switchboard-plugin test` through the real binary: Jest with the preset and no
 * configuration of the plugin's own (TypeScript, JSX, the jsdom docblock, createTestHost from
 * @switchboard/host/testing), the plugin's own Jest settings merged, Jest's arguments passed
 * through, and the exit codes: 0 passed, 1 failed, 2 an argument Jest does not know.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fixtureRoot, packageJson, removeRoot, repoRoot, requireBuilt, runCli, writeProject } from './fixtures';

jest.setTimeout(90_000);

let root: string;
let dir: string;

const PASSING = `/** @jest-environment jsdom */
import { createTestHost } from '@switchboard/host/testing';
import plugin from './plugin';

it('shows how many tasks were accepted', async () => {
  const t = await createTestHost({ plugins: [plugin] });
  try {
    const { reservationSid } = await t.contactCenter.createTask({ customerName: 'Ada' });
    await t.invoke('AcceptTask', { sid: reservationSid });
    const panel = await t.render('AgentDesktop.Panel');
    expect(panel.text()).toBe('Accepted: 1');
  } finally {
    await t.dispose();
  }
});

it('runs the setup file of its own Jest configuration', () => {
  expect((globalThis as { setUp?: string }).setUp).toBe('yes');
});
`;

beforeAll(() => {
  requireBuilt();
  const testing = path.join(repoRoot, 'packages/host/dist/cjs/testing.cjs');
  if (!readFileSync(testing, 'utf8').includes('createTestHost')) {
    throw new Error('@switchboard/host/testing is not built: run `npm run build` (npm test does) first');
  }
  root = fixtureRoot('test');
  dir = writeProject(root, 'tested-plugin', {
    'package.json': packageJson('tested-plugin', {}, { jest: { setupFiles: ['<rootDir>/test-setup.js'] } }),
    'test-setup.js': 'globalThis.setUp = "yes";\n',
    'src/plugin.tsx': `
      import { definePlugin } from '@switchboard/plugin';
      import { useSelector } from 'react-redux';

      const Accepted = () => <span>Accepted: {useSelector((s: { tested: number }) => s.tested)}</span>;

      export default definePlugin({
        name: 'tested-plugin',
        init(api) {
          api.store.addReducer('tested', (n: number = 0, a: { type: string }) => (a.type === 'tested/accepted' ? n + 1 : n));
          api.actions.addListener('afterAcceptTask', () => void api.store.dispatch({ type: 'tested/accepted' }));
          api.contributions.add('AgentDesktop.Panel', Accepted, { key: 'accepted' });
        },
      });
    `,
    'src/index.tsx': `import { loadPlugin } from '@switchboard/plugin';\nimport plugin from './plugin';\nloadPlugin(plugin);\n`,
    'src/plugin.test.tsx': PASSING,
    // The preset ignores what the build writes.
    'dist/stale.test.js': 'it("is never run", () => { throw new Error("dist was searched"); });\n',
  });
});
afterAll(() => removeRoot(root));

test('passing tests exit 0; a failing one exits 1', () => {
  const passed = runCli(dir, ['test']);
  expect(passed.stderr).toMatch(/Tests:\s+2 passed, 2 total/);
  expect(passed.status).toBe(0);

  writeFileSync(path.join(dir, 'src/plugin.test.tsx'), PASSING.replace("toBe('Accepted: 1')", "toBe('Accepted: 2')"));
  const failed = runCli(dir, ['test']);
  expect(failed.stderr).toMatch(/Tests:\s+1 failed, 1 passed, 2 total/);
  expect(failed.stderr).toContain('Accepted: 2');
  expect(failed.status).toBe(1);
});

test("Jest's arguments pass through; one it does not know is refused in one line with exit 2", () => {
  const filtered = runCli(dir, ['test', '-t', 'setup file', 'src/plugin.test.tsx']);
  expect(filtered.stderr).toMatch(/Tests:\s+1 skipped, 1 passed, 2 total/);
  expect(filtered.status).toBe(0);

  const unknown = runCli(dir, ['test', '--colour']);
  expect(unknown.status).toBe(2);
  expect(unknown.stderr.trim()).toBe(
    'jest: Unrecognized CLI Parameter: Unrecognized option "colour". Did you mean "color"?',
  );
});
