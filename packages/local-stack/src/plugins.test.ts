import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { declaredOrigins, manifestOf, permissionsOf, pluginsIn } from './plugins';

let dir: string;
beforeEach(() => (dir = mkdtempSync(path.join(os.tmpdir(), 'sb-plugins-in-'))));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function project(name: string, pkg: object, built: boolean) {
  mkdirSync(path.join(dir, name, 'dist'), { recursive: true });
  writeFileSync(path.join(dir, name, 'package.json'), JSON.stringify({ name, version: '1.0.0', ...pkg }));
  if (built) writeFileSync(path.join(dir, name, 'dist', 'plugin.js'), '');
}

test('takes Switchboard plugin projects and Flex plugin folders (by their Flex dependencies), in folder order', () => {
  project('a-switchboard', { switchboard: { plugin: { phase: 1 } } }, true);
  project('b-webchat', { switchboard: { plugin: { target: 'webchat' } } }, true);
  project(
    'plugin-flex',
    { dependencies: { '@twilio/flex-plugin': '^6' }, devDependencies: { '@twilio/flex-ui': '^2' } },
    true,
  );
  project('plugin-flex-unbuilt', { dependencies: { 'flex-plugin': '^4' } }, false);
  project('not-a-plugin', { dependencies: { lodash: '^4' } }, true);
  const found = pluginsIn(dir);
  expect(found.desktop.map((p) => [p.name, p.phase])).toEqual([
    ['a-switchboard', 1],
    ['plugin-flex', 0],
  ]);
  expect(found.webchat).toEqual([path.join(dir, 'b-webchat', 'dist', 'plugin.js')]);
  expect(found.unbuilt).toEqual(['plugin-flex-unbuilt']);
});

test('reads the declared permissions of a plugin project, carries them in the manifest, and collects their origins', async () => {
  const permissions = { actions: ['AcceptTask'], slots: ['TaskCanvasTabs'], origins: ['https://crm.example.com'] };
  project('a-declared', { switchboard: { plugin: { permissions } } }, true);
  project('b-partial', { switchboard: { plugin: { permissions: { origins: ['https://b.example.com'] } } } }, true);
  project('c-undeclared', { switchboard: { plugin: {} } }, true);
  const { desktop } = pluginsIn(dir);
  expect(desktop.map((p) => p.permissions)).toEqual([
    permissions,
    { actions: [], slots: [], origins: ['https://b.example.com'] },
    undefined,
  ]);
  const manifest = (await manifestOf(desktop)) as { plugins: Array<{ name: string; permissions?: unknown }> };
  expect(manifest.plugins.map((p) => [p.name, p.permissions])).toEqual([
    ['a-declared', permissions],
    ['b-partial', { actions: [], slots: [], origins: ['https://b.example.com'] }],
    ['c-undeclared', undefined],
  ]);
  expect(declaredOrigins(desktop)).toEqual(['https://crm.example.com', 'https://b.example.com']);
});

test('names the package.json whose permissions are malformed', () => {
  project('bad', { switchboard: { plugin: { permissions: { actions: 'AcceptTask' } } } }, true);
  expect(() => pluginsIn(dir)).toThrow(
    `${path.join(dir, 'bad', 'package.json')}: switchboard.plugin.permissions.actions must be a list of strings`,
  );
  expect(() => permissionsOf(['x'], 'p.json')).toThrow('p.json: switchboard.plugin.permissions must be an object');
});
