#!/usr/bin/env node
// Before `npm test`: the browser tests drive Debian's Chromium with playwright-core (no
// browser download). When it is missing, installs it with apt-get where that can be done
// without a password (root, or passwordless sudo); otherwise says what to do, and fails.
//   CHROMIUM_PATH=/path/to/chromium npm test    uses another Chromium
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const target = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
if (existsSync(target)) process.exit(0);

const has = (command) => spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
const fail = (why) => {
  console.error(
    `The browser tests need Chromium at ${target}, and ${why}. Install it (Debian: apt-get install chromium), ` +
      'or point CHROMIUM_PATH at a Chromium or Chrome binary.',
  );
  process.exit(1);
};

if (process.env.CHROMIUM_PATH) fail('CHROMIUM_PATH names no file');
if (process.platform !== 'linux' || !has('apt-get')) fail('this machine has no apt-get to install it with');
const root = process.getuid?.() === 0;
const sudo = !root && has('sudo') && spawnSync('sudo', ['-n', 'true'], { stdio: 'ignore' }).status === 0;
if (!root && !sudo) fail('installing it needs root');

console.log('Installing Chromium for the browser tests (apt-get install chromium) …');
const run = (args) => {
  const command = root ? args : ['sudo', '-n', ...args];
  const result = spawnSync(command[0], command.slice(1), {
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  if (result.status !== 0) fail(`\`${args.join(' ')}\` failed`);
};
run(['apt-get', 'update', '-qq']);
run(['apt-get', 'install', '-y', '-qq', 'chromium']);
if (!existsSync(target)) fail('apt-get installed no binary there');
console.log(`Installed ${target}.`);
