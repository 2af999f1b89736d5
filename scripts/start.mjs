#!/usr/bin/env node
// `npm start`: builds what changed, then runs the product on 127.0.0.1 — the local contact
// center (SQLite in a data directory), the agent desktop with the sample plugins of plugins/,
// and the example shop page with WebChat — until Ctrl-C.
//
//   npm start -- --port 4100 --data-dir .switchboard/data --agents alice,bob --simulate 3
//
// What to rebuild is the build tool's call: `lerna run build` runs every package's build
// through nx, which replays a package from its cache when its sources (and its dependencies'
// sources) are unchanged (nx.json). The flags are the local stack's (@switchboard/local-stack).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const NAME = 'npm start --';

function build() {
  console.log('Building (packages whose sources did not change come from the build cache) …');
  const started = Date.now();
  const result = spawnSync('npx', ['lerna', 'run', 'build', '--concurrency', '2'], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
    encoding: 'utf8',
  });
  if (result.status !== 0) {
    process.stderr.write(result.stdout + result.stderr);
    throw new Error('the build failed (above); fix it and run npm start again');
  }
  const built = result.stdout.split('\n').filter((line) => /: built /.test(line) && !/cache/.test(line));
  for (const line of built) console.log(`  ${line.replace(/^.*?\s(@?[\w/.-]+: built)/, '$1').trim()}`);
  const cached = /Nx read the output from the cache instead of running the command for (\d+) out of (\d+) tasks/.exec(
    result.stdout,
  );
  console.log(
    `Built in ${((Date.now() - started) / 1000).toFixed(1)} s${cached ? ` (${cached[1]} of ${cached[2]} packages from the cache)` : ''}`,
  );
}

async function main(argv) {
  const args = argv.filter((a) => a !== '--no-build');
  const cli = path.join(root, 'packages/local-stack/dist/esm/index.js');
  const asking = args.includes('--help') || args.includes('-h');
  if (args.length === argv.length && !(asking && existsSync(cli))) build();
  if (!existsSync(cli)) throw new Error('the local stack is not built: run npm start without --no-build');
  const { main: run } = await import(pathToFileURL(cli).href);
  const shop = path.join(root, 'examples/webchat/dist');
  return run(
    [
      '--plugins',
      path.join(root, 'plugins'),
      ...(existsSync(path.join(shop, 'index.html')) ? ['--webchat-page', shop] : []),
      ...args,
    ],
    { name: NAME, helpText: "npm start's own flag:\n  --no-build            do not build first (run what is built)" },
  );
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    console.error(`npm start: ${error?.message ?? error}`);
    process.exitCode = 1;
  },
);
