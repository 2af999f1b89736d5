#!/usr/bin/env node
// Builds the agent desktop for the browser with webpack 5 (TypeScript and JSX through
// esbuild-loader) into dist/app: index.html, styles.css, app.js and its source map. The
// packages it uses come from their built dist, as an app that installed them gets them.
import { cpSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import webpack from 'webpack';

const here = path.dirname(fileURLToPath(import.meta.url));
const out = path.join(here, 'dist', 'app');
const started = Date.now();

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
cpSync(path.join(here, 'public'), out, { recursive: true });

const stats = await new Promise((resolve, reject) =>
  webpack(
    {
      mode: process.env.DESKTOP_BUILD_MODE === 'development' ? 'development' : 'production',
      target: 'web',
      context: here,
      entry: './src/main.tsx',
      output: { path: out, filename: 'app.js' },
      devtool: 'source-map',
      resolve: { extensions: ['.tsx', '.ts', '.js', '.mjs'] },
      module: {
        rules: [{ test: /\.[jt]sx?$/, loader: 'esbuild-loader', options: { target: 'es2022', jsx: 'automatic' } }],
      },
      performance: { hints: false },
    },
    (error, result) => (error ? reject(error) : resolve(result)),
  ),
);
if (stats.hasErrors()) {
  console.error(stats.toString('errors-only'));
  process.exit(1);
}
const size = stats.toJson({ assets: true }).assets.find((a) => a.name === 'app.js')?.size ?? 0;
console.log(
  `@switchboard/agent-desktop: built dist/app (app.js ${(size / 1024).toFixed(1)} KiB) in ${Date.now() - started} ms`,
);
