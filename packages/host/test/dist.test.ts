/**
 * The built host and plugin SDK (npm test builds first) load as consumers load them, through
 * their `exports` maps: ESM and CJS, in plain Node.
 */
import { builtFile, requireBuilt, runNode } from '../../../scripts/testing/builtPackages';

const run = (args: string[], code: string) => runNode('host', args, code);

beforeAll(() => requireBuilt('host', 'plugin'));

it('the host and SDK import as ESM and work together', () => {
  const out = run(
    ['--input-type=module'],
    `import { createHost, HOST_VERSION } from '@switchboard/host';
     import { definePlugin } from '@switchboard/plugin';
     const plugin = definePlugin({ name: 'p', init: (api) => void api.store.addReducer('p', (s = 1) => s) });
     const host = createHost({ logLevel: 'silent', loader: async () => { host.plugins.register?.(plugin); } });
     const [status] = await host.plugins.loadManifest([{ name: 'p', version: '1.0.0', src: 'https://x.test/p.js', hostVersion: '*' }]);
     console.log(HOST_VERSION, status.state, host.store.getState().p);`,
  );
  expect(out).toBe('0.1.0 Initialized 1');
});

it('the host and SDK require as CJS', () => {
  const out = run(
    [],
    `const { createHost } = require('@switchboard/host'); const { loadPlugin } = require('@switchboard/plugin');
     console.log(typeof createHost, typeof loadPlugin, createHost({ logLevel: 'silent' }).version);`,
  );
  expect(out).toBe('function function 0.1.0');
});

it('the permissions rules load alone, as @switchboard/host/permissions, ESM and CJS', () => {
  const code = (load: string) =>
    `${load}
     const ok = checkPermissions({ actions: ['AcceptTask'] }, 'switchboard.plugin.permissions');
     const bad = checkPermissions({ slots: 'X' }, 'switchboard.plugin.permissions');
     console.log(JSON.stringify(ok.permissions), bad.problems[0]);`;
  const expected =
    '{"actions":["AcceptTask"],"slots":[],"origins":[]} switchboard.plugin.permissions.slots: must be an array of slot names, got "X"';
  expect(run(['--input-type=module'], code(`import { checkPermissions } from '@switchboard/host/permissions';`))).toBe(
    expected,
  );
  expect(run([], code(`const { checkPermissions } = require('@switchboard/host/permissions');`))).toBe(expected);
  expect(builtFile('host', 'dist/types/permissions.d.ts')).toBe(true);
});

it('ships declarations', () => {
  for (const name of ['host', 'plugin']) expect(builtFile(name, 'dist/types/index.d.ts')).toBe(true);
});

it('the test kit loads as @switchboard/plugin/testing and @switchboard/host/testing, ESM and CJS', () => {
  const esm = run(
    ['--input-type=module'],
    `import * as kit from '@switchboard/plugin/testing';
     import * as same from '@switchboard/host/testing';
     const t = await kit.createTestHost();
     const { reservationSid } = await t.contactCenter.createTask({ customerName: 'Ada' });
     await t.invoke('AcceptTask', { sid: reservationSid });
     console.log(kit.createTestHost === same.createTestHost, t.state().desktop.tasks[reservationSid].status);
     await t.dispose();`,
  );
  expect(esm).toBe('true accepted');
  const cjs = run(
    [],
    `const kit = require('@switchboard/plugin/testing');
     console.log(kit.createTestHost === require('@switchboard/host/testing').createTestHost, typeof kit.TestContactCenter);`,
  );
  expect(cjs).toBe('true function');
});
