/**
 * webpack's errors as one line a person can act on: `file:line:column: what`, relative to the
 * plugin's folder, without loader chains and stack traces.
 */
import path from 'node:path';
import type { StatsError } from 'webpack';

/** esbuild's own location inside a loader's message: `/abs/file.tsx:3:10: ERROR: Expected ";"`. */
const ESBUILD_LOCATION = /(\/[^\n:]+|[A-Za-z]:\\[^\n:]+):(\d+):(\d+): ERROR: ([^\n]+)/;

const relative = (dir: string, file: string) => {
  const rel = path.relative(dir, file);
  return rel.startsWith('..') ? file : rel.split(path.sep).join('/');
};

/** The file of a module as webpack names it (`./src/index.tsx`, `../lib/x.js + 3 modules`). */
const fileOf = (moduleName: string | undefined) =>
  moduleName
    ?.replace(/ \+ \d+ modules?$/, '')
    .replace(/^\.\//, '')
    .split('!')
    .pop();

/** The first meaningful line of a webpack message, without "Module …: Error:" prefixes. */
function firstLine(message: string): string {
  const lines = message
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !/^at /.test(l));
  const line =
    lines.find((l) => !/^Module (build|parse) failed/.test(l) && !/^Error: Transform failed/.test(l)) ?? lines[0] ?? '';
  return line
    .replace(/^(Module not found|ModuleParseError|ModuleBuildError): /, '')
    .replace(/^(Error|SyntaxError): /, '');
}

/**
 * One line for a webpack error.
 *
 * @example
 * formatWebpackError(stats.toJson().errors[0], pluginDir) // 'src/plugin.tsx:3:10: Expected ";" but found ")"'
 */
export function formatWebpackError(error: StatsError, dir: string): string {
  const inner = ESBUILD_LOCATION.exec(error.message);
  // esbuild counts columns from 0; editors and webpack's `loc` from 1.
  if (inner) return `${relative(dir, inner[1]!)}:${inner[2]}:${Number(inner[3]) + 1}: ${inner[4]!.trim()}`;
  const file = fileOf(error.moduleName);
  // `loc` is "line:column-end" or "line:column-line:column"; the start is what a person needs.
  const loc = error.loc && /^(\d+):(\d+)/.exec(error.loc);
  const where = file ? `${file}${loc ? `:${loc[1]}:${Number(loc[2]) + 1}` : ''}: ` : '';
  return `${where}${firstLine(error.message)}`;
}
