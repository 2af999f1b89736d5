/**
 * The configuration a bundle is really built with: {@link createWebpackConfig}, then the
 * plugin's own `webpack.config.js` (`(config, env) => config`), then the output folder and
 * file that plugin-scripts owns (build writes to a temporary folder first).
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Configuration } from 'webpack';
import { BUNDLE_FILE, createWebpackConfig, type WebpackEnv } from './createWebpackConfig';
import { PluginScriptsError } from './PluginScriptsError';
import type { PluginProject } from './readPlugin';

/** A plugin's webpack override. */
export type WebpackOverride = (config: Configuration, env: WebpackEnv) => Configuration | Promise<Configuration>;

/** Loads the plugin's webpack.config.js (CommonJS or ESM) and returns its function. */
async function loadOverride(plugin: PluginProject, file: string): Promise<WebpackOverride> {
  const shown = path.basename(file);
  let loaded: unknown;
  try {
    // import() reads CommonJS and ESM alike (module.exports arrives as `default`).
    const mod = (await import(pathToFileURL(file).href)) as { default?: unknown };
    loaded = mod.default ?? mod;
  } catch (error) {
    throw new PluginScriptsError(
      'WEBPACK_CONFIG_FAILED',
      `${plugin.name}: ${shown} failed to load: ${(error as Error)?.message ?? String(error)}`,
      { owner: plugin.name, cause: error },
    );
  }
  if (typeof loaded !== 'function') {
    throw new PluginScriptsError(
      'WEBPACK_CONFIG_FAILED',
      `${plugin.name}: ${shown} must export a function (config, env) => config, not ${loaded === null ? 'null' : typeof loaded}`,
      { owner: plugin.name },
    );
  }
  return loaded as WebpackOverride;
}

/** What a build needs besides the configuration: where the override left the output. */
export interface ResolvedWebpackConfig {
  config: Configuration;
  /** A line to show when the override changed something plugin-scripts had to set back. */
  warning: string | undefined;
}

/**
 * The final configuration of `plugin` for `env`, writing into `outputPath`.
 *
 * @throws {PluginScriptsError} `WEBPACK_CONFIG_FAILED` when the override fails or returns nothing
 */
export async function resolveWebpackConfig(
  plugin: PluginProject,
  env: WebpackEnv,
  outputPath: string,
): Promise<ResolvedWebpackConfig> {
  let config = createWebpackConfig(plugin, env);
  if (plugin.webpackConfigFile) {
    const override = await loadOverride(plugin, plugin.webpackConfigFile);
    let result: unknown;
    try {
      // A Flex plugin's webpack.config.js (flex-plugin-builder) reads { isProd, isDev, isTest }.
      const flexEnv = plugin.flex
        ? { isProd: env.mode === 'production', isDev: env.mode === 'development', isTest: false }
        : {};
      result = await override(config, { ...env, ...flexEnv });
    } catch (error) {
      throw new PluginScriptsError(
        'WEBPACK_CONFIG_FAILED',
        `${plugin.name}: ${path.basename(plugin.webpackConfigFile)} threw: ${(error as Error)?.message ?? String(error)}`,
        { owner: plugin.name, cause: error },
      );
    }
    if (typeof result !== 'object' || result === null || Array.isArray(result)) {
      throw new PluginScriptsError(
        'WEBPACK_CONFIG_FAILED',
        `${plugin.name}: the function of ${path.basename(plugin.webpackConfigFile)} must return the configuration (one object)`,
        { owner: plugin.name },
      );
    }
    config = result as Configuration;
  }
  // The manifest entry, the size check and the dev server read this one file.
  const output = config.output ?? {};
  const changed =
    (output.path !== undefined && output.path !== path.join(plugin.dir, 'dist')) ||
    (output.filename !== undefined && output.filename !== BUNDLE_FILE);
  config.output = { ...output, path: outputPath, filename: BUNDLE_FILE };
  // Never an eval devtool, whatever the override says: the host's pages are CSP-safe.
  const evalDevtool = typeof config.devtool === 'string' && config.devtool.includes('eval');
  if (evalDevtool) config.devtool = 'source-map';
  const warnings = [
    changed ? 'output.path and output.filename are set by plugin-scripts (dist/plugin.js)' : '',
    evalDevtool ? 'eval devtools break the host\'s CSP: using "source-map"' : '',
  ].filter(Boolean);
  return {
    config,
    warning: warnings.length ? `${plugin.name}: webpack.config: ${warnings.join('; ')}` : undefined,
  };
}
