/** @jest-environment node */
import { createHost } from '@switchboard/host';

it('outside a browser, without a loader, fails plugins saying a loader is needed', async () => {
  const host = createHost({ logLevel: 'silent' });
  expect(globalThis.Switchboard).toBeUndefined(); // no window: no global
  const [status] = await host.plugins.loadManifest([
    { name: 'a', version: '1.0.0', src: 'https://cdn.test/a.js', hostVersion: '*' },
  ]);
  expect(status?.error).toEqual({
    code: 'PLUGIN_LOAD_FAILED',
    message: 'plugin "a": could not be loaded: createHost: no document to load bundles into; pass options.loader',
  });
});
