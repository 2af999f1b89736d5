#!/usr/bin/env node
// `npm start`: builds what is out of date, then runs the product on 127.0.0.1 — the local
// contact center (SQLite in a data directory), the agent desktop with the sample plugins,
// and the customer's webchat page — until Ctrl-C.
//
//   npm start -- --port 4100 --data-dir .switchboard/data --agents alice,bob --simulate 3
import { Command, InvalidArgumentError, Option } from 'commander';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));

const positiveInt = (name, min) => (value) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) throw new InvalidArgumentError(`${name} must be an integer >= ${min}`);
  return n;
};
const agentList = (value) => {
  const agents = value
    .split(',')
    .map((a) => a.trim())
    .filter(Boolean);
  const bad = agents.find((a) => !/^[a-z][a-z0-9._-]{0,31}$/.test(a));
  if (!agents.length || bad !== undefined)
    throw new InvalidArgumentError(
      `agents must be lowercase names separated by commas${bad ? ` ("${bad}" is not)` : ''}`,
    );
  return agents;
};

const program = new Command('npm start --')
  .description('Run Switchboard locally: the contact center, the agent desktop with the sample plugins, and WebChat.')
  .addOption(new Option('--port <port>', 'port on 127.0.0.1').default(4100).argParser(positiveInt('--port', 0)))
  .option('--data-dir <dir>', 'where the contact center keeps its SQLite database', '.switchboard/data')
  .addOption(
    new Option('--agents <names>', 'agents who can sign in')
      .default(['alice', 'bob'], 'alice,bob')
      .argParser(agentList),
  )
  .addOption(
    new Option('--simulate <n>', 'simulated customers that start chats')
      .default(0)
      .argParser(positiveInt('--simulate', 0)),
  )
  .option('--no-build', 'do not build first (use what is built)')
  .showHelpAfterError('(run `npm start -- --help` for the options)')
  .exitOverride();

// ---- what to build --------------------------------------------------------------------

/** The workspace folders in build order (dependencies first). */
const WORKSPACES = [
  'packages/actions',
  'packages/contact-center',
  'packages/plugin',
  'packages/host',
  'packages/webchat',
  'examples/agent-desktop',
  'examples/webchat',
  'packages/plugin-scripts',
  ...(existsSync(path.join(root, 'plugins'))
    ? readdirSync(path.join(root, 'plugins'))
        .sort()
        .map((name) => `plugins/${name}`)
        .filter((ws) => existsSync(path.join(root, ws, 'package.json')))
    : []),
];

/** Newest modification time of the files under `dir` (skipping dependencies and outputs). */
function newest(dir) {
  let latest = 0;
  const walk = (d) => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      if (['node_modules', 'dist', '.switchboard'].includes(entry.name)) continue;
      const p = path.join(d, entry.name);
      if (entry.isDirectory()) walk(p);
      else latest = Math.max(latest, statSync(p).mtimeMs);
    }
  };
  walk(dir);
  return latest;
}

/** Oldest modification time of what the build wrote, or 0 when it did not build yet. */
function builtAt(dir) {
  const dist = path.join(dir, 'dist');
  if (!existsSync(dist)) return 0;
  let oldest = Infinity;
  const walk = (d) => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, entry.name);
      if (entry.isDirectory()) walk(p);
      else oldest = Math.min(oldest, statSync(p).mtimeMs);
    }
  };
  walk(dist);
  return oldest === Infinity ? 0 : oldest;
}

/** The workspaces whose build is missing or older than their sources (or a stale dependency's). */
function outOfDate() {
  const stale = [];
  for (const ws of WORKSPACES) {
    const dir = path.join(root, ws);
    const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8'));
    if (!pkg.scripts?.build) continue;
    if (stale.length || builtAt(dir) < newest(dir)) stale.push(pkg.name);
  }
  return stale;
}

function build(names) {
  console.log(`Building ${names.join(', ')} …`);
  const started = Date.now();
  const args = ['lerna', 'run', 'build', ...names.flatMap((n) => ['--scope', n]), '--concurrency', '2'];
  const result = spawnSync('npx', args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
  if (result.status !== 0) {
    process.stderr.write(result.stdout + result.stderr);
    throw new Error('the build failed (above); fix it and run npm start again');
  }
  for (const line of result.stdout.split('\n')) if (/: built /.test(line)) console.log(`  ${line.trim()}`);
  console.log(`Built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

// ---- run ------------------------------------------------------------------------------

async function main(argv) {
  try {
    program.parse(argv, { from: 'user' });
  } catch (error) {
    return error.exitCode ?? 2;
  }
  const options = program.opts();
  if (options.build) {
    const stale = outOfDate();
    if (stale.length) build(stale);
    else console.log('Everything is built.');
  }
  const { startLocalStack, desktopDirOf, pluginsIn } = await import(
    pathToFileURL(path.join(root, 'examples/agent-desktop/dist/esm/server.js')).href
  );
  const dataDir = path.resolve(root, options.dataDir);
  const webchatDir = path.join(root, 'examples/webchat/dist');
  // The sample plugins under plugins/, each one's built bundle.
  const plugins = pluginsIn(path.join(root, 'plugins'));
  let stack;
  try {
    stack = await startLocalStack({
      port: options.port,
      dataDir,
      agents: options.agents,
      simulate: options.simulate,
      plugins: plugins.desktop,
      webchatPlugins: plugins.webchat,
      desktopDir: desktopDirOf(path.join(root, 'examples/agent-desktop')),
      ...(existsSync(path.join(webchatDir, 'index.html')) ? { webchatDir } : {}),
      log: (level, message) => {
        if (level !== 'info') console[level](message);
      },
    });
  } catch (error) {
    if (error?.code === 'EADDRINUSE') {
      console.error(`Port ${options.port} on 127.0.0.1 is in use: stop what uses it, or pass --port <another>.`);
      return 1;
    }
    throw error;
  }
  console.log('');
  console.log(`Agent desktop: ${stack.desktopUrl}`);
  if (stack.webchatUrl) console.log(`WebChat: ${stack.webchatUrl}`);
  console.log('');
  console.log(`Agents: ${options.agents.join(', ')} (sign in on the desktop; no password). Data: ${dataDir}`);
  if (plugins.desktop.length) console.log(`Plugins: ${plugins.desktop.map((p) => p.name).join(', ')}`);
  if (options.simulate) console.log(`Simulating ${options.simulate} customer${options.simulate === 1 ? '' : 's'}.`);
  console.log('Press Ctrl-C to stop.');

  await new Promise((resolve) => {
    let stopping = false;
    const stop = (signal) => {
      if (stopping) {
        console.log('Stopping now.');
        process.exit(130);
      }
      stopping = true;
      console.log(`\n${signal}: stopping …`);
      stack.close().then(
        () => {
          console.log('Stopped.');
          resolve();
        },
        (error) => {
          console.error('Stopping failed:', error);
          resolve();
        },
      );
    };
    process.on('SIGINT', () => stop('SIGINT'));
    process.on('SIGTERM', () => stop('SIGTERM'));
  });
  return 0;
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
