/**
 * Reads a plugin project: its package.json (name, version, the `@switchboard/host` range) and
 * the `switchboard.plugin` settings, with every default applied and every problem reported
 * as one line naming the field.
 */
import { checkPermissions } from '@switchboard/host/permissions';
import { PLUGIN_NAME, type PluginPermissions } from '@switchboard/plugin';
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import validVersion from 'semver/functions/valid.js';
import validRange from 'semver/ranges/valid.js';
import { z } from 'zod';
import { PluginScriptsError } from './PluginScriptsError';

/** Where a bundle runs: the agent desktop (the host) or the customer's webchat page. */
export type PluginTarget = 'desktop' | 'webchat';

/** A plugin project, as {@link readPlugin} reads it. */
export interface PluginProject {
  /** The project folder (absolute). */
  readonly dir: string;
  /** package.json `name`: the plugin's name in the manifest (and the name it registers). */
  readonly name: string;
  /** package.json `version`. */
  readonly version: string;
  /** The entry file (absolute). */
  readonly entry: string;
  readonly target: PluginTarget;
  /** The manifest entry's phase. */
  readonly phase: number;
  /** Bytes of min+gzip the bundle may have. */
  readonly sizeLimit: number;
  /** The range of `@switchboard/host` in the project's dependencies, or `*`. */
  readonly hostVersion: string;
  /** The project's webpack override (`webpack.config.js`, `.cjs` or `.mjs`), when it has one. */
  readonly webpackConfigFile: string | undefined;
  /**
   * A Twilio Flex plugin (a flex-plugin-builder project, see {@link isFlexPlugin}): its
   * `@twilio/flex-ui`, `flex-plugin` and `@twilio/flex-plugin` imports resolve to
   * `@switchboard/flex-compat`.
   */
  readonly flex?: boolean;
  /**
   * What the plugin may touch (package.json `switchboard.plugin.permissions`, each list
   * defaulting to empty); `null` when it declares nothing (it then runs unrestricted).
   */
  readonly permissions: PluginPermissions | null;
}

/** The entries tried, in order, when `switchboard.plugin.entry` is not set. */
export const DEFAULT_ENTRIES = ['src/index.tsx', 'src/index.ts', 'src/index.jsx', 'src/index.js'] as const;
/** The default size limit: 20 KiB of min+gzip. */
export const DEFAULT_SIZE_LIMIT = 20_480;
/**
 * The default size limit of a Flex plugin: 256 KiB of min+gzip. Its bundle holds the compat
 * layer and what Flex plugins usually bring along (Twilio Paste, emotion), which a Flex page
 * would not share either.
 */
export const DEFAULT_FLEX_SIZE_LIMIT = 262_144;

/** The packages whose presence in package.json makes a folder a Flex plugin. */
export const FLEX_PACKAGES = [
  '@twilio/flex-ui',
  '@twilio/flex-plugin',
  'flex-plugin',
  '@twilio/flex-plugin-scripts',
  'flex-plugin-scripts',
] as const;

/**
 * Whether the project in `dir` is a Twilio Flex plugin (flex-plugin-builder): its package.json
 * depends on one of {@link FLEX_PACKAGES}, or its entry imports `flex-plugin`.
 */
export function isFlexPlugin(dir: string, entry?: string): boolean {
  try {
    const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as PackageJson;
    const deps = { ...pkg.dependencies, ...pkg.devDependencies, ...pkg.peerDependencies };
    if (FLEX_PACKAGES.some((name) => name in deps)) return true;
  } catch {
    return false;
  }
  if (!entry || !existsSync(entry)) return false;
  return /from\s+['"](@twilio\/)?flex-plugin['"]|require\(\s*['"](@twilio\/)?flex-plugin['"]\s*\)/.test(
    readFileSync(entry, 'utf8'),
  );
}
const WEBPACK_CONFIGS = ['webpack.config.js', 'webpack.config.cjs', 'webpack.config.mjs'];

const settingsSchema = z.strictObject({
  entry: z.string().min(1).optional(),
  target: z.enum(['desktop', 'webchat']).optional(),
  phase: z.int().min(0).optional(),
  sizeLimit: z.int().positive().optional(),
  // Checked by the host's own rules (checkPermissions), so build and host agree.
  permissions: z.unknown().optional(),
});

const fail = (message: string) => new PluginScriptsError('INVALID_PLUGIN_CONFIG', message);

/** One line for the first problem zod found, naming the field as a person writes it. */
function describeIssue(issue: z.core.$ZodIssue): string {
  const field = ['switchboard', 'plugin', ...issue.path.map(String)].join('.');
  if (issue.code === 'unrecognized_keys') {
    return `package.json switchboard.plugin has an unknown field "${issue.keys[0]}" (known: entry, target, phase, sizeLimit, permissions)`;
  }
  if (issue.code === 'invalid_value') return `package.json ${field} must be "desktop" or "webchat"`;
  if (field.endsWith('phase')) return `package.json ${field} must be an integer >= 0`;
  if (field.endsWith('sizeLimit')) return `package.json ${field} must be a positive integer (bytes of min+gzip)`;
  if (field.endsWith('entry')) return `package.json ${field} must be a path, like "src/index.tsx"`;
  return `package.json ${field}: ${issue.message}`;
}

interface PackageJson {
  name?: unknown;
  version?: unknown;
  dependencies?: Record<string, unknown>;
  devDependencies?: Record<string, unknown>;
  peerDependencies?: Record<string, unknown>;
  switchboard?: { plugin?: unknown };
}

function readPackageJson(dir: string): PackageJson {
  const file = path.join(dir, 'package.json');
  if (!existsSync(file)) {
    throw new PluginScriptsError(
      'NO_PACKAGE_JSON',
      `${dir} has no package.json: run this in a plugin's folder (npx @switchboard/create-plugin makes one)`,
    );
  }
  try {
    const pkg: unknown = JSON.parse(readFileSync(file, 'utf8'));
    if (typeof pkg !== 'object' || pkg === null || Array.isArray(pkg)) throw new Error('not an object');
    return pkg as PackageJson;
  } catch (error) {
    throw new PluginScriptsError('NO_PACKAGE_JSON', `${file} is not valid JSON: ${(error as Error).message}`);
  }
}

/** The range of `@switchboard/host` the project depends on, as the manifest's `hostVersion`. */
function hostRange(pkg: PackageJson): string {
  const range = pkg.dependencies?.['@switchboard/host'] ?? pkg.devDependencies?.['@switchboard/host'];
  // `file:`, `workspace:` and git specifiers say nothing about versions: any host then.
  return typeof range === 'string' && validRange(range) !== null ? range : '*';
}

/**
 * Reads the plugin project in `dir`.
 *
 * @throws {PluginScriptsError} `NO_PACKAGE_JSON`, `INVALID_PLUGIN_CONFIG` or `ENTRY_NOT_FOUND`
 * @example
 * const plugin = readPlugin('.');
 * // { name: 'my-plugin', version: '0.1.0', entry: '/…/src/index.tsx', target: 'desktop', phase: 0, sizeLimit: 20480, … }
 */
export function readPlugin(dir: string): PluginProject {
  const root = path.resolve(dir);
  if (!existsSync(root) || !statSync(root).isDirectory()) {
    throw new PluginScriptsError('NO_PACKAGE_JSON', `${root} is not a folder`);
  }
  const pkg = readPackageJson(root);
  const { name, version } = pkg;
  if (typeof name !== 'string' || !PLUGIN_NAME.test(name)) {
    throw fail(
      `package.json name ${JSON.stringify(name)} is not a plugin name: lowercase letters, digits, ".", "_", "-", optionally @scope/`,
    );
  }
  if (typeof version !== 'string' || validVersion(version) === null) {
    throw fail(`package.json version ${JSON.stringify(version)} of ${name} is not a semver version, like "0.1.0"`);
  }
  const raw = pkg.switchboard?.plugin ?? {};
  const parsed = settingsSchema.safeParse(raw);
  if (!parsed.success) throw fail(`${name}: ${describeIssue(parsed.error.issues[0]!)}`);
  const settings = parsed.data;
  const declared = checkPermissions(settings.permissions ?? null, 'switchboard.plugin.permissions');
  if (declared.problems) throw fail(`${name}: package.json ${declared.problems[0]}`);

  let entry: string;
  if (settings.entry !== undefined) {
    entry = path.resolve(root, settings.entry);
    if (!existsSync(entry) || !statSync(entry).isFile()) {
      throw new PluginScriptsError(
        'ENTRY_NOT_FOUND',
        `${name}: the entry ${settings.entry} (package.json switchboard.plugin.entry) does not exist`,
      );
    }
  } else {
    const found = DEFAULT_ENTRIES.find((e) => existsSync(path.join(root, e)));
    if (!found) {
      throw new PluginScriptsError(
        'ENTRY_NOT_FOUND',
        `${name}: no entry file: none of ${DEFAULT_ENTRIES.join(', ')} exists; create one or set switchboard.plugin.entry in package.json`,
      );
    }
    entry = path.join(root, found);
  }
  const webpackConfig = WEBPACK_CONFIGS.find((f) => existsSync(path.join(root, f)));
  const flex = isFlexPlugin(root, entry);
  return {
    dir: root,
    name,
    version,
    entry,
    target: settings.target ?? 'desktop',
    phase: settings.phase ?? 0,
    sizeLimit: settings.sizeLimit ?? (flex ? DEFAULT_FLEX_SIZE_LIMIT : DEFAULT_SIZE_LIMIT),
    hostVersion: hostRange(pkg),
    webpackConfigFile: webpackConfig && path.join(root, webpackConfig),
    ...(flex ? { flex } : {}),
    permissions: declared.permissions,
  };
}
