/**
 * One manifest for the desktop: the folder plugins of `/plugins.json` (what `npm start` serves
 * from the plugins folder) and the plugins of the registry's release live for this agent. A
 * registry entry wins over a folder entry of the same name (the release is what production
 * runs; a folder copy of the same plugin is a developer's leftover).
 */
import type { PluginManifest } from '@switchboard/host';
import type { ActiveRelease, PluginPermissions } from '@switchboard/contact-center';

/** A manifest entry as the host's `loadManifest` / `plugins.update` take it. */
export type DesktopManifestEntry = PluginManifest['plugins'][number];

/** Where each plugin of the merged manifest came from. */
export type PluginOrigin = 'folder' | 'registry';

/** The merged manifest, and which of its plugins are the release's. */
export interface ReleaseManifest {
  /** The release's sid (null: nothing released for this agent, or the registry could not be read). */
  releaseSid: string | null;
  plugins: DesktopManifestEntry[];
  /** By plugin name. */
  origins: Record<string, PluginOrigin>;
}

/** The registry's entries as manifest entries (bundle URLs resolved against the server). */
export function registryEntries(active: ActiveRelease, serverUrl: string): DesktopManifestEntry[] {
  return active.plugins.map((p) => {
    const entry: DesktopManifestEntry & { permissions?: PluginPermissions } = {
      name: p.name,
      version: p.version,
      src: new URL(p.src, serverUrl).href,
      integrity: p.integrity,
      hostVersion: p.hostVersion,
      phase: p.phase,
      enabled: p.enabled,
    };
    // null = undeclared: the same as absent for the host (unrestricted, flagged).
    if (p.permissions) entry.permissions = p.permissions;
    return entry;
  });
}

/**
 * Merges the folder plugins and the release's: folder entries in their order, each replaced by
 * the registry's entry of the same name, then the registry's other entries in release order.
 *
 * @example
 * const merged = mergeManifests(folder, { releaseSid: 'PR…', entries: registryEntries(active, serverUrl) });
 * await host.plugins.loadManifest(merged.plugins);
 */
export function mergeManifests(
  folder: readonly DesktopManifestEntry[],
  release: { releaseSid: string | null; entries: readonly DesktopManifestEntry[] },
): ReleaseManifest {
  const fromRegistry = new Map(release.entries.map((e) => [e.name, e]));
  const origins: Record<string, PluginOrigin> = {};
  const plugins: DesktopManifestEntry[] = [];
  for (const entry of folder) {
    const winner = fromRegistry.get(entry.name);
    origins[entry.name] = winner ? 'registry' : 'folder';
    plugins.push(winner ?? entry);
  }
  for (const entry of release.entries) {
    if (origins[entry.name]) continue;
    origins[entry.name] = 'registry';
    plugins.push(entry);
  }
  return { releaseSid: release.releaseSid, plugins, origins };
}

/**
 * Reads a folder manifest (`{ plugins }` or the bare array) and resolves each relative `src`
 * against the manifest's URL (as `loadManifest(url)` would). A manifest that is absent (404)
 * is no plugins; any other failure rejects.
 */
export async function readFolderManifest(
  url: string,
  fetchFn: (input: string) => Promise<{ ok: boolean; status: number; json(): Promise<unknown> }> = (input) =>
    globalThis.fetch(input),
): Promise<DesktopManifestEntry[]> {
  const res = await fetchFn(url);
  if (res.status === 404) return [];
  if (!res.ok) throw new Error(`the folder manifest ${url} answered ${res.status}`);
  const body = await res.json();
  const list: unknown = Array.isArray(body) ? body : (body as { plugins?: unknown } | null)?.plugins;
  if (!Array.isArray(list)) throw new Error(`the folder manifest ${url} has no "plugins" array`);
  return list.map((item: unknown) => {
    const entry = item as DesktopManifestEntry;
    return typeof entry?.src === 'string' ? { ...entry, src: new URL(entry.src, url).href } : entry;
  });
}
