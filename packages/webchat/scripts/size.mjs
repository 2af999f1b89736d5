#!/usr/bin/env node
// Prints the size of the one-script build, minified and gzipped (level 9), on one line:
//   webchat: N B min+gzip
import { createRequire } from 'node:module';
import { gzipSync } from 'node:zlib';

const { buildIife } = createRequire(import.meta.url)('./iife.cjs');
const { js } = await buildIife({ write: false });
console.log(`webchat: ${gzipSync(Buffer.from(js), { level: 9 }).length} B min+gzip`);
