#!/usr/bin/env node
// Builds the example shop page into dist/ (or --outdir DIR): the page itself (all of public/:
// index.html, shop.css and shop.js, whose script is a file so that it runs under the contact
// center's `script-src 'self'`) and the widget's one-script build (webchat.js +
// webchat.js.map), made from @switchboard/webchat's sources with the package's own esbuild
// options, so the page always runs the current widget. The contact center serves dist/ under
// /webchat/.
import { cpSync, mkdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const at = process.argv.indexOf('--outdir');
const outdir = at > 0 ? path.resolve(process.argv[at + 1]) : path.join(here, 'dist');

const require = createRequire(import.meta.url);
const webchatDir = path.dirname(require.resolve('@switchboard/webchat/package.json'));
const { buildIife } = require(path.join(webchatDir, 'scripts', 'iife.cjs'));

const started = Date.now();
rmSync(outdir, { recursive: true, force: true });
mkdirSync(outdir, { recursive: true });
cpSync(path.join(here, 'public'), outdir, { recursive: true });
const { js } = await buildIife({ outfile: path.join(outdir, 'webchat.js') });
console.log(
  `@switchboard/example-webchat: ${path.relative(process.cwd(), outdir) || '.'} (webchat.js ${js.length} B) in ${Date.now() - started} ms`,
);
