import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pluginsIn } from './plugins';

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
