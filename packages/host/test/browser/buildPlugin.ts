/**
 * Builds a plugin bundle the way a plugin author's bundler does: webpack 5, TypeScript and
 * JSX through esbuild-loader, the shared modules external (`sharedModuleExternals()` of the
 * SDK, `externalsType: 'window'`), `@switchboard/plugin` compiled in.
 */
import { sharedModuleExternals } from '@switchboard/plugin';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import webpack from 'webpack';
import { repoRoot } from './buildHarness';

/** The bundle's JavaScript (minified). */
export async function buildPlugin(entry: string): Promise<string> {
  const root = repoRoot();
  const out = mkdtempSync(path.join(os.tmpdir(), 'sb-plugin-'));
  try {
    const stats = await new Promise<webpack.Stats>((resolve, reject) =>
      webpack(
        {
          mode: 'production',
          target: 'web',
          entry: path.resolve(entry),
          output: { path: out, filename: 'plugin.js' },
          devtool: false,
          resolve: {
            extensions: ['.tsx', '.ts', '.js'],
            // From source (this repo); an author's project resolves the installed package.
            alias: { '@switchboard/plugin$': path.join(root, 'packages/plugin/src/index.ts') },
          },
          module: {
            rules: [
              {
                test: /\.[jt]sx?$/,
                loader: 'esbuild-loader',
                options: { target: 'es2022', jsx: 'automatic' },
              },
            ],
          },
          externalsType: 'window',
          externals: sharedModuleExternals(),
        },
        (error, result) => (error || !result ? reject(error ?? new Error('webpack gave no result')) : resolve(result)),
      ),
    );
    if (stats.hasErrors()) throw new Error(stats.toString('errors-only'));
    return readFileSync(path.join(out, 'plugin.js'), 'utf8');
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}
