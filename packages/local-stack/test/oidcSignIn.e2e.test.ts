/**
 * Signing in to the agent desktop with OpenID Connect, in headless Chromium: a local provider
 * (panva's oidc-provider, in its own process, see packages/contact-center/test/oidcProvider.ts)
 * and a local stack with `auth: { dev: false, oidc }`. Alice clicks "Sign in with Test ID",
 * signs in at the provider's login form, confirms its consent form, and lands on the desktop
 * signed in (the one-time code gone from the URL; a reload stays signed in). Mallory, whom the
 * provider knows but the contact center does not, gets the page naming her. Uses the built
 * desktop (`npm test` builds first).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startLocalStack, type LocalStack } from '@switchboard/local-stack';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../../../scripts/testing/browser';
import { startOidcProvider, type OidcProvider } from '../../contact-center/test/oidcProvider';
import { pagesOf } from './pages';

jest.setTimeout(120_000);

const dataDir = mkdtempSync(path.join(os.tmpdir(), 'sb-oidc-e2e-'));
let provider: OidcProvider;
let stack: LocalStack;
let browser: Browser;
const pages = pagesOf(() => browser);

beforeAll(async () => {
  provider = await startOidcProvider();
  [browser, stack] = await Promise.all([
    launchChromium(),
    startLocalStack({
      port: 0,
      dataDir,
      agents: ['alice'],
      auth: {
        dev: false,
        oidc: {
          issuer: provider.issuer,
          clientId: provider.clientId,
          clientSecret: provider.clientSecret,
          name: 'Test ID',
        },
      },
      log: () => {},
    }),
  ]);
});

afterAll(async () => {
  await pages.close();
  await browser?.close();
  await stack?.close();
  await provider?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

/** From the desktop's sign-in page, through the provider's login and consent forms, as `login`. */
async function signInAtProvider(page: Page, login: string): Promise<void> {
  await page.getByRole('link', { name: 'Sign in with Test ID' }).click();
  await page.waitForURL((url) => url.origin === provider.issuer);
  await page.locator('input[name="login"]').fill(login);
  await page.locator('input[name="password"]').fill('any password');
  await page.getByRole('button', { name: 'Sign-in' }).click();
  await page.getByRole('button', { name: 'Continue' }).click(); // the consent form
}

test('Alice signs in with the provider and lands on the desktop, signed in', async () => {
  const page = await pages.open(stack.desktopUrl);
  await signInAtProvider(page, 'alice');
  await page.waitForFunction(() => document.querySelector('.sb-agent-name')?.textContent === 'Alice');
  // The single-use code is off the URL; the tab keeps the session's tokens.
  expect(new URL(page.url()).hash).toBe('');
  const session = JSON.parse((await page.evaluate(() => sessionStorage.getItem('switchboard:session'))) ?? '{}') as {
    identity?: string;
    refreshToken?: string;
  };
  expect(session.identity).toBe('alice');
  expect(session.refreshToken).toMatch(/^SE/);
  await page.reload();
  await page.waitForFunction(() => document.querySelector('.sb-agent-name')?.textContent === 'Alice');
  expect(pages.errors).toEqual([]);
  expect(pages.cspErrors).toEqual([]);
});

test('Mallory, known to the provider but not an agent, gets a page naming her', async () => {
  const page = await pages.open(stack.desktopUrl);
  await signInAtProvider(page, 'mallory');
  await page.getByRole('heading', { name: 'Sign-in refused' }).waitFor();
  expect(await page.textContent('main')).toContain('there is no agent "mallory" in this contact center');
  // Its link goes back to the sign-in page.
  await page.getByRole('link', { name: 'Back to the sign-in page' }).click();
  await page.getByRole('link', { name: 'Sign in with Test ID' }).waitFor();
});
