#!/usr/bin/env node
// `npm run size`: the shipped browser bundles, minified and gzipped (level 9), built first
// when missing. One line per bundle: `name: N B min+gzip`, with its target. The sample
// plugins (plugins/*, one bundle each, target 5 KB) are measured too. A bundle's target counts
// its main script (what every user loads at start); the chunks it loads on demand (`*.js`
// beside it, e.g. the desktop's Teams view) are printed under it, not counted.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const bundles = [
  {
    name: 'agent-desktop',
    file: 'packages/agent-desktop/dist/app/app.js',
    workspace: '@switchboard/agent-desktop',
    target: 150 * 1024,
    chunks: true,
  },
  { name: 'webchat', file: 'packages/webchat/dist/webchat.js', workspace: '@switchboard/webchat', target: 80 * 1024 },
  ...readdirSync(path.join(root, 'plugins'))
    .filter((dir) => existsSync(path.join(root, 'plugins', dir, 'package.json')))
    .sort()
    .map((dir) => {
      const { name } = JSON.parse(readFileSync(path.join(root, 'plugins', dir, 'package.json'), 'utf8'));
      return { name: `plugin ${name}`, file: `plugins/${dir}/dist/plugin.js`, workspace: name, target: 5 * 1024 };
    }),
];

let missed = false;
for (const b of bundles) {
  const file = path.join(root, b.file);
  if (!existsSync(file)) {
    const built = spawnSync('npx', ['lerna', 'run', 'build', '--scope', b.workspace, '--include-dependencies'], {
      cwd: root,
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    if (built.status !== 0 || !existsSync(file)) {
      console.error(`${b.name}: could not build ${b.file}`);
      process.exitCode = 1;
      continue;
    }
  }
  const code = readFileSync(file);
  const gzip = gzipSync(code, { level: 9 }).length;
  const ok = gzip <= b.target;
  missed ||= !ok;
  console.log(
    `${b.name}: ${gzip} B min+gzip   (${code.length} B min; target <= ${b.target / 1024} KB: ${ok ? 'ok' : 'MISSED'})`,
  );
  if (!b.chunks) continue;
  const dir = path.dirname(file);
  for (const chunk of readdirSync(dir)
    .filter((f) => f.endsWith('.js') && f !== path.basename(file))
    .sort()) {
    const chunkCode = readFileSync(path.join(dir, chunk));
    const chunkGzip = gzipSync(chunkCode, { level: 9 }).length;
    console.log(`  on demand ${chunk}: ${chunkGzip} B min+gzip   (${chunkCode.length} B min; not in the target)`);
  }
}
if (missed && process.argv.includes('--strict')) process.exitCode = 1;
