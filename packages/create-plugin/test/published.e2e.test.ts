/**
 * As a third party meets Switchboard: the packages come from a registry, not this repository.
 * The built packages are packed and published to a local registry (verdaccio on 127.0.0.1,
 * fresh storage); in a temporary folder outside the repository, with its own npm cache,
 * `npx @switchboard/create-plugin my-plugin --typescript --yes --install` scaffolds a plugin
 * and installs it from that registry (npm's public registry for everything else). The
 * plugin's tests pass, it builds, its manifest entry goes into a manifest, and the agent
 * desktop installed with it loads the bundle (integrity checked) in headless Chromium, where
 * its listener fires and its contribution renders. Uses the built packages (`npm test`
 * builds first). Slow: the install builds better-sqlite3 from source (2-3 minutes).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, readdir, realpath, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../../../scripts/testing/browser';
import { repoRoot } from './ensureBuilt';

jest.setTimeout(15 * 60_000);

/** What a scaffolded plugin installs from the registry (and what they depend on). */
const PUBLISHED = [
  ['@switchboard/actions', 'packages/actions', 'dist/esm/index.js'],
  ['@switchboard/contact-center', 'packages/contact-center', 'dist/esm/server.js'],
  ['@switchboard/plugin', 'packages/plugin', 'dist/esm/index.js'],
  ['@switchboard/host', 'packages/host', 'dist/esm/testing.js'],
  ['@switchboard/flex-compat', 'packages/flex-compat', 'dist/esm/index.js'],
  ['@switchboard/webchat', 'packages/webchat', 'dist/webchat.js'],
  ['@switchboard/agent-desktop', 'packages/agent-desktop', 'dist/app/index.html'],
  ['@switchboard/local-stack', 'packages/local-stack', 'dist/esm/index.js'],
  ['@switchboard/plugin-scripts', 'packages/plugin-scripts', 'dist/esm/cli.js'],
  ['@switchboard/create-plugin', 'packages/create-plugin', 'dist/esm/cli.js'],
] as const;

let work: string;
let registry: ChildProcess | undefined;
let host: ChildProcess | undefined;
let browser: Browser | undefined;

/** Runs a command; resolves with its output, rejects with it (and the exit code) on failure. */
function run(command: string, args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv }): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, env: { ...process.env, ...options.env } });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve(output) : reject(new Error(`${command} ${args.join(' ')} exited ${code}:\n${output}`)),
    );
  });
}

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

/** Waits until `child` prints a line matching `pattern`; fails with what it printed. */
function waitForLine(child: ChildProcess, pattern: RegExp, timeoutMs: number): Promise<RegExpExecArray> {
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`timed out waiting for ${pattern}:\n${output}`)), timeoutMs);
    const onData = (d: Buffer) => {
      output += d.toString();
      const match = pattern.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`exited ${code} before printing ${pattern}:\n${output}`));
    });
  });
}

const stop = (child: ChildProcess | undefined) =>
  new Promise<void>((resolve) => {
    if (!child || child.exitCode !== null || child.signalCode !== null) return resolve();
    child.on('exit', () => resolve());
    child.kill('SIGTERM');
  });

beforeAll(async () => {
  for (const [name, dir, file] of PUBLISHED) {
    if (!existsSync(path.join(repoRoot, dir, file))) {
      throw new Error(`${name} is not built (no ${dir}/${file}): run \`npm run build\` (npm test does) first`);
    }
  }
  work = await realpath(await mkdtemp(path.join(os.tmpdir(), 'sb-published-')));
});

afterAll(async () => {
  await browser?.close();
  await Promise.all([stop(host), stop(registry)]);
  if (work) await rm(work, { recursive: true, force: true });
});

test('npx @switchboard/create-plugin from a local registry: scaffold, install, test, build, load in a host', async () => {
  // A registry on 127.0.0.1 that keeps @switchboard/* itself (everything else: npm's registry).
  const port = await freePort();
  const registryUrl = `http://127.0.0.1:${port}/`;
  await writeFile(
    path.join(work, 'verdaccio.yaml'),
    [
      `storage: ${path.join(work, 'storage')}`,
      'auth:',
      '  htpasswd:',
      `    file: ${path.join(work, 'htpasswd')}`,
      'uplinks: {}',
      'packages:',
      "  '@switchboard/*':",
      '    access: $all',
      '    publish: $all',
      'log: { type: stdout, format: pretty, level: warn }',
      '',
    ].join('\n'),
  );
  registry = spawn(process.execPath, [
    path.join(repoRoot, 'node_modules', 'verdaccio', 'bin', 'verdaccio'),
    '--config',
    path.join(work, 'verdaccio.yaml'),
    '--listen',
    `127.0.0.1:${port}`,
  ]);
  await waitForLine(registry, /http address/, 30_000);

  // npm as a third party has it: their own settings (kept), the @switchboard scope on the
  // local registry, a token for publishing, and a cache of its own (nothing stale, nothing shared).
  const userconfig = path.join(work, 'npmrc');
  const own = process.env.npm_config_userconfig ?? path.join(os.homedir(), '.npmrc');
  const kept = existsSync(own) ? await readFile(own, 'utf8') : '';
  await writeFile(
    userconfig,
    `${kept}\n@switchboard:registry=${registryUrl}\n//127.0.0.1:${port}/:_authToken=switchboard-e2e\n`,
  );
  const env = { npm_config_userconfig: userconfig, npm_config_cache: path.join(work, 'npm-cache'), CI: 'true' };

  // Pack what `files` ships, and publish it.
  const tarballs = path.join(work, 'tarballs');
  await mkdir(tarballs);
  await run('npm', ['pack', '--pack-destination', tarballs, ...PUBLISHED.flatMap(([name]) => ['-w', name])], {
    cwd: repoRoot,
    env,
  });
  const packed = (await readdir(tarballs)).filter((f) => f.endsWith('.tgz'));
  expect(packed).toHaveLength(PUBLISHED.length);
  await Promise.all(
    packed.map((file) => run('npm', ['publish', `./${file}`, '--registry', registryUrl], { cwd: tarballs, env })),
  );

  // Scaffold and install, non-interactively, outside the repository.
  const projects = path.join(work, 'projects');
  await mkdir(projects);
  const scaffold = await run(
    'npx',
    ['--yes', '@switchboard/create-plugin', 'my-plugin', '--typescript', '--yes', '--install'],
    { cwd: projects, env },
  );
  expect(scaffold).toMatch(/Created my-plugin \(TypeScript\)/);
  const project = path.join(projects, 'my-plugin');
  const installed = JSON.parse(
    await readFile(path.join(project, 'node_modules', '@switchboard', 'host', 'package.json'), 'utf8'),
  ) as { version: string };
  expect(installed.version).toBe('0.1.0');
  expect(await realpath(path.join(project, 'node_modules', '@switchboard', 'host'))).toContain(project); // not a link into the repo

  // Its tests pass; it builds one bundle with a manifest entry.
  expect(await run('npm', ['test'], { cwd: project, env })).toMatch(/Tests:\s+1 passed, 1 total/);
  expect(await run('npm', ['run', 'build'], { cwd: project, env })).toMatch(/Integrity: sha384-/);
  const entry = JSON.parse(await readFile(path.join(project, 'dist', 'manifest-entry.json'), 'utf8')) as {
    name: string;
    src: string;
    integrity: string;
  };
  expect(entry).toMatchObject({ name: 'my-plugin', version: '0.1.0', hostVersion: '^0.1.0', src: 'plugin.js' });

  // A manifest with that entry, served beside the desktop installed with the plugin.
  await writeFile(
    path.join(project, 'serve-host.mjs'),
    `import { createReadStream, readFileSync } from 'node:fs';
import { startLocalStack } from '@switchboard/local-stack';

const entry = JSON.parse(readFileSync('dist/manifest-entry.json', 'utf8'));
const manifest = { plugins: [{ ...entry, src: '/my-plugin/' + entry.src }] };
const stack = await startLocalStack({
  port: 0, dataDir: '.switchboard/data', agents: ['alice'], log: () => {},
  handler(req, res) {
    if (req.url === '/plugins.json') return res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(manifest)), true;
    if (req.url !== '/my-plugin/plugin.js') return false;
    res.writeHead(200, { 'content-type': 'text/javascript' });
    createReadStream('dist/plugin.js').pipe(res);
    return true;
  },
});
console.log('desktop ' + stack.url);
process.on('SIGTERM', () => stack.close().then(() => process.exit(0)));
`,
  );
  host = spawn(process.execPath, ['serve-host.mjs'], { cwd: project });
  const [, url] = await waitForLine(host, /^desktop (http:\/\/127\.0\.0\.1:\d+)$/m, 30_000);

  // The desktop loads it; accepting a task fires its listener; its badge is in the header.
  browser = await launchChromium();
  const page = await browser.newPage();
  page.setDefaultTimeout(15_000);
  const logs: string[] = [];
  const errors: string[] = [];
  page.on('console', (m) => logs.push(m.text()));
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${url}/?agent=alice&log=info`);
  const status = await page.waitForFunction(() => {
    const h = (window as unknown as { __switchboard?: { plugins: { list(): Array<{ state: string }> } } })
      .__switchboard;
    const [s] = h?.plugins.list() ?? [];
    return s && (s.state === 'Initialized' || s.state === 'Failed') && s;
  });
  expect(await status.jsonValue()).toMatchObject({ name: 'my-plugin', state: 'Initialized', version: '0.1.0' });
  await page.selectOption('.sb-agent select', 'Available');
  await page.waitForFunction(
    () => document.querySelector<HTMLSelectElement>('.sb-agent select')?.selectedOptions[0]?.text === 'Available',
  );
  const engagement = await fetch(`${url}/api/webchat/engagements`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ formData: { friendlyName: 'Grace' } }),
  });
  expect(engagement.status).toBe(201);
  await page.getByRole('button', { name: 'Accept chat from Grace' }).click();
  await page.locator('.sb-task-canvas').getByText('Grace · chat').waitFor();
  expect(logs).toContain('[my-plugin] accepting the task of Grace');
  expect(errors).toEqual([]);
});
