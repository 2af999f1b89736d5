/**
 * `switchboard-plugin build`: one production bundle per plugin, its source map and its
 * manifest entry, checked against the size limit. Everything is built into a temporary
 * folder and moved into `dist/` only when it all succeeded: a failed build leaves the
 * previous `dist/` as it was, never half a build.
 */
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { formatBytes, sizeOf, sri, type BundleSize, type ManifestEntry } from './bundleFacts';
import { BUNDLE_FILE } from './createWebpackConfig';
import { PluginScriptsError } from './PluginScriptsError';
import { readPlugin, type PluginProject } from './readPlugin';
import { resolveWebpackConfig } from './resolveWebpackConfig';
import { compileOnce } from './runWebpack';

/** Options of {@link buildPlugin}. */
export interface BuildOptions {
  /** Bytes of min+gzip the bundle may have; overrides package.json `switchboard.plugin.sizeLimit`. */
  sizeLimit?: number;
}

/** What {@link buildPlugin} made. */
export interface BuildResult {
  plugin: PluginProject;
  /** `<dir>/dist/plugin.js` */
  bundleFile: string;
  /** `<dir>/dist/manifest-entry.json` */
  manifestEntryFile: string;
  manifestEntry: ManifestEntry;
  size: BundleSize & { limit: number };
  /** webpack's time. */
  durationMs: number;
  /** webpack's warnings and the override's, one line each. */
  warnings: string[];
}

/** The manifest entry's file name in `dist/`. */
export const MANIFEST_ENTRY_FILE = 'manifest-entry.json';

/** Replaces `dist` by `built`; the old `dist` goes to `trash` first, and comes back if the move fails. */
function replaceDist(built: string, dist: string, trash: string): void {
  const hadDist = existsSync(dist);
  if (hadDist) renameSync(dist, trash);
  try {
    renameSync(built, dist);
  } catch (error) {
    if (hadDist) renameSync(trash, dist);
    throw error;
  }
}

/**
 * Builds the plugin in `dir` into `dir/dist`: `plugin.js` (minified), `plugin.js.map` and
 * `manifest-entry.json` (`{ name, version, src, integrity, hostVersion, phase, permissions }`).
 *
 * @throws {PluginScriptsError} `NO_PACKAGE_JSON`, `INVALID_PLUGIN_CONFIG`, `ENTRY_NOT_FOUND`,
 *   `WEBPACK_CONFIG_FAILED`, `BUILD_FAILED` (the first webpack error, `file:line:column: what`)
 *   or `SIZE_LIMIT_EXCEEDED`; `dist/` is then untouched.
 * @example
 * const { manifestEntry, size } = await buildPlugin('.', { sizeLimit: 10_240 });
 * console.log(manifestEntry.integrity, size.gzip);
 */
export async function buildPlugin(dir: string, options: BuildOptions = {}): Promise<BuildResult> {
  const plugin = readPlugin(dir);
  const limit = options.sizeLimit ?? plugin.sizeLimit;
  // Beside dist/, so the final move is a rename on one file system.
  const work = path.join(plugin.dir, '.switchboard');
  mkdirSync(work, { recursive: true });
  const temp = mkdtempSync(path.join(work, 'build-'));
  try {
    const out = path.join(temp, 'dist');
    const { config, warning } = await resolveWebpackConfig(
      plugin,
      { mode: 'production', target: plugin.target, pluginDir: plugin.dir },
      out,
    );
    const result = await compileOnce(config, plugin.dir);
    if (!result.ok) {
      const more = result.errors.length > 1 ? ` (and ${result.errors.length - 1} more)` : '';
      throw new PluginScriptsError('BUILD_FAILED', `${plugin.name}: build failed: ${result.errors[0]}${more}`, {
        owner: plugin.name,
      });
    }
    const body = readFileSync(path.join(out, BUNDLE_FILE));
    const size = sizeOf(body);
    if (size.gzip > limit) {
      throw new PluginScriptsError(
        'SIZE_LIMIT_EXCEEDED',
        `${plugin.name}: the bundle is ${formatBytes(size.gzip)} min+gzip, above its size limit of ${formatBytes(limit)}: keep large dependencies out (React, Redux and @switchboard/* come from the host) or raise switchboard.plugin.sizeLimit`,
        { owner: plugin.name },
      );
    }
    const manifestEntry: ManifestEntry = {
      name: plugin.name,
      version: plugin.version,
      src: BUNDLE_FILE,
      integrity: sri(body),
      hostVersion: plugin.hostVersion,
      phase: plugin.phase,
      permissions: plugin.permissions,
    };
    writeFileSync(path.join(out, MANIFEST_ENTRY_FILE), `${JSON.stringify(manifestEntry, null, 2)}\n`);
    const dist = path.join(plugin.dir, 'dist');
    replaceDist(out, dist, path.join(temp, 'previous-dist'));
    return {
      plugin,
      bundleFile: path.join(dist, BUNDLE_FILE),
      manifestEntryFile: path.join(dist, MANIFEST_ENTRY_FILE),
      manifestEntry,
      size: { ...size, limit },
      durationMs: result.durationMs,
      warnings: [...(warning ? [warning] : []), ...result.warnings],
    };
  } finally {
    rmSync(temp, { recursive: true, force: true });
    // Leave no empty .switchboard/ behind (start keeps its data there, so it may hold more).
    try {
      rmdirSync(work);
    } catch {
      // Not empty: start's data, or another build running.
    }
  }
}
