#!/usr/bin/env node
// Builds the phone page into dist/: index.html, phone.css (from public/) and phone.js (the
// page's script with the contact-center client and CallMedia, bundled by esbuild from the
// built packages). The local stack serves dist/ under /phone/. `--outdir DIR` writes elsewhere.
import { build } from 'esbuild';
import { cpSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const at = process.argv.indexOf('--outdir');
const out = at > 0 ? path.resolve(process.argv[at + 1]) : path.join(here, 'dist');
const started = Date.now();
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
cpSync(path.join(here, 'public'), out, { recursive: true });
await build({
  entryPoints: [path.join(here, 'src/main.ts')],
  outfile: path.join(out, 'phone.js'),
  bundle: true,
  minify: true,
  sourcemap: true,
  format: 'iife',
  target: 'es2022',
  logLevel: 'warning',
});
console.log(`@switchboard/example-phone: built dist in ${Date.now() - started} ms`);
