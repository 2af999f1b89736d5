/**
 * The plugin releases' side of the desktop (follow the active release, apply a new one
 * between tasks, report health), a chunk of its own: `main.tsx` starts loading it with the
 * agent's connection, so the sign-in page and the first paint do not carry it.
 */
export { followReleases } from './releases';
export { readFolderManifest } from './releaseManifest';
