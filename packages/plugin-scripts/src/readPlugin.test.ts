import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PluginScriptsError } from './PluginScriptsError';
import { readPlugin } from './readPlugin';

let root: string;
beforeAll(() => (root = mkdtempSync(path.join(os.tmpdir(), 'sb-read-plugin-'))));
afterAll(() => rmSync(root, { recursive: true, force: true }));

let count = 0;
function project(pkg: object, files: string[] = ['src/index.ts']): string {
  const dir = path.join(root, `p${++count}`);
  for (const file of files) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), '');
  }
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'package.json'), JSON.stringify(pkg));
  return dir;
}

const failure = (dir: string) => {
  try {
    readPlugin(dir);
  } catch (error) {
    expect(error).toBeInstanceOf(PluginScriptsError);
    return { code: (error as PluginScriptsError).code, message: (error as Error).message };
  }
  throw new Error('readPlugin did not throw');
};

test('defaults: the first default entry that exists, desktop, phase 0, 20 KiB, any host', () => {
  const dir = project({ name: 'crm-card', version: '1.2.3' }, ['src/index.js', 'src/index.ts']);
  expect(readPlugin(dir)).toEqual({
    dir,
    name: 'crm-card',
    version: '1.2.3',
    entry: path.join(dir, 'src/index.ts'),
    target: 'desktop',
    phase: 0,
    sizeLimit: 20_480,
    hostVersion: '*',
    webpackConfigFile: undefined,
    permissions: null,
  });
});

test('the permissions declaration is read, each list defaulting to empty', () => {
  const dir = project({
    name: 'crm',
    version: '1.0.0',
    switchboard: { plugin: { permissions: { actions: ['AcceptTask'], origins: ['https://crm.example.com'] } } },
  });
  expect(readPlugin(dir).permissions).toEqual({
    actions: ['AcceptTask'],
    slots: [],
    origins: ['https://crm.example.com'],
  });
  expect(
    readPlugin(project({ name: 'p', version: '1.0.0', switchboard: { plugin: { permissions: null } } })).permissions,
  ).toBeNull();
});

test('switchboard.plugin settings, the host range and the webpack override are read', () => {
  const dir = project(
    {
      name: '@acme/chat-greeter',
      version: '0.1.0',
      dependencies: { '@switchboard/host': '^1.4.0' },
      switchboard: { plugin: { entry: 'lib/main.tsx', target: 'webchat', phase: 2, sizeLimit: 4096 } },
    },
    ['lib/main.tsx', 'webpack.config.mjs'],
  );
  expect(readPlugin(dir)).toMatchObject({
    entry: path.join(dir, 'lib/main.tsx'),
    target: 'webchat',
    phase: 2,
    sizeLimit: 4096,
    hostVersion: '^1.4.0',
    webpackConfigFile: path.join(dir, 'webpack.config.mjs'),
  });
});

test('a host range that is not semver (file:, workspace:) means any host', () => {
  const dir = project({ name: 'p', version: '1.0.0', devDependencies: { '@switchboard/host': 'workspace:*' } });
  expect(readPlugin(dir).hostVersion).toBe('*');
});

test.each([
  [
    { name: 'p', version: '1.0.0', switchboard: { plugin: { phase: -1 } } },
    'p: package.json switchboard.plugin.phase must be an integer >= 0',
  ],
  [
    { name: 'p', version: '1.0.0', switchboard: { plugin: { sizeLimit: 1.5 } } },
    'p: package.json switchboard.plugin.sizeLimit must be a positive integer (bytes of min+gzip)',
  ],
  [
    { name: 'p', version: '1.0.0', switchboard: { plugin: { entry: 7 } } },
    'p: package.json switchboard.plugin.entry must be a path, like "src/index.tsx"',
  ],
  [
    { name: 'p', version: '1.0.0', switchboard: { plugin: { permissions: { actions: 'AcceptTask' } } } },
    'p: package.json switchboard.plugin.permissions.actions: must be an array of action names, got "AcceptTask"',
  ],
  [
    {
      name: 'p',
      version: '1.0.0',
      switchboard: { plugin: { permissions: { origins: ['https://crm.example.com/api'] } } },
    },
    'p: package.json switchboard.plugin.permissions.origins[0]: must be an origin like "https://crm.example.com" (scheme, host, optional port; no path), got "https://crm.example.com/api"',
  ],
  [
    { name: 'p', version: '1.0.0', switchboard: { plugin: { permissions: { slot: [] } } } },
    'p: package.json switchboard.plugin.permissions: unknown field "slot" (fields: actions, slots, origins)',
  ],
  [{ name: 'p', version: 'latest' }, 'package.json version "latest" of p is not a semver version, like "0.1.0"'],
  [
    { version: '1.0.0' },
    'package.json name undefined is not a plugin name: lowercase letters, digits, ".", "_", "-", optionally @scope/',
  ],
])('%j is refused with one line naming the field', (pkg, message) => {
  expect(failure(project(pkg))).toEqual({ code: 'INVALID_PLUGIN_CONFIG', message });
});

test('package.json that is not JSON, and a folder without one', () => {
  const dir = project({ name: 'p', version: '1.0.0' });
  writeFileSync(path.join(dir, 'package.json'), '{ "name": ');
  expect(failure(dir)).toMatchObject({
    code: 'NO_PACKAGE_JSON',
    message: expect.stringMatching(/package\.json is not valid JSON/),
  });
  expect(failure(path.join(root, 'nowhere'))).toMatchObject({ code: 'NO_PACKAGE_JSON' });
});
