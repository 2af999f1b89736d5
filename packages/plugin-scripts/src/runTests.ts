/**
 * `switchboard-plugin test`: Jest, run programmatically in the plugin's folder with the
 * package's preset (`jest-preset.cjs`) under the plugin's own Jest configuration, if it has
 * one. Jest's arguments pass through (`--watch`, a test path, `-t name`, …).
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { stripVTControlCharacters } from 'node:util';
import { FLEX_IMPORTS, flexCompatEntry } from './createWebpackConfig';
import { packageRoot } from './packageRoot';
import { DEFAULT_ENTRIES, isFlexPlugin } from './readPlugin';
import { PluginScriptsError } from './PluginScriptsError';

/** The preset's file: what `preset` points at unless the plugin's configuration names another. */
export const jestPresetFile = (): string => path.join(packageRoot(), 'jest-preset.cjs');

/** Jest's `moduleNameMapper` that sends a Flex plugin's Flex imports to the compat layer (CommonJS). */
export function flexModuleNameMapper(): Record<string, string> {
  const names = FLEX_IMPORTS.map((n) => n.replace(/[/.]/g, (c) => `\\${c}`)).join('|');
  return { [`^(${names})$`]: flexCompatEntry('cjs') };
}

/**
 * A flex-plugin-builder `jest.config.js`: a function `(config, { isProd, isDev, isTest }) =>
 * config` (which Jest would call without arguments). Its file, when the project has one.
 */
async function flexJestConfigFile(root: string): Promise<string | undefined> {
  const file = ['jest.config.js', 'jest.config.cjs'].map((f) => path.join(root, f)).find((f) => existsSync(f));
  if (!file) return undefined;
  const fn = await loadDefault(file).catch(() => undefined);
  return typeof fn === 'function' && fn.length >= 1 ? file : undefined;
}

async function loadDefault(file: string): Promise<unknown> {
  const mod = (await import(pathToFileURL(file).href)) as { default?: unknown };
  return mod.default ?? mod;
}

/** The Jest settings of a flex-plugin-builder `jest.config.js`, called as flex-plugin-scripts does. */
async function flexJestConfig(root: string): Promise<Record<string, unknown> | undefined> {
  const file = await flexJestConfigFile(root);
  if (!file) return undefined;
  const fn = (await loadDefault(file)) as (config: object, env: object) => unknown;
  let result: unknown;
  try {
    result = await fn({}, { isProd: false, isDev: false, isTest: true });
  } catch (error) {
    throw new PluginScriptsError('TEST_SETUP_FAILED', `${path.basename(file)} threw: ${oneLine(error)}`, {
      cause: error,
    });
  }
  if (typeof result !== 'object' || result === null || Array.isArray(result))
    throw new PluginScriptsError(
      'TEST_SETUP_FAILED',
      `the function of ${path.basename(file)} must return the Jest configuration (one object)`,
    );
  return result as Record<string, unknown>;
}

/** The lines of a Jest error worth one line: its title and first explanation, no colours. */
function oneLine(error: unknown): string {
  const text = stripVTControlCharacters((error as Error)?.message ?? String(error));
  return text
    .split('\n')
    .map((l) => l.replace(/^\s*●\s*/, '').trim())
    .filter((l) => l && !/Documentation:|^https?:/.test(l))
    .slice(0, 2)
    .join(' ')
    .replace(/:\s*:/g, ':');
}

/**
 * Runs the plugin's tests in `dir` with Jest; resolves with the exit code (0: every test
 * passed; 1: a test failed or none was found). In watch mode it resolves when Jest ends.
 *
 * @throws {PluginScriptsError} `NO_PACKAGE_JSON`, `INVALID_ARGUMENTS` (Jest does not know an
 *   argument) or `TEST_SETUP_FAILED` (the plugin's Jest configuration is wrong)
 * @example
 * process.exitCode = await runTests('.', ['--watch']);
 */
export async function runTests(dir: string, args: readonly string[] = []): Promise<number> {
  const root = path.resolve(dir);
  if (!existsSync(path.join(root, 'package.json'))) {
    throw new PluginScriptsError(
      'NO_PACKAGE_JSON',
      `${root} has no package.json: run this in a plugin's folder (npx @switchboard/create-plugin makes one)`,
    );
  }
  // Loaded here, not at start-up: build and start never pay for Jest.
  const [{ buildArgv, runCLI }, { readInitialOptions }] = await Promise.all([import('jest'), import('jest-config')]);
  let argv: Awaited<ReturnType<typeof buildArgv>>;
  try {
    argv = await buildArgv([...args]);
  } catch (error) {
    throw new PluginScriptsError('INVALID_ARGUMENTS', `jest: ${oneLine(error)}`, { cause: error });
  }
  // `--config` given: the developer chose a configuration; take it as is.
  if (argv.config === undefined) {
    // A Flex plugin's tests import @twilio/flex-ui and flex-plugin: the compat layer answers.
    const entry = DEFAULT_ENTRIES.map((e) => path.join(root, e)).find((e) => existsSync(e));
    const flex = isFlexPlugin(root, entry);
    let own: Record<string, unknown> = {};
    try {
      // A flex-plugin-builder jest.config.js is a function Jest cannot call: read below.
      if (!(flex && (await flexJestConfigFile(root))))
        ({ config: own } = await readInitialOptions(undefined, {
          packageRootOrConfig: root,
          skipMultipleConfigError: true,
        }));
    } catch (error) {
      throw new PluginScriptsError('TEST_SETUP_FAILED', `the Jest configuration of ${root}: ${oneLine(error)}`, {
        cause: error,
      });
    }
    const flexOwn = flex ? await flexJestConfig(root) : undefined;
    if (flexOwn) own = flexOwn;
    if (flex) own = { ...own, moduleNameMapper: { ...flexModuleNameMapper(), ...(own.moduleNameMapper as object) } };
    // The plugin's own settings win; Jest merges transform, moduleNameMapper and setup files with the preset's.
    argv.config = JSON.stringify({ preset: jestPresetFile(), ...own, rootDir: own.rootDir ?? root });
  }
  try {
    const { results } = await runCLI(argv, [root]);
    return results.success ? 0 : 1;
  } catch (error) {
    throw new PluginScriptsError('TEST_SETUP_FAILED', `jest: ${oneLine(error)}`, { cause: error });
  }
}
