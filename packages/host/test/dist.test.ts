/**
 * The built host and plugin SDK (npm test builds first) load as consumers load them, through
 * their `exports` maps: ESM and CJS, in plain Node.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

const pkg = path.join(__dirname, '..');
const run = (args: string[], code: string) =>
  execFileSync(process.execPath, [...args, '-e', code], {
    cwd: pkg,
    encoding: 'utf8',
    // Plain text: runners (nx) set FORCE_COLOR, which would colour console.log's values.
    env: { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1' },
  }).trim();

beforeAll(() => {
  for (const p of ['host', 'plugin']) {
    if (!existsSync(path.join(pkg, '..', p, 'dist')))
      throw new Error(`no ${p}/dist: run \`npm run build\` (npm test does) first`);
  }
});

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

it('ships declarations', () => {
  for (const p of ['host/dist/types/index.d.ts', 'plugin/dist/types/index.d.ts'])
    expect(existsSync(path.join(pkg, '..', p))).toBe(true);
});
