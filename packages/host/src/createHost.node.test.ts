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

it('without a document, relative URLs need a base URL, and say so', async () => {
  const host = createHost({ logLevel: 'silent', loader: async () => {} });
  const [status] = await host.plugins.loadManifest([{ name: 'a', version: '1.0.0', src: 'a.js', hostVersion: '*' }]);
  expect(status?.error?.message).toBe(
    'plugins[0] ("a").src: is relative and there is no base URL (createHost({ baseUrl })), got "a.js"',
  );
  await expect(host.plugins.loadManifest('plugins.json')).rejects.toMatchObject({
    code: 'MANIFEST_FETCH_FAILED',
    message: 'manifest "plugins.json": a relative URL needs a base URL (createHost({ baseUrl }))',
  });
  const based = createHost({ logLevel: 'silent', loader: async () => {}, baseUrl: 'https://desk.test/app/' });
  const [ok] = await based.plugins.loadManifest([{ name: 'a', version: '1.0.0', src: 'a.js', hostVersion: '*' }]);
  expect(ok?.src).toBe('https://desk.test/app/a.js');
});
