#!/usr/bin/env node
// Builds the page into dist/: index.html, own.css and own.js (React, the host and the
// contact-center client bundled by esbuild from the built packages).
import { build } from 'esbuild';
import { cpSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const out = path.join(here, 'dist');
const started = Date.now();
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
cpSync(path.join(here, 'public'), out, { recursive: true });
await build({
  entryPoints: [path.join(here, 'src/main.tsx')],
  outfile: path.join(out, 'own.js'),
  bundle: true,
  minify: true,
  sourcemap: true,
  format: 'iife',
  target: 'es2022',
  jsx: 'automatic',
  define: { 'process.env.NODE_ENV': '"production"' },
  logLevel: 'warning',
});
console.log(`@switchboard/example-your-own-desktop: built dist in ${Date.now() - started} ms`);
