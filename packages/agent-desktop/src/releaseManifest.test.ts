/** The folder manifest read over real HTTP (a server on 127.0.0.1, port 0), and the registry's entries. */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFolderManifest, registryEntries } from './releaseManifest';

let server: Server;
let origin: string;
const bodies = new Map<string, { status: number; body: string }>();

beforeAll(async () => {
  server = createServer((req, res) => {
    const answer = bodies.get(req.url ?? '') ?? { status: 404, body: '{"error":"not found"}' };
    res.writeHead(answer.status, { 'content-type': 'application/json' }).end(answer.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));

it('resolves relative bundle URLs against the manifest, as loadManifest(url) does', async () => {
  bodies.set('/desk/plugins.json', {
    status: 200,
    body: JSON.stringify({
      plugins: [
        { name: 'a', version: '1.0.0', src: 'plugins/a/plugin.js' },
        { name: 'b', version: '1.0.0', src: '/plugins/b/plugin.js' },
        { name: 'c', version: '1.0.0', src: 'https://cdn.test/c.js' },
      ],
    }),
  });
  const entries = await readFolderManifest(`${origin}/desk/plugins.json`);
  expect(entries.map((e) => e.src)).toEqual([
    `${origin}/desk/plugins/a/plugin.js`,
    `${origin}/plugins/b/plugin.js`,
    'https://cdn.test/c.js',
  ]);
});

it('no manifest (404) is no folder plugins; a broken one is an error naming it', async () => {
  await expect(readFolderManifest(`${origin}/none.json`)).resolves.toEqual([]);
  bodies.set('/broken.json', { status: 200, body: '{"plugin":[]}' });
  await expect(readFolderManifest(`${origin}/broken.json`)).rejects.toThrow(
    `the folder manifest ${origin}/broken.json has no "plugins" array`,
  );
  bodies.set('/failing.json', { status: 500, body: '{}' });
  await expect(readFolderManifest(`${origin}/failing.json`)).rejects.toThrow(/answered 500/);
});

it("the registry's entries: bundle URLs on the server, permissions carried, undeclared (null) left out", () => {
  const permissions = { actions: ['AcceptTask'], slots: [], origins: ['https://crm.test'] };
  const common = { integrity: 'sha384-x', hostVersion: '*', phase: 0, enabled: true };
  const entries = registryEntries(
    {
      releaseSid: 'PR1',
      configurationSid: 'PC1',
      cohort: true,
      plugins: [
        { name: 'declared', version: '1.0.0', src: '/api/registry/bundles/aa.js', permissions, ...common },
        { name: 'undeclared', version: '2.0.0', src: '/api/registry/bundles/bb.js', permissions: null, ...common },
      ],
    },
    'http://127.0.0.1:4100',
  );
  expect(entries).toEqual([
    {
      name: 'declared',
      version: '1.0.0',
      src: 'http://127.0.0.1:4100/api/registry/bundles/aa.js',
      permissions,
      ...common,
    },
    { name: 'undeclared', version: '2.0.0', src: 'http://127.0.0.1:4100/api/registry/bundles/bb.js', ...common },
  ]);
});
