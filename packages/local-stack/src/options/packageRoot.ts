/**
 * Where an installed package is, from the code running now. The local stack serves files of
 * its own (the customer page) and of the packages it depends on (the built agent desktop, the
 * webchat widget); plugin-scripts resolves its own dependencies the same way. This code runs
 * as ESM (a bin), as CommonJS (`require`) and under Jest: `import.meta` is a syntax error in
 * the latter two and `__filename` is missing in the first, so the files are read from V8's
 * call sites, which all three have.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The files of the current call stack, innermost first (this module's own included). */
function stackFiles(): string[] {
  const original = Error.prepareStackTrace;
  try {
    Error.prepareStackTrace = (_error, sites) => sites;
    const sites = new Error().stack as unknown as NodeJS.CallSite[];
    const files = sites.map((s) => s.getFileName()).filter((f): f is string => typeof f === 'string' && f !== '');
    return [...new Set(files.map((f) => (f.startsWith('file:') ? fileURLToPath(f) : f)))];
  } finally {
    Error.prepareStackTrace = original;
  }
}

const nameOf = (dir: string): unknown => {
  try {
    return (JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name?: unknown }).name;
  } catch {
    return undefined;
  }
};

const cache = new Map<string, string>();

/**
 * The folder (where its package.json is) of package `name`: the package of a file on the
 * call stack when it is one (the caller's own package), else where Node resolves it from
 * those files. Throws naming the package when it is not installed.
 *
 * @example
 * const dir = packageRoot('@switchboard/agent-desktop'); // …/node_modules/@switchboard/agent-desktop
 */
export function packageRoot(name: string): string {
  const known = cache.get(name);
  if (known) return known;
  const files = stackFiles();
  for (const file of files) {
    for (let dir = path.dirname(file); path.dirname(dir) !== dir; dir = path.dirname(dir)) {
      if (existsSync(path.join(dir, 'package.json')) && nameOf(dir) === name) {
        cache.set(name, dir);
        return dir;
      }
    }
  }
  for (const file of files) {
    try {
      const dir = path.dirname(createRequire(file).resolve(`${name}/package.json`));
      cache.set(name, dir);
      return dir;
    } catch {
      // not resolvable from there: try the next file
    }
  }
  throw new Error(`${name} is not installed (it is a dependency of the local stack): reinstall`);
}
