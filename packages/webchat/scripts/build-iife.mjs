#!/usr/bin/env node
// Builds dist/webchat.js (+ .map): the widget as one script for <script src>.
//   node scripts/build-iife.mjs [--outfile path]
import { createRequire } from 'node:module';
import path from 'node:path';

const { buildIife, PACKAGE_DIR } = createRequire(import.meta.url)('./iife.cjs');
const at = process.argv.indexOf('--outfile');
const outfile = at > 0 ? path.resolve(process.argv[at + 1]) : path.join(PACKAGE_DIR, 'dist', 'webchat.js');
const started = Date.now();
const { js } = await buildIife({ outfile });
console.log(
  `@switchboard/webchat: ${path.relative(process.cwd(), outfile)} (${js.length} B) in ${Date.now() - started} ms`,
);
