/**
 * The whole rollout in headless Chromium, with the real `switchboard-plugin` CLI against the
 * local stack's registry: `good-banner` 1.0.0 and `bad-banner` 1.0.0 deployed and released to
 * all; desktops open for alice, bob, carol and dave; `bad-banner` 1.1.0 (its init throws)
 * deployed and released to the cohort alice, bob, carol (max 2 failing desktops). It fails on
 * the three cohort desktops, their health reports trip the threshold, and the server rolls the
 * cohort back by itself: the release says so with its reason (`switchboard-plugin describe`
 * and the HTML status page); the cohort desktops are told and go back to `bad-banner` 1.0.0 in
 * place (good-banner untouched: its init ran once, its DOM node is the same one); dave never
 * ran 1.1.0; and a chat still reaches an agent. Uses the built packages (`npm test` builds first).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createCustomerClient, type RegistryReleaseWithHealth } from '@switchboard/contact-center';
import { startLocalStack, type LocalStack } from '@switchboard/local-stack';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, settled } from '../../../scripts/testing/browser';
import { pagesOf } from './pages';

jest.setTimeout(90_000);

const root = path.resolve(__dirname, '..', '..', '..');
const BIN = path.join(root, 'packages', 'plugin-scripts', 'bin', 'switchboard-plugin.js');
const COHORT = ['alice', 'bob', 'carol'];

let work: string;
let stack: LocalStack;
let browser: Browser;
const pages = pagesOf(() => browser);
const { open, errors: pageErrors } = pages;

/** Runs `switchboard-plugin <args>` (asynchronously: the stack answers it in this process). */
function cli(args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args, '--server', stack.url, '--as', 'admin'], {
      cwd: work,
      env: { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1', CI: '1' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill(), 45_000);
    child.on('error', reject);
    child.on('close', (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr });
    });
  });
}

/** `switchboard-plugin <args> --json`: its JSON result (fails with its output when it failed). */
async function cliJson<T>(args: string[]): Promise<T> {
  const run = await cli([...args, '--json']);
  if (run.status !== 0) throw new Error(`switchboard-plugin ${args.join(' ')}: exit ${run.status}\n${run.stderr}`);
  return JSON.parse(run.stdout) as T;
}

/**
 * A plugin project: package.json (its version and declared permissions) and an entry that
 * records in the page which bundle ran (`window.__bundlesRun`) and what its init did.
 */
function writePlugin(name: string, version: string, init: string): string {
  const dir = path.join(work, name);
  mkdirSync(path.join(dir, 'src'), { recursive: true });
  const pkg = {
    name,
    version,
    private: true,
    description: `${name}: a banner in the side panel (rollout E2E)`,
    switchboard: {
      plugin: {
        entry: 'src/index.js',
        target: 'desktop',
        permissions: { actions: [], slots: ['AgentDesktop.Panel'], origins: [] },
      },
    },
  };
  writeFileSync(path.join(dir, 'package.json'), `${JSON.stringify(pkg, null, 2)}\n`);
  writeFileSync(
    path.join(dir, 'src', 'index.js'),
    `import { createElement } from 'react';
import { definePlugin, loadPlugin } from '@switchboard/plugin';

(window.__bundlesRun ||= []).push('${name}@${version}');
loadPlugin(
  definePlugin({
    name: '${name}',
    init(api) {
      ${init}
    },
  }),
);
`,
  );
  return dir;
}

const banner = (name: string, version: string) =>
  `window.__inits = window.__inits || {};
      window.__inits['${name}'] = (window.__inits['${name}'] || 0) + 1;
      api.contributions.add(
        'AgentDesktop.Panel',
        () => createElement('p', { 'data-testid': '${name}' }, '${name} ${version}'),
        { key: '${name}' },
      );`;

type PageWindow = {
  __switchboard: { plugins: { list(): Array<{ name: string; version?: string; state: string }> } };
  __switchboardReleases: { releaseSid: string | null };
  __bundlesRun?: string[];
  __inits?: Record<string, number>;
  __goodNode?: Element;
};

/** The page's plugins as `name@version State`. */
const pluginsOf = (page: Page) =>
  page.evaluate(() =>
    (window as unknown as PageWindow).__switchboard.plugins
      .list()
      .map((s) => `${s.name}@${s.version} ${s.state}`)
      .sort(),
  );

/** Waits until the page runs exactly `expected` (as `pluginsOf` lists them). */
const until = (page: Page, expected: string[], timeout = 20_000) =>
  page.waitForFunction(
    (want) => {
      const host = (window as unknown as Partial<PageWindow>).__switchboard;
      const now = (host?.plugins.list() ?? []).map((s) => `${s.name}@${s.version} ${s.state}`).sort();
      return JSON.stringify(now) === JSON.stringify(want);
    },
    [...expected].sort(),
    { timeout },
  );

beforeAll(async () => {
  if (!existsSync(path.join(root, 'packages', 'plugin-scripts', 'dist', 'esm', 'cli.js')))
    throw new Error('@switchboard/plugin-scripts is not built: run `npm run build` (npm test does) first');
  work = mkdtempSync(path.join(os.tmpdir(), 'sb-rollout-'));
  // The plugin projects resolve React, the SDK and the built packages as an installed project does.
  symlinkSync(path.join(root, 'node_modules'), path.join(work, 'node_modules'), 'dir');
  [browser, stack] = await settled([
    launchChromium(),
    startLocalStack({
      port: 0,
      dataDir: path.join(work, 'data'),
      agents: ['alice', 'bob', 'carol', 'dave'],
      admins: ['admin'],
      log: () => {},
    }),
  ]);
});

afterAll(async () => {
  await pages.close();
  await browser?.close();
  await stack?.close();
  if (work) rmSync(work, { recursive: true, force: true });
});

test('a cohort release whose plugin fails rolls itself back; the cohort goes back in place, the others never see it', async () => {
  // 1. good-banner 1.0.0 and bad-banner 1.0.0, deployed and released to all.
  const good = writePlugin('good-banner', '1.0.0', banner('good-banner', '1.0.0'));
  const bad = writePlugin('bad-banner', '1.0.0', banner('bad-banner', '1.0.0'));
  await cliJson(['deploy', good, '--release', '--changelog', 'the banner']);
  const first = await cliJson<{ release: RegistryReleaseWithHealth }>([
    'deploy',
    bad,
    '--release',
    '--changelog',
    'a second banner',
  ]);
  const live = first.release.sid;

  // 2. The four desktops load it.
  const agents = ['alice', 'bob', 'carol', 'dave'];
  const desktops = new Map<string, Page>();
  await Promise.all(agents.map(async (agent) => desktops.set(agent, await open(`${stack.desktopUrl}?agent=${agent}`))));
  for (const page of desktops.values()) {
    await until(page, ['good-banner@1.0.0 Initialized', 'bad-banner@1.0.0 Initialized']);
    await page.getByTestId('good-banner').waitFor();
    // Marks the good banner's node: it must be the very same one after the rollback.
    await page.evaluate(() => {
      (window as unknown as PageWindow).__goodNode = document.querySelector('[data-testid="good-banner"]')!;
    });
    expect(await page.evaluate(() => (window as unknown as PageWindow).__switchboardReleases.releaseSid)).toBe(live);
  }

  // 3. bad-banner 1.1.0, whose init throws, to the cohort alice, bob, carol.
  writePlugin('bad-banner', '1.1.0', `throw new Error('boom: bad-banner 1.1.0 cannot start');`);
  const cohort = await cliJson<{ release: RegistryReleaseWithHealth }>([
    'deploy',
    bad,
    '--release',
    '--agents',
    COHORT.join(','),
    '--max-failing-desktops',
    '2',
    '--changelog',
    'a broken banner',
  ]);
  const cohortSid = cohort.release.sid;
  expect(cohort.release).toMatchObject({ status: 'live', previousReleaseSid: live });

  // 4. It fails on the three cohort desktops; the third report trips the threshold and the
  // server rolls the cohort back: the desktops are told and go back to 1.0.0.
  for (const agent of COHORT) {
    const page = desktops.get(agent)!;
    await page.waitForFunction(() => (window as unknown as PageWindow).__bundlesRun?.includes('bad-banner@1.1.0'));
  }
  for (const agent of COHORT) {
    const page = desktops.get(agent)!;
    await until(page, ['good-banner@1.0.0 Initialized', 'bad-banner@1.0.0 Initialized']);
    await page.waitForFunction(
      (sid) => (window as unknown as PageWindow).__switchboardReleases.releaseSid === sid,
      live,
    );
    // In place: the good banner was left alone (one init, the same node); the bad one reloaded.
    const facts = await page.evaluate(() => {
      const w = window as unknown as PageWindow;
      return {
        goodInits: w.__inits?.['good-banner'],
        sameNode:
          w.__goodNode?.isConnected === true && document.querySelector('[data-testid="good-banner"]') === w.__goodNode,
        // The first two load in parallel: either may run first.
        bundles: [...(w.__bundlesRun ?? []).slice(0, 2).sort(), ...(w.__bundlesRun ?? []).slice(2)],
      };
    });
    expect(facts).toEqual({
      goodInits: 1,
      sameNode: true,
      bundles: ['bad-banner@1.0.0', 'good-banner@1.0.0', 'bad-banner@1.1.0', 'bad-banner@1.0.0'],
    });
    await page.getByText(`Plugins updated (release ${live})`, { exact: false }).first().waitFor();
    await page.getByTestId('bad-banner').waitFor();
  }

  // 5. The release says why, in the CLI and on its status page.
  const described = await cliJson<RegistryReleaseWithHealth>(['describe', cohortSid]);
  expect(described.status).toBe('rolled-back');
  expect(described.rollback).toMatchObject({ automatic: true });
  const reason = described.rollback!.reason;
  expect(reason).toMatch(
    /plugin "bad-banner" 1\.1\.0 failed on 3 of 3 desktops \(limit 2\): PLUGIN_INIT_FAILED: .*boom/,
  );
  expect(described.health.find((h) => h.plugin === 'bad-banner')).toMatchObject({ failingDesktops: 3, desktops: 3 });
  const text = await cli(['describe', cohortSid]);
  expect(text.stdout).toMatch(/Status:\s+rolled-back/);
  expect(text.stdout).toMatch(/Rolled back:\s+automatically/);
  expect(text.stdout).toContain(reason);
  const statusPage = await open(`${stack.url}/registry/releases/${cohortSid}`);
  await statusPage
    .getByText(/rolled.back/i)
    .first()
    .waitFor();
  expect(await statusPage.textContent('body')).toContain(reason);

  // 6. dave never ran 1.1.0 and still runs the release to all.
  const dave = desktops.get('dave')!;
  expect(await pluginsOf(dave)).toEqual(['bad-banner@1.0.0 Initialized', 'good-banner@1.0.0 Initialized']);
  expect(await dave.evaluate(() => (window as unknown as PageWindow).__bundlesRun?.sort())).toEqual([
    'bad-banner@1.0.0',
    'good-banner@1.0.0',
  ]);
  expect(await dave.evaluate(() => (window as unknown as PageWindow).__inits)).toEqual({
    'good-banner': 1,
    'bad-banner': 1,
  });

  // 7. Nothing else broke: a customer's chat reaches dave (the only Available agent).
  await dave.selectOption('.sb-agent select', 'Available');
  await dave.waitForFunction(
    () => document.querySelector<HTMLSelectElement>('.sb-agent select')?.selectedOptions[0]?.text === 'Available',
  );
  await createCustomerClient({ serverUrl: stack.url }).startEngagement({
    friendlyName: 'Ada',
    question: 'Is the banner fixed?',
  });
  await dave.getByRole('button', { name: /^Ada/ }).first().waitFor();
  expect(pageErrors).toEqual([]);
});
