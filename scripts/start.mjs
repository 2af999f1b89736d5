#!/usr/bin/env node
// `npm start`: builds what changed, then runs the product on 127.0.0.1 — the local contact
// center (SQLite in a data directory), the agent desktop with the sample plugins of plugins/
// and the Flex example plugins of examples/flex-plugins/, the example shop page with
// WebChat, and the example phone page (/phone/) — until Ctrl-C.
//
//   npm start -- --port 4100 --data-dir .switchboard/data --agents alice,bob --simulate 3
//
// What to rebuild is the build tool's call: `lerna run build` runs every package's build
// through nx, which replays a package from its cache when its sources (and its dependencies'
// sources) are unchanged (nx.json). The flags are the local stack's (@switchboard/local-stack).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const NAME = 'npm start --';
const FLEX_EXAMPLES = path.join(root, 'examples/flex-plugins');

/** The newest modification time under `dir` (0 when it does not exist). */
function newest(dir) {
  if (!existsSync(dir)) return 0;
  const info = statSync(dir);
  if (!info.isDirectory()) return info.mtimeMs;
  return Math.max(info.mtimeMs, ...readdirSync(dir).map((name) => newest(path.join(dir, name))));
}

/**
 * The Flex example plugins are flex-plugin-builder folders, not workspaces (their package.json
 * is a Flex project's): lerna does not build them. Each is built with `switchboard-plugin
 * build` when its sources, or the compat layer compiled into it, are newer than its bundle.
 */
function buildFlexExamples() {
  if (!existsSync(FLEX_EXAMPLES)) return;
  const bin = path.join(root, 'packages/plugin-scripts/bin/switchboard-plugin.js');
  for (const name of readdirSync(FLEX_EXAMPLES).sort()) {
    const dir = path.join(FLEX_EXAMPLES, name);
    if (!existsSync(path.join(dir, 'package.json'))) continue;
    const bundle = path.join(dir, 'dist/plugin.js');
    const sources = Math.max(
      newest(path.join(dir, 'src')),
      newest(path.join(dir, 'package.json')),
      newest(path.join(root, 'packages/flex-compat/dist')),
    );
    if (existsSync(bundle) && statSync(bundle).mtimeMs >= sources) continue;
    const result = spawnSync(process.execPath, [bin, 'build'], { cwd: dir, encoding: 'utf8' });
    if (result.status !== 0) {
      process.stderr.write(result.stdout + result.stderr);
      throw new Error(`building the Flex example ${name} failed (above)`);
    }
    const took = /in ([\d.]+ m?s)/.exec(result.stdout);
    console.log(`  ${name}: built${took ? ` in ${took[1]}` : ''}`);
  }
}

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
  if (argv.includes('--build-only')) {
    build();
    buildFlexExamples();
    return 0;
  }
  const args = argv.filter((a) => a !== '--no-build');
  const cli = path.join(root, 'packages/local-stack/dist/esm/index.js');
  const asking = args.includes('--help') || args.includes('-h');
  if (args.length === argv.length && !(asking && existsSync(cli))) {
    build();
    buildFlexExamples();
  }
  if (!existsSync(cli)) throw new Error('the local stack is not built: run npm start without --no-build');
  const { main: run } = await import(pathToFileURL(cli).href);
  const shop = path.join(root, 'examples/webchat/dist');
  const phone = path.join(root, 'examples/phone/dist');
  return run(
    [
      '--plugins',
      path.join(root, 'plugins'),
      '--plugins',
      FLEX_EXAMPLES,
      ...(existsSync(path.join(shop, 'index.html')) ? ['--webchat-page', shop] : []),
      ...(existsSync(path.join(phone, 'index.html')) ? ['--phone-page', phone] : []),
      ...args,
    ],
    {
      name: NAME,
      helpText:
        "npm start's own flags:\n  --no-build            do not build first (run what is built)\n  --build-only          build, then stop",
    },
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
