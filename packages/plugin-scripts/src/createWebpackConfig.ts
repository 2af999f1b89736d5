/**
 * The webpack configuration of a plugin bundle: one script, `plugin.js`, with a source map
 * (never an eval devtool: the host is CSP-safe). TypeScript, JSX and modern JavaScript go
 * through esbuild-loader. A desktop bundle takes React, Redux and `@switchboard/*` from the
 * host (`window.Switchboard.modules`); a webchat bundle takes the widget from
 * `window.SwitchboardWebChat`.
 */
import { sharedModuleExternals } from '@switchboard/plugin';
import { EsbuildPlugin } from 'esbuild-loader';
import { existsSync } from 'node:fs';
import path from 'node:path';
import webpack, { type Configuration } from 'webpack';
import { ownRequire } from './packageRoot';
import type { PluginProject, PluginTarget } from './readPlugin';

/** What a configuration is made for; also the second argument of a plugin's webpack override. */
export interface WebpackEnv {
  /** `production` for `build` (minified), `development` for `start` (readable, fast rebuilds). */
  mode: 'production' | 'development';
  target: PluginTarget;
  /** The plugin project's folder. */
  pluginDir: string;
}

/** The bundle's file name in the output folder (and the manifest entry's `src`). */
export const BUNDLE_FILE = 'plugin.js';
/** What bundles are compiled for: every browser the agent desktop supports. */
const ES_TARGET = 'es2022';

/** The imports of a Flex plugin that the compat layer answers. */
export const FLEX_IMPORTS = ['@twilio/flex-ui', 'flex-plugin', '@twilio/flex-plugin'] as const;

/**
 * The entry of `@switchboard/flex-compat` as installed beside plugin-scripts: its built ESM
 * (`dist/esm/index.js`), or, in the Switchboard repository before a build, its source.
 * `format: 'cjs'` gives the CommonJS build, for Jest.
 */
export function flexCompatEntry(format: 'esm' | 'cjs' = 'esm'): string {
  const dir = path.dirname(ownRequire().resolve('@switchboard/flex-compat/package.json'));
  const built = path.join(dir, format === 'esm' ? 'dist/esm/index.js' : 'dist/cjs/index.cjs');
  return existsSync(built) ? built : path.join(dir, 'src/index.ts');
}

/**
 * What a Flex plugin's bundle needs besides a plugin's: `@twilio/flex-ui`, `flex-plugin` and
 * `@twilio/flex-plugin` resolve to the compat layer, compiled into the bundle (each bundle's
 * copy acts for its own plugin: module-level `Actions`, `Manager.getInstance()` and
 * `Content.add` need to know whose they are), and the plugin's name (package.json) is
 * compiled in, as the name it registers. `process.env.FLEX_APP_*` variables are defined from
 * the environment, as flex-plugin-scripts does.
 */
function flexOptions(plugin: PluginProject): Pick<Configuration, 'plugins'> & { alias: Record<string, string> } {
  const compat = flexCompatEntry();
  const alias = Object.fromEntries(FLEX_IMPORTS.map((name) => [`${name}$`, compat]));
  const flexEnv = Object.fromEntries(Object.entries(process.env).filter(([key]) => key.startsWith('FLEX_APP_')));
  const env = {
    ...Object.fromEntries(Object.entries(flexEnv).map(([key, value]) => [`process.env.${key}`, JSON.stringify(value)])),
    // What is left of `process.env` is an object of those variables, as flex-plugin-scripts
    // (Create React App) makes it: an unset `process.env.FLEX_APP_X` reads undefined instead
    // of throwing "process is not defined" in the browser. `NODE_ENV` stays webpack's.
    'process.env': JSON.stringify(flexEnv),
  };
  return {
    alias,
    plugins: [new webpack.DefinePlugin({ __SWITCHBOARD_PLUGIN_NAME__: JSON.stringify(plugin.name), ...env })],
  };
}

/** The externals of each target: what the page provides at run time. */
function externalsOf(target: PluginTarget): Record<string, string | string[]> {
  if (target === 'webchat') {
    // The widget's page script sets `window.SwitchboardWebChat`; its package is types only
    // here, and a second copy of the widget in a plugin would be a second webchat.
    return { '@switchboard/webchat': 'SwitchboardWebChat' };
  }
  // `@switchboard/plugin` is not among them: it is compiled in (see sharedModuleExternals).
  return sharedModuleExternals();
}

/**
 * The webpack configuration of `plugin`'s bundle, before the plugin's own `webpack.config.js`
 * (if any) changes it. Output: `<pluginDir>/dist/plugin.js` and its source map.
 *
 * @example
 * const config = createWebpackConfig(readPlugin('.'), { mode: 'production', target: 'desktop', pluginDir: '.' });
 * webpack(config, (error, stats) => …);
 */
export function createWebpackConfig(plugin: PluginProject, env: WebpackEnv): Configuration {
  const production = env.mode === 'production';
  // Resolved from here: the plugin project need not have esbuild-loader itself.
  const loader = ownRequire().resolve('esbuild-loader');
  const flex = plugin.flex ? flexOptions(plugin) : undefined;
  return {
    name: plugin.name,
    mode: env.mode,
    context: plugin.dir,
    entry: { plugin: plugin.entry },
    target: ['web', ES_TARGET],
    devtool: 'source-map',
    output: {
      path: path.join(plugin.dir, 'dist'),
      filename: BUNDLE_FILE,
      chunkFilename: 'plugin.[name].[contenthash:8].js',
      // Two plugins' webpack runtimes in one page must not share globals.
      uniqueName: `switchboard:${plugin.name}`,
      publicPath: 'auto',
      crossOriginLoading: 'anonymous',
      clean: false,
    },
    resolve: {
      extensions: ['.tsx', '.ts', '.jsx', '.js', '.mjs', '.cjs', '.json'],
      // TypeScript's ESM style: `import './plugin.js'` means plugin.ts(x).
      extensionAlias: { '.js': ['.ts', '.tsx', '.js', '.jsx'], '.mjs': ['.mts', '.mjs'] },
      ...(flex ? { alias: flex.alias } : {}),
    },
    ...(flex ? { plugins: flex.plugins } : {}),
    module: {
      rules: [
        {
          test: /\.[cm]?tsx?$/,
          loader,
          options: { target: ES_TARGET, jsx: 'automatic' },
        },
        {
          // The project's own JavaScript may hold JSX; installed packages are compiled already.
          test: /\.[cm]?jsx?$/,
          exclude: /[\\/]node_modules[\\/]/,
          loader,
          options: { loader: 'jsx', target: ES_TARGET, jsx: 'automatic' },
        },
      ],
    },
    externalsType: 'window',
    externals: externalsOf(env.target),
    optimization: {
      minimize: production,
      minimizer: [new EsbuildPlugin({ target: ES_TARGET, legalComments: 'none', css: false })],
      // A compile error keeps the previous bundle (under `start`, the one being served).
      emitOnErrors: false,
    },
    // plugin-scripts checks the size itself, against the plugin's own limit.
    performance: { hints: false },
    infrastructureLogging: { level: 'error' },
    stats: 'none',
    watchOptions: {
      ignored: ['**/node_modules/**', '**/dist/**', '**/.switchboard/**', '**/.git/**'],
      aggregateTimeout: 20,
    },
  };
}
