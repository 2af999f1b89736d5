#!/usr/bin/env node
// `npm run bench`: every benchmark of this package in turn, each given this command's arguments
// (`npm run bench -- --strict` reaches all of them, not only the last as with a chain of `&&`).
// One that fails does not stop the others; the exit code is the first failure's.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const runTs = path.join(here, '../../../scripts/run-ts.mjs');
const benches = ['routing', 'load', 'callSetup', 'cluster'];
let code = 0;
for (const name of benches) {
  const r = spawnSync(process.execPath, [runTs, path.join(here, `${name}.bench.ts`), ...process.argv.slice(2)], {
    stdio: 'inherit',
    cwd: path.dirname(here),
  });
  const status = r.status ?? 1;
  if (status !== 0 && code === 0) code = status;
}
process.exit(code);
