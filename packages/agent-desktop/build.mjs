#!/usr/bin/env node
// Builds the agent desktop for the browser with webpack 5 (TypeScript and JSX through
// esbuild-loader) into dist/app: index.html, styles.css, app.js and its source map, and the
// chunks loaded on demand (`<name>.<hash>.js`, beside app.js). The packages it uses come from
// their built dist, as an app that installed them gets them.
//
// On-demand views (the supervisor's Teams view) are built in their own webpack layer. Their
// imports of the shared packages (React, React-Redux, @switchboard/*) resolve to the very
// instances the host shares with plugin bundles on `window.Switchboard.modules` (installed by
// createHost, before any view renders), and the desktop's own modules they use are copied
// into the chunk (but state they share with app.js: SHARED_STATE). So no module of app.js is referenced from a chunk, and webpack still
// concatenates app.js's modules into one scope: a chunk importing them directly would stop
// that, and app.js would grow by more than the chunk takes out.
import { cpSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import webpack from 'webpack';

const here = path.dirname(fileURLToPath(import.meta.url));
/** The modules loaded on demand, each the root of a chunk (`import()` of it, in the main bundle): views, and the plugin releases' side. */
const ON_DEMAND = /[\\/]src[\\/]((TeamsView|OutboundDialerPanel|CallCanvas)\.tsx|releaseLoader\.ts)$/;
/**
 * Desktop modules with state both bundles share: one copy, in app.js (imported by a chunk, a
 * module is not concatenated; so these import nothing).
 */
const SHARED_STATE = /[\\/]src[\\/]monitorAudioState\.ts$/;
/** The packages every host shares on `window.Switchboard.modules` (see @switchboard/host sharedModules). */
const SHARED =
  /^(react|react\/jsx-runtime|react-dom|redux|react-redux|@reduxjs\/toolkit|@switchboard\/(host|plugin|actions|actions\/redux|actions\/events|actions\/runtime))$/;
const out = path.join(here, 'dist', 'app');
const started = Date.now();

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
cpSync(path.join(here, 'public'), out, { recursive: true });

const stats = await new Promise((resolve, reject) =>
  webpack(
    {
      mode: process.env.DESKTOP_BUILD_MODE === 'development' ? 'development' : 'production',
      context: here,
      entry: './src/main.tsx',
      // es2022: webpack's own runtime code may use what the modules' code does.
      target: ['web', 'es2022'],
      output: {
        path: out,
        filename: 'app.js',
        // Beside app.js (index.html loads it by a relative URL too); the hash keeps a cached
        // chunk from an older app.js out.
        publicPath: '',
        chunkFilename: '[name].[contenthash:8].js',
      },
      experiments: { layers: true },
      externalsType: 'var',
      externals: [
        ({ request, contextInfo }, callback) =>
          contextInfo.issuerLayer === 'on-demand' && SHARED.test(request)
            ? callback(null, `window.Switchboard.modules[${JSON.stringify(request)}]`)
            : callback(),
      ],
      devtool: 'source-map',
      resolve: { extensions: ['.tsx', '.ts', '.js', '.mjs'] },
      module: {
        rules: [
          { test: /\.[jt]sx?$/, loader: 'esbuild-loader', options: { target: 'es2022', jsx: 'automatic' } },
          // An on-demand module and what it imports (but the externals) are in its layer (a
          // module's layer is its issuer's unless a rule says); shared state in one of its own.
          { test: ON_DEMAND, layer: 'on-demand' },
          { test: SHARED_STATE, layer: 'shared-state' },
        ],
      },
      optimization: {
        // A third pass and getters without side effects (ours have none): about 0.3 KB gzipped.
        minimizeOptions: { javascript: { compress: { passes: 3, pure_getters: true } } },
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
const scripts = stats
  .toJson({ assets: true })
  .assets.filter((a) => a.name.endsWith('.js'))
  .map((a) => `${a.name} ${(a.size / 1024).toFixed(1)} KiB`);
console.log(`@switchboard/agent-desktop: built dist/app (${scripts.join(', ')}) in ${Date.now() - started} ms`);
