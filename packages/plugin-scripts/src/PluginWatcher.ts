/**
 * One plugin under `start`: webpack in watch mode (development mode, a real source map, never
 * eval), writing `plugin.js` into a folder the dev server serves. Each compilation is reported
 * as what it means for the pages: a new bundle, the same bundle, or a failure, after which
 * the last good bundle stays served.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { contentHash, sri } from './bundleFacts';
import { BUNDLE_FILE } from './createWebpackConfig';
import type { PluginProject } from './readPlugin';
import { resolveWebpackConfig } from './resolveWebpackConfig';
import { compileWatching, type CompileResult, type WebpackWatcher } from './runWebpack';

/** One compilation of a watched plugin. */
export interface DevBuild {
  plugin: PluginProject;
  /**
   * `built`: a new bundle is served; `unchanged`: webpack ran but the bundle is the same;
   * `failed`: compile errors, the previous bundle stays served.
   */
  kind: 'built' | 'unchanged' | 'failed';
  /** The first compilation of this watcher. */
  first: boolean;
  durationMs: number;
  /** One line per error (`file:line:column: what`). */
  errors: string[];
  /** The bundle's content hash (`?v=` of its URL) and SRI hash, when `built`. */
  hash?: string;
  integrity?: string;
}

/** A bundle that says why there is no real one yet: the first build failed. */
const placeholder = (plugin: PluginProject, error: string) =>
  `throw new Error(${JSON.stringify(`${plugin.name} did not compile: ${error}. Fix it and save: it reloads.`)});\n`;

/** Watches one plugin; see {@link PluginWatcher.start}. */
export class PluginWatcher {
  private lastHash: string | undefined;
  private watcher: WebpackWatcher | undefined;

  private constructor(
    readonly plugin: PluginProject,
    /** The bundle served for this plugin. */
    readonly file: string,
    private readonly onBuild: (build: DevBuild) => void,
  ) {}

  /**
   * Starts watching `plugin`, writing into `outDir`; resolves after the first compilation
   * (with a bundle in place even if it failed: a placeholder that throws the reason).
   */
  static async start(
    plugin: PluginProject,
    outDir: string,
    onBuild: (build: DevBuild) => void,
    onWarning: (message: string) => void,
  ): Promise<PluginWatcher> {
    mkdirSync(outDir, { recursive: true });
    const watcher = new PluginWatcher(plugin, path.join(outDir, BUNDLE_FILE), onBuild);
    const { config, warning } = await resolveWebpackConfig(
      plugin,
      { mode: 'development', target: plugin.target, pluginDir: plugin.dir },
      outDir,
    );
    if (warning) onWarning(warning);
    await new Promise<void>((resolve, reject) => {
      let first = true;
      watcher.watcher = compileWatching(
        config,
        plugin.dir,
        (result) => {
          watcher.report(result, first);
          if (first) resolve();
          first = false;
        },
        (error) => {
          if (first) reject(error);
          else onWarning(`${plugin.name}: webpack stopped: ${error.message}`);
        },
      );
    });
    return watcher;
  }

  private report(result: CompileResult, first: boolean): void {
    const base = { plugin: this.plugin, first, durationMs: result.durationMs, errors: result.errors };
    if (!result.ok) {
      if (!existsSync(this.file)) writeFileSync(this.file, placeholder(this.plugin, result.errors[0] ?? 'error'));
      this.onBuild({ ...base, kind: 'failed' });
      return;
    }
    const body = readFileSync(this.file);
    const hash = contentHash(body);
    const kind = hash === this.lastHash ? 'unchanged' : 'built';
    this.lastHash = hash;
    this.onBuild({ ...base, kind, hash, integrity: sri(body) });
  }

  /** Stops watching. */
  close(): Promise<void> {
    return this.watcher?.close() ?? Promise.resolve();
  }
}
