/**
 * What is said about a bundle: its subresource-integrity hash, its sizes (minified, and
 * minified + gzip: what travels), and the manifest entry the host reads.
 */
import type { PluginPermissions } from '@switchboard/plugin';
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';

/** The `plugins.json` entry of a built plugin (`dist/manifest-entry.json`). */
export interface ManifestEntry {
  name: string;
  version: string;
  /** The bundle, relative to the entry's own location: `plugin.js`. */
  src: string;
  /** `sha384-…` of the bundle. */
  integrity: string;
  /** The host versions it works with. */
  hostVersion: string;
  phase: number;
  /** What it may touch (package.json `switchboard.plugin.permissions`); `null`: it declares nothing. */
  permissions: PluginPermissions | null;
}

/** A bundle's sizes in bytes. */
export interface BundleSize {
  /** The file as built (minified). */
  min: number;
  /** gzip -9 of it: roughly what a browser downloads. */
  gzip: number;
}

/** The SRI hash (`sha384-<base64>`) the host checks the bundle against. */
export const sri = (body: Buffer | string): string => `sha384-${createHash('sha384').update(body).digest('base64')}`;

/** A short hash of the content, for cache-busting URLs (`plugin.js?v=…`). */
export const contentHash = (body: Buffer | string): string =>
  createHash('sha256').update(body).digest('hex').slice(0, 16);

export const sizeOf = (body: Buffer): BundleSize => ({ min: body.length, gzip: gzipSync(body, { level: 9 }).length });

/** `1,234 B (1.2 KiB)` */
export function formatBytes(bytes: number): string {
  const exact = `${bytes.toLocaleString('en-US')} B`;
  return bytes < 1024 ? exact : `${exact} (${(bytes / 1024).toFixed(1)} KiB)`;
}
