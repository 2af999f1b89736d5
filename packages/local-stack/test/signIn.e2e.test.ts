/**
 * Signing in to the agent desktop with a password, in headless Chromium, on a local stack
 * started with the one-click development sign-in off (`auth: { dev: false }`): no one-click
 * list, a wrong password is said in the alert region, the right one signs in (and a reload
 * stays signed in), "Sign out" revokes the session and returns to the sign-in page. axe-core
 * finds no violation on the sign-in page. The default stack shows the one-click list under its
 * label. Uses the built desktop (`npm test` builds first).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setAgentPassword } from '@switchboard/contact-center/server';
import { startLocalStack, type LocalStack } from '@switchboard/local-stack';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, seriousViolations } from '../../../scripts/testing/browser';
import { pagesOf } from './pages';

jest.setTimeout(120_000);

const PASSWORD = 'correct horse battery staple';
const DEV_LABEL = 'Local development sign-in: anyone can sign in as any agent. Off on a network and with PostgreSQL.';
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'sb-signin-e2e-'));
let stack: LocalStack;
let browser: Browser;
const pages = pagesOf(() => browser);

beforeAll(async () => {
  [browser, stack] = await Promise.all([
    launchChromium(),
    startLocalStack({ port: 0, dataDir, agents: ['alice'], auth: { dev: false }, log: () => {} }),
  ]);
  await setAgentPassword(stack.contactCenter.db, 'alice', PASSWORD);
});

afterAll(async () => {
  await pages.close();
  await browser?.close();
  await stack?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

/** Every axe-core violation on the page, whatever its impact, one line each. */
async function allViolations(page: Page): Promise<string[]> {
  await seriousViolations(page); // loads axe-core into the page
  const result = await page.evaluate(() =>
    (
      window as unknown as {
        axe: { run(d: Document): Promise<{ violations: { id: string; impact: string; help: string }[] }> };
      }
    ).axe.run(document),
  );
  return result.violations.map((v) => `${v.id} (${v.impact}): ${v.help}`);
}

test('a password sign-in, a wrong password, sign-out, and no one-click list', async () => {
  const page = await pages.open(stack.desktopUrl);
  await page.getByLabel('Password').waitFor();
  expect(await allViolations(page)).toEqual([]);
  expect(await page.getByText(DEV_LABEL).count()).toBe(0);
  expect(await page.getByRole('list', { name: 'Agents' }).count()).toBe(0);
  // Even named in the URL, the one-click sign-in is refused: back to the form, saying why.
  const byUrl = await pages.open(`${stack.desktopUrl}?agent=alice`);
  await byUrl
    .getByRole('alert')
    .filter({ hasText: /password/ })
    .waitFor();
  await byUrl.getByLabel('Password').waitFor();

  await page.getByLabel('Agent', { exact: true }).fill('alice');
  await page.getByLabel('Password').fill('not the password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('alert').filter({ hasText: 'Wrong identity or password' }).waitFor();
  expect(await allViolations(page)).toEqual([]); // with the error shown

  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForFunction(() => document.querySelector('.sb-agent-name')?.textContent === 'Alice');
  // A reload continues the session (the tab keeps its tokens).
  await page.reload();
  await page.waitForFunction(() => document.querySelector('.sb-agent-name')?.textContent === 'Alice');
  const { refreshToken } = JSON.parse(
    (await page.evaluate(() => sessionStorage.getItem('switchboard:session'))) ?? '{}',
  ) as { refreshToken?: string };
  expect(refreshToken).toMatch(/^SE/);

  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.getByLabel('Password').waitFor();
  expect(await page.evaluate(() => sessionStorage.getItem('switchboard:session'))).toBeNull();
  // The session is revoked: its refresh token no longer works.
  const refused = await fetch(`${stack.url}/api/agents/refresh`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ refreshToken }),
  });
  expect(refused.status).toBe(401);
  expect(pages.errors).toEqual([]);
  expect(pages.cspErrors).toEqual([]);
});

test('the default local stack shows the one-click list under its label', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'sb-signin-dev-'));
  const local = await startLocalStack({ port: 0, dataDir: dir, agents: ['bob'], log: () => {} });
  try {
    const page = await pages.open(local.desktopUrl);
    await page.getByText(DEV_LABEL).waitFor();
    await page.getByRole('list', { name: 'Agents' }).getByRole('button', { name: /Bob/ }).click();
    await page.waitForFunction(() => document.querySelector('.sb-agent-name')?.textContent === 'Bob');
  } finally {
    await local.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
