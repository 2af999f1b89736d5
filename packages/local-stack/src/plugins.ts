/**
 * The plugins a local stack serves: the manifest the agent desktop loads (made on each
 * request, so its `integrity` is always the bundle's current one), the bundles and their
 * source maps, and the built plugin projects of a folder.
 */
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, readdirSync, readFileSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import path from 'node:path';
import type { PluginPermissions } from '@switchboard/contact-center';

/** A plugin bundle the desktop loads. */
export interface LocalPlugin {
  name: string;
  version: string;
  /** The bundle file (its directory is served too, for source maps). */
  file: string;
  /** Phase of the manifest entry (default 0). */
  phase?: number;
  /** Host versions it supports (default `*`). */
  hostVersion?: string;
  /** Leave the manifest's `integrity` out (a bundle rebuilt while it runs, under a dev server). */
  noIntegrity?: boolean;
  /**
   * What it may touch (package.json `switchboard.plugin.permissions`): the manifest carries it,
   * and its `origins` go into the desktop page's CSP `connect-src`. Absent or null: undeclared.
   */
  permissions?: PluginPermissions | null;
}

/** The built plugins of a folder of plugin projects (see {@link pluginsIn}). */
export interface PluginsInFolder {
  /** Agent-desktop plugins, for `LocalStackOptions.plugins`. */
  desktop: LocalPlugin[];
  /** WebChat plugin scripts, for `LocalStackOptions.webchatPlugins`. */
  webchat: string[];
  /** Plugin projects without a built bundle (`dist/plugin.js`), by folder name. */
  unbuilt: string[];
}

/**
 * The packages whose presence in a package.json makes its folder a Twilio Flex plugin (a
 * flex-plugin-builder project, which `switchboard-plugin build` takes as it is): the same list
 * as `@switchboard/plugin-scripts`' `FLEX_PACKAGES`.
 */
const FLEX_PACKAGES = [
  '@twilio/flex-ui',
  '@twilio/flex-plugin',
  'flex-plugin',
  '@twilio/flex-plugin-scripts',
  'flex-plugin-scripts',
];

/**
 * The plugin projects in `dir` (each a folder whose package.json has `switchboard.plugin`, or
 * a Flex plugin folder: a dependency on `@twilio/flex-ui`, `flex-plugin`, … ; a desktop
 * plugin), in folder-name order, with their built bundles: what `npm start` loads from
 * `plugins/` and `examples/flex-plugins/`.
 */
export function pluginsIn(dir: string): PluginsInFolder {
  const found: PluginsInFolder = { desktop: [], webchat: [], unbuilt: [] };
  if (!existsSync(dir)) return found;
  for (const name of readdirSync(dir).sort()) {
    const pkgFile = path.join(dir, name, 'package.json');
    if (!existsSync(pkgFile)) continue;
    const pkg = JSON.parse(readFileSync(pkgFile, 'utf8')) as {
      name: string;
      version: string;
      switchboard?: { plugin?: { target?: string; phase?: number; permissions?: unknown } };
      dependencies?: Record<string, string>;
      devDependencies?: Record<string, string>;
    };
    const deps = { ...pkg.dependencies, ...pkg.devDependencies };
    const plugin = pkg.switchboard?.plugin ?? (FLEX_PACKAGES.some((n) => n in deps) ? {} : undefined);
    if (!plugin) continue;
    const file = path.join(dir, name, 'dist', 'plugin.js');
    if (!existsSync(file)) found.unbuilt.push(name);
    else if (plugin.target === 'webchat') found.webchat.push(file);
    else {
      const permissions = permissionsOf(plugin.permissions, pkgFile);
      found.desktop.push({
        name: pkg.name,
        version: pkg.version,
        file,
        phase: plugin.phase ?? 0,
        ...(permissions ? { permissions } : {}),
      });
    }
  }
  return found;
}

/**
 * The `switchboard.plugin.permissions` of a package.json: three lists of strings (a list left
 * out is empty), or undefined when it declares none. Throws naming the file when malformed.
 */
export function permissionsOf(value: unknown, file: string): PluginPermissions | undefined {
  if (value === undefined || value === null) return undefined;
  const fail = (what: string) =>
    new Error(`${file}: switchboard.plugin.permissions${what} must be ${what ? 'a list of strings' : 'an object'}`);
  if (typeof value !== 'object' || Array.isArray(value)) throw fail('');
  const record = value as Record<string, unknown>;
  const list = (kind: keyof PluginPermissions): string[] => {
    const v = record[kind] ?? [];
    if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) throw fail(`.${kind}`);
    return v as string[];
  };
  return { actions: list('actions'), slots: list('slots'), origins: list('origins') };
}

/** The origins the plugins declare (their `permissions.origins`), once each. */
export const declaredOrigins = (plugins: readonly LocalPlugin[]): string[] => [
  ...new Set(plugins.flatMap((p) => p.permissions?.origins ?? [])),
];

const sri = (body: Buffer) => `sha384-${createHash('sha384').update(body).digest('base64')}`;

/** The manifest of `plugins`, as the agent desktop loads it from `/plugins.json`. */
export async function manifestOf(plugins: readonly LocalPlugin[]): Promise<{ plugins: object[] }> {
  return {
    plugins: await Promise.all(
      plugins.map(async (p) => ({
        name: p.name,
        version: p.version,
        src: `/plugins/${encodeURIComponent(p.name)}/${path.basename(p.file)}`,
        hostVersion: p.hostVersion ?? '*',
        phase: p.phase ?? 0,
        ...(p.noIntegrity ? {} : { integrity: sri(await readFile(p.file)) }),
        ...(p.permissions ? { permissions: p.permissions } : {}),
      })),
    ),
  };
}

/**
 * Answers `/plugins/<name>/<file>` from the plugin's own directory (its bundle, its source
 * map); false when no plugin or file matches. `pathname` is already decoded.
 */
export async function servePluginFile(
  plugins: readonly LocalPlugin[],
  pathname: string,
  res: ServerResponse,
): Promise<boolean> {
  const match = /^\/plugins\/([^/]+)\/([^/]+)$/.exec(pathname);
  const plugin = match && plugins.find((p) => p.name === decodeURIComponent(match[1]!));
  if (!plugin || !match) return false;
  const file = path.join(path.dirname(plugin.file), path.basename(decodeURIComponent(match[2]!)));
  const info = await stat(file).catch(() => undefined);
  if (!info?.isFile()) return false;
  res.writeHead(200, {
    'content-type': file.endsWith('.js') ? 'text/javascript; charset=utf-8' : 'application/json; charset=utf-8',
    'cache-control': 'no-store',
    'access-control-allow-origin': '*',
  });
  createReadStream(file).pipe(res);
  return true;
}
