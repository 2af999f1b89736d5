/**
 * Where this package is installed: plugin-scripts resolves its own dependencies (ts-jest, the
 * agent desktop, the webchat page) and its Jest preset from there, not from the plugin
 * project, whose node_modules may not have them (nested installs, pnpm).
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const NAME = '@switchboard/plugin-scripts';
let cached: string | undefined;

/**
 * The file of the running module. This code runs as ESM (the bin), as CommonJS (`require`) and
 * under Jest; `import.meta` is a syntax error in the latter two and `__filename` is missing in
 * the first, so the file is read from V8's call sites, which all three have.
 */
function thisFile(): string {
  const original = Error.prepareStackTrace;
  try {
    Error.prepareStackTrace = (_error, sites) => sites;
    const sites = new Error().stack as unknown as NodeJS.CallSite[];
    const file = sites.map((s) => s.getFileName()).find((f): f is string => typeof f === 'string' && f !== '');
    if (!file) throw new Error('no call site has a file name');
    return file.startsWith('file:') ? fileURLToPath(file) : file;
  } finally {
    Error.prepareStackTrace = original;
  }
}

const isOurs = (dir: string): boolean => {
  const file = path.join(dir, 'package.json');
  if (!existsSync(file)) return false;
  try {
    return (JSON.parse(readFileSync(file, 'utf8')) as { name?: unknown }).name === NAME;
  } catch {
    return false;
  }
};

/** The folder of @switchboard/plugin-scripts (where its package.json is). */
export function packageRoot(): string {
  if (cached) return cached;
  const file = thisFile();
  for (let dir = path.dirname(file); ; dir = path.dirname(dir)) {
    if (isOurs(dir)) return (cached = dir);
    if (path.dirname(dir) === dir) break;
  }
  // Bundled into another file (a benchmark): find the installed package from there.
  const resolved = createRequire(file).resolve(`${NAME}/package.json`);
  return (cached = path.dirname(resolved));
}

/** `require` relative to this package: its own dependencies, whatever the plugin project has. */
export function ownRequire(): NodeJS.Require {
  return createRequire(path.join(packageRoot(), 'package.json'));
}
