import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const PACKAGE_NAME = '@switchboard/create-plugin';

/**
 * The file this code runs from: `src/packageInfo.ts` under Jest, `dist/esm/*.js` or
 * `dist/cjs/*.cjs` once built. Asked of V8's call sites because the same source is compiled to
 * both module systems: `import.meta.url` is a syntax error in CommonJS (and Jest), and
 * `__dirname` does not exist in an ES module.
 */
function currentFile(): string {
  const original = Error.prepareStackTrace;
  try {
    Error.prepareStackTrace = (_error, sites) => sites;
    const sites = new Error().stack as unknown as NodeJS.CallSite[];
    const file = sites[0]?.getFileName();
    if (!file) throw new Error(`${PACKAGE_NAME}: cannot tell where it is installed`);
    return file.startsWith('file:') ? fileURLToPath(file) : file;
  } finally {
    Error.prepareStackTrace = original;
  }
}

let cached: { dir: string; version: string } | undefined;

/** This package's folder (with `templates/` and `package.json`) and its version. */
export function packageInfo(): { dir: string; version: string } {
  if (cached) return cached;
  for (let dir = path.dirname(currentFile()); ; dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'package.json');
    if (existsSync(manifest)) {
      const pkg = JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === PACKAGE_NAME && pkg.version) return (cached = { dir, version: pkg.version });
    }
    if (path.dirname(dir) === dir) throw new Error(`${PACKAGE_NAME}: its package.json was not found`);
  }
}
