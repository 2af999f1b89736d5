import { sharedModuleExternals } from '@switchboard/plugin';
import path from 'node:path';
import { createWebpackConfig, flexCompatEntry } from './createWebpackConfig';
import type { PluginProject } from './readPlugin';

const plugin = (target: PluginProject['target']): PluginProject => ({
  dir: '/work/my-plugin',
  name: 'my-plugin',
  version: '0.1.0',
  entry: '/work/my-plugin/src/index.tsx',
  target,
  phase: 0,
  sizeLimit: 20_480,
  hostVersion: '*',
  webpackConfigFile: undefined,
  permissions: null,
});

test('desktop: the host shares React, Redux and @switchboard/* through window; the SDK is compiled in', () => {
  const config = createWebpackConfig(plugin('desktop'), {
    mode: 'production',
    target: 'desktop',
    pluginDir: '/work/my-plugin',
  });
  expect(config.externalsType).toBe('window');
  expect(config.externals).toEqual(sharedModuleExternals());
  expect(config.externals).toHaveProperty('react', ['Switchboard', 'modules', 'react']);
  expect(config.externals).not.toHaveProperty(['@switchboard/plugin']);
  expect(config).toMatchObject({
    mode: 'production',
    devtool: 'source-map',
    entry: { plugin: '/work/my-plugin/src/index.tsx' },
    output: { path: path.join('/work/my-plugin', 'dist'), filename: 'plugin.js', uniqueName: 'switchboard:my-plugin' },
    optimization: { minimize: true, emitOnErrors: false },
  });
});

test('webchat: only the widget is external, as window.SwitchboardWebChat', () => {
  const config = createWebpackConfig(plugin('webchat'), {
    mode: 'development',
    target: 'webchat',
    pluginDir: '/work/my-plugin',
  });
  expect(config.externals).toEqual({ '@switchboard/webchat': 'SwitchboardWebChat' });
  expect(config.optimization?.minimize).toBe(false);
  // Development too: never an eval devtool.
  expect(config.devtool).toBe('source-map');
});

test('TypeScript, JSX and JavaScript go through esbuild-loader, resolved from plugin-scripts', () => {
  const config = createWebpackConfig(plugin('desktop'), {
    mode: 'production',
    target: 'desktop',
    pluginDir: '/work/my-plugin',
  });
  const rules = config.module?.rules as Array<{ test: RegExp; loader: string; options: { jsx: string } }>;
  expect(rules.map((r) => ['a.ts', 'a.tsx', 'a.js', 'a.jsx', 'a.mjs'].filter((f) => r.test.test(f)))).toEqual([
    ['a.ts', 'a.tsx'],
    ['a.js', 'a.jsx', 'a.mjs'],
  ]);
  for (const rule of rules) {
    expect(rule.loader).toMatch(/esbuild-loader[\\/]dist[\\/]index\.cjs$/);
    expect(rule.options.jsx).toBe('automatic');
  }
});

test('a Flex plugin: its Flex imports resolve to the compat layer, compiled in with the plugin name', () => {
  const config = createWebpackConfig(
    { ...plugin('desktop'), flex: true },
    { mode: 'production', target: 'desktop', pluginDir: '/work/my-plugin' },
  );
  const alias = config.resolve?.alias as Record<string, string>;
  expect(Object.keys(alias)).toEqual(['@twilio/flex-ui$', 'flex-plugin$', '@twilio/flex-plugin$']);
  for (const target of Object.values(alias)) expect(target).toBe(flexCompatEntry());
  // The compat layer is not external: each Flex bundle has its own copy, acting for its plugin.
  expect(config.externals).toEqual(sharedModuleExternals());
  const define = config.plugins?.[0] as unknown as { definitions: Record<string, string> };
  expect(define.definitions.__SWITCHBOARD_PLUGIN_NAME__).toBe('"my-plugin"');
  // process.env: the FLEX_APP_* variables one by one, and the rest an object of them (an unset one reads undefined).
  process.env.FLEX_APP_CRM_URL = 'https://crm.example';
  try {
    const { definitions } = createWebpackConfig(
      { ...plugin('desktop'), flex: true },
      { mode: 'production', target: 'desktop', pluginDir: '/work/my-plugin' },
    ).plugins?.[0] as unknown as { definitions: Record<string, string> };
    expect(definitions['process.env.FLEX_APP_CRM_URL']).toBe('"https://crm.example"');
    expect(JSON.parse(definitions['process.env']!)).toEqual(
      expect.objectContaining({ FLEX_APP_CRM_URL: 'https://crm.example' }),
    );
  } finally {
    delete process.env.FLEX_APP_CRM_URL;
  }
  expect(
    createWebpackConfig(plugin('desktop'), { mode: 'production', target: 'desktop', pluginDir: '.' }).plugins,
  ).toBeUndefined();
});
