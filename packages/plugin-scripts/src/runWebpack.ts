/**
 * webpack's Node API as promises and callbacks: one build (`build`) or a watcher (`start`),
 * each result reduced to what plugin-scripts reports: success, duration and the errors.
 */
import webpack, { type Compiler, type Configuration, type Stats } from 'webpack';
import { formatWebpackError } from './firstWebpackError';
import { PluginScriptsError } from './PluginScriptsError';

/** One compilation, as plugin-scripts reports it. */
export interface CompileResult {
  /** No error: the bundle was written. */
  ok: boolean;
  /** webpack's own time for the compilation. */
  durationMs: number;
  /** One line per error (`file:line:column: what`), in webpack's order. */
  errors: string[];
  /** One line per warning. */
  warnings: string[];
}

function resultOf(stats: Stats, dir: string): CompileResult {
  const json = stats.toJson({ all: false, errors: true, warnings: true, timings: true });
  const errors = (json.errors ?? []).map((e) => formatWebpackError(e, dir));
  return {
    ok: !stats.hasErrors(),
    durationMs: (stats.endTime ?? 0) - (stats.startTime ?? 0),
    errors,
    warnings: (json.warnings ?? []).map((e) => formatWebpackError(e, dir)),
  };
}

/** webpack's schema errors are a paragraph; the first `- configuration.x …` item is the point. */
function firstProblem(message: string): string {
  const lines = message.split('\n');
  const at = lines.findIndex((l) => l.trim().startsWith('- '));
  if (at < 0) return lines[0] ?? '';
  // "should be one of these:" is followed by what it should be.
  const item = lines[at]!.trim().endsWith(':') ? `${lines[at]} ${lines[at + 1] ?? ''}` : lines[at]!;
  return item.trim().replace(/^-\s*/, '').replace(/\s+/g, ' ');
}

/** A compiler, or the configuration's problem as a typed error (webpack validates eagerly). */
function compilerFor(config: Configuration, owner: string): Compiler {
  try {
    return webpack(config);
  } catch (error) {
    throw new PluginScriptsError(
      'WEBPACK_CONFIG_FAILED',
      `${owner}: the webpack configuration is invalid: ${firstProblem((error as Error)?.message ?? String(error))}`,
      { owner, cause: error },
    );
  }
}

/** Runs one build with `config` (its files go where `config.output` says). */
export async function compileOnce(config: Configuration, dir: string): Promise<CompileResult> {
  const compiler = compilerFor(config, String(config.name));
  const stats = await new Promise<Stats>((resolve, reject) =>
    compiler.run((error, result) =>
      error || !result ? reject(error ?? new Error('webpack returned nothing')) : resolve(result),
    ),
  ).finally(() => new Promise<void>((resolve) => compiler.close(() => resolve())));
  return resultOf(stats, dir);
}

/** A running webpack watcher. */
export interface WebpackWatcher {
  close(): Promise<void>;
}

/** Watches and rebuilds with `config`; `onResult` gets every compilation, the first included. */
export function compileWatching(
  config: Configuration,
  dir: string,
  onResult: (result: CompileResult) => void,
  onFailure: (error: Error) => void,
): WebpackWatcher {
  const compiler = compilerFor(config, String(config.name));
  const watching = compiler.watch(config.watchOptions ?? {}, (error, stats) => {
    if (error || !stats) onFailure(error ?? new Error('webpack returned nothing'));
    else onResult(resultOf(stats, dir));
  });
  let closed: Promise<void> | undefined;
  return {
    close: () =>
      (closed ??= new Promise<void>((resolve) =>
        // `watch` returns undefined only when webpack was given a callback-less multi config.
        watching ? watching.close(() => compiler.close(() => resolve())) : compiler.close(() => resolve()),
      )),
  };
}
