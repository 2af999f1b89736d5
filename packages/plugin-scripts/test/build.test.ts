/**
 * `switchboard-plugin build` through the real binary, in fixture plugin projects: the bundle,
 * its source map and manifest entry; no copy of React in it; the size report; the webpack
 * override; and every failure: exit code, one-line reason, nothing half-written.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import {
  fixtureRoot,
  packageJson,
  readJson,
  removeRoot,
  requireBuilt,
  runCli,
  writeProject,
  type CliRun,
} from './fixtures';

jest.setTimeout(60_000);

let root: string;
beforeAll(() => {
  requireBuilt();
  root = fixtureRoot('build');
});
afterAll(() => removeRoot(root));

const sha384 = (file: string) => `sha384-${createHash('sha384').update(readFileSync(file)).digest('base64')}`;
const dist = (dir: string, file = 'plugin.js') => path.join(dir, 'dist', file);

/** One line on stderr, exit 1, nothing on the way to dist. */
function expectFailure(dir: string, run: CliRun, reason: RegExp): void {
  expect(run.status).toBe(1);
  expect(run.stderr.trim()).toMatch(reason);
  expect(run.stderr.trim().split('\n')).toHaveLength(1);
  expect(existsSync(path.join(dir, '.switchboard'))).toBe(false);
}

/** Runs a bundle as the page would, with `window` holding what the host provides. */
function runBundle(file: string, window: object): void {
  vm.runInNewContext(readFileSync(file, 'utf8'), { window, globalThis: window }, { filename: file });
}

const TS_PLUGIN = {
  'tsconfig.json': {
    compilerOptions: { strict: true, jsx: 'react-jsx', module: 'ESNext', moduleResolution: 'bundler' },
  },
  'src/counter.ts': `
    import { createSlice } from '@reduxjs/toolkit';
    export const counter = createSlice({
      name: 'tsxPlugin',
      initialState: { accepted: 0 },
      reducers: { accepted: (state) => { state.accepted += 1; } },
    });
  `,
  'src/plugin.tsx': `
    import { definePlugin } from '@switchboard/plugin';
    import { useSelector } from 'react-redux';
    import { counter } from './counter';

    function Accepted() {
      const n = useSelector((s: { tsxPlugin: { accepted: number } }) => s.tsxPlugin.accepted);
      return <p className="tsx-plugin">Accepted today: {n}</p>;
    }

    export default definePlugin({
      name: 'tsx-plugin',
      init(api) {
        api.store.addReducer('tsxPlugin', counter.reducer);
        api.actions.addListener('afterAcceptTask', () => void api.store.dispatch(counter.actions.accepted()));
        api.contributions.add('AgentDesktop.Panel', Accepted, { key: 'accepted' });
      },
    });
  `,
  'src/index.tsx': `
    import { loadPlugin } from '@switchboard/plugin';
    import plugin from './plugin';
    loadPlugin(plugin);
  `,
};

test('a TypeScript plugin (JSX, useSelector, an RTK slice): bundle, source map, manifest entry and report', () => {
  const dir = writeProject(root, 'tsx-plugin', {
    'package.json': packageJson('tsx-plugin', { phase: 1 }),
    ...TS_PLUGIN,
  });
  const run = runCli(dir, ['build']);
  expect(run.stderr).toBe('');
  expect(run.status).toBe(0);
  expect(run.stdout).toMatch(/^Building tsx-plugin 0\.1\.0 for the desktop from src\/index\.tsx …$/m);
  expect(run.stdout).toMatch(
    /^Size: [\d,]+ B.* min, [\d,]+ B.* min\+gzip \(\d+% of the 20,480 B \(20\.0 KiB\) limit\)$/m,
  );
  expect(run.stdout).toMatch(/^Manifest entry: dist\/manifest-entry\.json \(hostVersion \^0\.1\.0, phase 1\)$/m);

  expect(readdirSync(path.join(dir, 'dist')).sort()).toEqual(['manifest-entry.json', 'plugin.js', 'plugin.js.map']);
  const bundle = readFileSync(dist(dir), 'utf8');
  // No copy of React, react-redux or Redux Toolkit: they come from the host.
  expect(bundle.length).toBeLessThan(4_000);
  expect(bundle).toContain('window.Switchboard.modules["react-redux"]');
  expect(bundle).toContain('window.Switchboard.modules["@reduxjs/toolkit"]');
  expect(bundle).not.toMatch(/react\.(production|development)|__CLIENT_INTERNALS|immer|useSyncExternalStore/);
  // CSP-safe: no eval devtool, a real source map.
  expect(bundle).not.toMatch(/\beval\(/);
  expect(bundle).toMatch(/\/\/# sourceMappingURL=plugin\.js\.map\s*$/);
  const map = readJson(dist(dir, 'plugin.js.map')) as { sources: string[] };
  expect(map.sources.some((s) => s.endsWith('src/plugin.tsx'))).toBe(true);

  const entry = readJson(dist(dir, 'manifest-entry.json'));
  expect(entry).toEqual({
    name: 'tsx-plugin',
    version: '0.1.0',
    src: 'plugin.js',
    integrity: sha384(dist(dir)),
    hostVersion: '^0.1.0',
    phase: 1,
    permissions: null,
  });
  expect(run.stdout).toMatch(
    /^Permissions: none declared: the plugin may hook any action and fill any slot \(declare them in package\.json switchboard\.plugin\.permissions\)$/m,
  );
  expect(run.stdout).toContain(`Integrity: ${sha384(dist(dir))}`);
  expect(existsSync(path.join(dir, '.switchboard'))).toBe(false);

  // It registers with the page's host through the SDK compiled in, with the host's modules.
  const registered: Array<{ name: string; contract: unknown }> = [];
  runBundle(dist(dir), {
    Switchboard: {
      modules: {
        'react/jsx-runtime': require('react/jsx-runtime'),
        'react-redux': require('react-redux'),
        '@reduxjs/toolkit': require('@reduxjs/toolkit'),
        '@switchboard/actions': require('@switchboard/actions'),
      },
      Plugins: {
        init: (plugin: { name: string }, registration: { contract: unknown }) =>
          registered.push({ name: plugin.name, contract: registration.contract }),
      },
    },
  });
  expect(registered).toEqual([{ name: 'tsx-plugin', contract: 1 }]);
});

test('a JavaScript plugin (JSX in .js, no TypeScript anywhere) builds from the default entry src/index.js', () => {
  const dir = writeProject(root, 'js-plugin', {
    'package.json': { name: 'js-plugin', version: '2.0.0', devDependencies: { '@switchboard/plugin-scripts': '*' } },
    'src/index.js': `
      import { definePlugin, loadPlugin } from '@switchboard/plugin';
      const Hello = () => <p>Hello from JavaScript</p>;
      loadPlugin(definePlugin({ name: 'js-plugin', init(api) { api.contributions.add('AgentDesktop.Panel', Hello); } }));
    `,
  });
  const run = runCli(dir, ['build']);
  expect(run.stderr).toBe('');
  expect(run.status).toBe(0);
  expect(run.stdout).toContain('Building js-plugin 2.0.0 for the desktop from src/index.js …');
  expect(readJson(dist(dir, 'manifest-entry.json'))).toMatchObject({ name: 'js-plugin', hostVersion: '*', phase: 0 });
  expect(readFileSync(dist(dir), 'utf8')).toContain('window.Switchboard.modules["react/jsx-runtime"]');
});

test('a webchat plugin takes the widget from window.SwitchboardWebChat and never bundles it', () => {
  const dir = writeProject(root, 'webchat-plugin', {
    'package.json': packageJson('webchat-greeter', { target: 'webchat', entry: 'src/greeter.ts' }),
    'src/greeter.ts': `
      import { WebChatError, type WebChatPlugin } from '@switchboard/webchat';
      const greeter: WebChatPlugin = {
        name: 'greeter',
        init() { (window as unknown as { greeted: string }).greeted = WebChatError.name; },
      };
      (window as unknown as { SwitchboardWebChat: { plugins: { register(p: WebChatPlugin): void } } })
        .SwitchboardWebChat.plugins.register(greeter);
    `,
  });
  const run = runCli(dir, ['build']);
  expect(run.stderr).toBe('');
  expect(run.status).toBe(0);
  expect(run.stdout).toContain('for the webchat from src/greeter.ts');
  const bundle = readFileSync(dist(dir), 'utf8');
  expect(bundle.length).toBeLessThan(1_000);
  expect(bundle).toContain('window.SwitchboardWebChat');
  expect(bundle).not.toMatch(/sbwc|createWebChat|Switchboard\.modules/);
  const registered: string[] = [];
  const window = {
    SwitchboardWebChat: {
      WebChatError: class WebChatError extends Error {},
      plugins: { register: (p: { name: string; init(): void }) => (registered.push(p.name), p.init()) },
    },
    greeted: '',
  };
  runBundle(dist(dir), window);
  expect(registered).toEqual(['greeter']);
  expect(window.greeted).toBe('WebChatError');
});

test.each([
  [
    'CommonJS',
    { name: 'override-cjs' },
    'webpack.config.js',
    `const webpack = require('webpack');
     module.exports = (config, env) => {
       config.plugins = [...(config.plugins || []), new webpack.DefinePlugin({ __LABEL__: JSON.stringify(env.mode + '/' + env.target + '/' + require('path').basename(env.pluginDir)) })];
       config.devtool = 'eval-cheap-source-map'; // refused: the host is CSP-safe
       return config;
     };`,
  ],
  [
    'ESM',
    { name: 'override-esm', type: 'module' },
    'webpack.config.js',
    `import webpack from 'webpack';
     export default async (config, env) => ({
       ...config,
       plugins: [...(config.plugins ?? []), new webpack.DefinePlugin({ __LABEL__: JSON.stringify(env.mode + '/' + env.target + '/esm') })],
     });`,
  ],
])('a %s webpack.config.js changes the configuration', (_kind, pkg, file, source) => {
  const dir = writeProject(root, pkg.name, {
    'package.json': { ...packageJson(pkg.name), ...pkg },
    [file]: source,
    'src/index.ts': `declare const __LABEL__: string;\n(window as unknown as { label: string }).label = __LABEL__;\n`,
  });
  const run = runCli(dir, ['build']);
  expect(run.status).toBe(0);
  const cjs = pkg.name === 'override-cjs';
  expect(readFileSync(dist(dir), 'utf8')).toContain(
    JSON.stringify(cjs ? 'production/desktop/override-cjs' : 'production/desktop/esm'),
  );
  expect(run.stderr.trim()).toBe(
    cjs ? 'warning: override-cjs: webpack.config: eval devtools break the host\'s CSP: using "source-map"' : '',
  );
  expect(readFileSync(dist(dir), 'utf8')).not.toMatch(/\beval\(/);
});

test('a syntax error fails with file:line:column, and leaves the previous dist as it was', () => {
  const dir = writeProject(root, 'broken', {
    'package.json': packageJson('broken'),
    'src/index.ts': `export const ok = 1;\n`,
  });
  expect(runCli(dir, ['build']).status).toBe(0);
  const before = readFileSync(dist(dir), 'utf8');
  const entryBefore = readFileSync(dist(dir, 'manifest-entry.json'), 'utf8');

  writeFileSync(path.join(dir, 'src/index.ts'), `export const ok = 1;\nexport const broken = (1 + ;\n`);
  const run = runCli(dir, ['build']);
  expectFailure(dir, run, /^broken: build failed: src\/index\.ts:2:28: Unexpected ";"$/);
  expect(readFileSync(dist(dir), 'utf8')).toBe(before);
  expect(readFileSync(dist(dir, 'manifest-entry.json'), 'utf8')).toBe(entryBefore);
});

test('the permissions declaration is checked, printed and carried by the manifest entry', () => {
  const permissions = { actions: ['AcceptTask'], slots: ['AgentDesktop.Panel'], origins: ['https://crm.example.com'] };
  const dir = writeProject(root, 'declared', {
    'package.json': packageJson('declared', { permissions }),
    'src/index.ts': `export const ok = 1;\n`,
  });
  const run = runCli(dir, ['build']);
  expect(run.status).toBe(0);
  expect(run.stdout).toMatch(
    /^Permissions: actions AcceptTask; slots AgentDesktop\.Panel; origins https:\/\/crm\.example\.com$/m,
  );
  expect(readJson(dist(dir, 'manifest-entry.json'))).toMatchObject({ permissions });

  const bad = writeProject(root, 'bad-declaration', {
    'package.json': packageJson('bad-declaration', {
      permissions: { actions: ['AcceptTask'], slots: 'TaskCanvasTabs' },
    }),
    'src/index.ts': `export const ok = 1;\n`,
  });
  expectFailure(
    bad,
    runCli(bad, ['build']),
    /^bad-declaration: package\.json switchboard\.plugin\.permissions\.slots: must be an array of slot names, got "TaskCanvasTabs"$/,
  );
  expect(existsSync(path.join(bad, 'dist'))).toBe(false);
});

test('an import that does not resolve names the file and line', () => {
  const dir = writeProject(root, 'unresolved', {
    'package.json': packageJson('unresolved'),
    'src/index.ts': `import { helper } from './helpers';\nhelper();\n`,
  });
  const run = runCli(dir, ['build']);
  expectFailure(dir, run, /^unresolved: build failed: src\/index\.ts:1:1: Can't resolve '\.\/helpers' in '.*\/src'$/);
  expect(existsSync(path.join(dir, 'dist'))).toBe(false);
});

test('a bundle above the size limit fails; --size-limit overrides package.json', () => {
  // ~40 KB of base64 noise: it does not compress below the 20 KiB default.
  let seed = 7;
  const noise = Buffer.from(
    Array.from({ length: 30_000 }, () => (seed = (seed * 48_271) % 2_147_483_647) & 255),
  ).toString('base64');
  const dir = writeProject(root, 'too-big', {
    'package.json': packageJson('too-big'),
    'src/index.ts': `(window as unknown as { blob: string }).blob = ${JSON.stringify(noise)};\n`,
  });
  const run = runCli(dir, ['build']);
  expectFailure(
    dir,
    run,
    /^too-big: the bundle is [\d,]+ B \([\d.]+ KiB\) min\+gzip, above its size limit of 20,480 B \(20\.0 KiB\): .*sizeLimit$/,
  );
  expect(existsSync(path.join(dir, 'dist'))).toBe(false);

  const raised = runCli(dir, ['build', '--size-limit', '65536']);
  expect(raised.status).toBe(0);
  expect(raised.stdout).toMatch(/of the 65,536 B \(64\.0 KiB\) limit\)$/m);
});

test.each([
  ['no package.json', {}, /has no package\.json: run this in a plugin's folder/],
  [
    'no entry',
    { 'package.json': packageJson('no-entry') },
    /^no-entry: no entry file: none of src\/index\.tsx, src\/index\.ts, src\/index\.jsx, src\/index\.js exists/,
  ],
  [
    'a missing entry',
    { 'package.json': packageJson('missing-entry', { entry: 'src/main.tsx' }) },
    /^missing-entry: the entry src\/main\.tsx \(package\.json switchboard\.plugin\.entry\) does not exist$/,
  ],
  [
    'a bad target',
    { 'package.json': packageJson('bad-target', { target: 'mobile' }), 'src/index.ts': '' },
    /^bad-target: package\.json switchboard\.plugin\.target must be "desktop" or "webchat"$/,
  ],
  [
    'a misspelt field',
    { 'package.json': packageJson('typo', { sizelimit: 10 }), 'src/index.ts': '' },
    /^typo: package\.json switchboard\.plugin has an unknown field "sizelimit"/,
  ],
  [
    'a name the host refuses',
    { 'package.json': packageJson('My Plugin'), 'src/index.ts': '' },
    /^package\.json name "My Plugin" is not a plugin name/,
  ],
  [
    'a webpack.config.js that exports no function',
    { 'package.json': packageJson('bad-override'), 'src/index.ts': '', 'webpack.config.js': 'module.exports = {};' },
    /^bad-override: webpack\.config\.js must export a function \(config, env\) => config, not object$/,
  ],
  [
    'a webpack.config.js that returns an invalid configuration',
    {
      'package.json': packageJson('invalid-config'),
      'src/index.ts': '',
      'webpack.config.js': 'module.exports = (config) => ({ ...config, devtool: 42 });',
    },
    /^invalid-config: the webpack configuration is invalid: configuration\.devtool should be one of these: .*source-map/,
  ],
])('%s: exit 1 and one line saying so', (name, files, reason) => {
  const dir = writeProject(root, `failure-${name.replace(/\W+/g, '-')}`, { 'README.md': '', ...files });
  expectFailure(dir, runCli(dir, ['build']), reason);
  expect(existsSync(path.join(dir, 'dist'))).toBe(false);
});

test.each([
  [
    ['build', '--size-limit', 'lots'],
    /^switchboard-plugin: option '--size-limit <bytes>' argument 'lots' is invalid\. --size-limit must be an integer >= 1 \(see switchboard-plugin build --help\)$/,
  ],
  [['build', '--minify'], /^switchboard-plugin: unknown option '--minify' \(see switchboard-plugin build --help\)$/],
  [
    ['biuld'],
    /^switchboard-plugin: unknown command 'biuld' \(Did you mean build\?\) \(see switchboard-plugin --help\)$/,
  ],
])('bad usage %j: exit 2 and one line', (args, reason) => {
  const run = runCli(root, args);
  expect(run.status).toBe(2);
  expect(run.stderr.trim()).toMatch(reason);
  expect(run.stdout).toBe('');
});

test('--help describes each command and its flags', () => {
  const run = runCli(root, ['build', '--help']);
  expect(run.status).toBe(0);
  expect(run.stdout).toContain('--size-limit <bytes>');
  const start = runCli(root, ['start', '--help']);
  for (const flag of ['--plugin <dir>', '--port <port>', '--data-dir <dir>', '--agents <names>', '--simulate <n>']) {
    expect(start.stdout).toContain(flag);
  }
});
