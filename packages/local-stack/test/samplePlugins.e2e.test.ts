/**
 * The sample plugins as `npm start` runs them, in headless Chromium: their built bundles
 * (plugins/*\/dist, listed in the default manifest) on the local stack. The customer's chat
 * opens with webchat-greeting's message; accept-task-confirm asks before AcceptTask ("No"
 * keeps the reservation, "Yes" accepts it); wrapping up sends wrapup-survey's survey, which
 * the customer reads in the webchat; completing records the interaction in the demo CRM
 * through crm-sync. Uses the built packages and plugins (`npm test` builds first).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pluginsIn, startLocalStack, type LocalStack } from '@switchboard/local-stack';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, seriousViolations } from '../../../scripts/testing/browser';
import { pagesOf } from './pages';

jest.setTimeout(120_000);

const root = path.resolve(__dirname, '..', '..', '..');
const SAMPLES = ['accept-task-confirm', 'crm-sync', 'webchat-greeting', 'wrapup-survey'];
const SURVEY = 'Thanks for chatting with us! How did we do? Reply with a number from 1 (poor) to 5 (great).';

let dataDir: string;
let stack: LocalStack;
let browser: Browser;
const pages = pagesOf(() => browser);
const { open, errors: pageErrors, cspErrors, consoleErrors } = pages;

const customerTranscript = (page: Page) => page.locator('.sbwc-msg').allTextContents();

/** The status of a reservation or task in the desktop's store. */
const taskStatus = (page: Page, customer: string) =>
  page.evaluate((name) => {
    const host = (window as unknown as { __switchboard: { store: { getState(): unknown } } }).__switchboard;
    const { desktop } = host.store.getState() as {
      desktop: { tasks: Record<string, { status: string; attributes: { name?: string }; customerName?: string }> };
    };
    const task = Object.values(desktop.tasks).find((t) => (t.customerName ?? t.attributes.name) === name);
    return task?.status;
  }, customer);

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'sb-samples-'));
  // The sample plugins as npm start lists them.
  const plugins = pluginsIn(path.join(root, 'plugins'));
  if (plugins.unbuilt.length) {
    throw new Error(`${plugins.unbuilt.join(', ')} not built: run \`npm run build\` (npm test does) first`);
  }
  [browser, stack] = await Promise.all([
    launchChromium(),
    startLocalStack({
      port: 0,
      dataDir,
      agents: ['alice'],
      plugins: plugins.desktop,
      webchatPlugins: plugins.webchat,
      log: () => {},
    }),
  ]);
});

afterAll(async () => {
  await pages.close();
  await browser?.close();
  await stack?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

test('the default manifest lists every sample plugin, and the desktop initializes them', async () => {
  const manifest = await fetch(new URL('/plugins.json', stack.url)).then(
    (r) => r.json() as Promise<{ plugins: Array<{ name: string; integrity?: string }> }>,
  );
  expect(manifest.plugins.map((p) => p.name)).toEqual(['accept-task-confirm', 'crm-sync', 'wrapup-survey']);
  for (const entry of manifest.plugins) expect(entry.integrity).toMatch(/^sha384-/);
  const alice = await open(`${stack.desktopUrl}?agent=alice`);
  await alice.waitForFunction(() => document.querySelector('.sb-agent-name')?.textContent === 'Alice');
  const states = await alice.waitForFunction(() => {
    const host = (
      window as unknown as { __switchboard?: { plugins: { list(): Array<{ name: string; state: string }> } } }
    ).__switchboard;
    const all = host?.plugins.list() ?? [];
    return all.length === 3 && all.every((s) => ['Initialized', 'Failed'].includes(s.state)) && all;
  });
  expect(await states.jsonValue()).toEqual(
    expect.arrayContaining(
      SAMPLES.filter((n) => n !== 'webchat-greeting').map((name) =>
        expect.objectContaining({ name, state: 'Initialized' }),
      ),
    ),
  );
});

test('greeting, confirm (No keeps the reservation, Yes accepts), survey in the webchat, CRM record', async () => {
  const alice = await open(`${stack.desktopUrl}?agent=alice`);
  await alice.waitForFunction(() => document.querySelector('.sb-agent-name')?.textContent === 'Alice');
  await alice.selectOption('.sb-agent select', 'Available');
  await alice.waitForFunction(
    () => document.querySelector<HTMLSelectElement>('.sb-agent select')?.selectedOptions[0]?.text === 'Available',
  );

  // The customer starts a chat; webchat-greeting's message follows the question.
  const customer = await open(stack.webchatUrl!);
  const title = await customer.title();
  await customer.locator('.sbwc-launcher').click();
  await customer.locator('input[name="name"]').fill('Ada');
  await customer.locator('textarea[name="question"]').fill('Where is my parcel?');
  await customer.getByRole('button', { name: 'Start chat' }).click();
  await customer.locator('.sbwc-msg').nth(1).waitFor();
  expect(await customerTranscript(customer)).toEqual(
    expect.arrayContaining(['You: Where is my parcel?', `You: Hello! I'm writing from "${title}" (/webchat/).`]),
  );

  // Accept asks first. "No": the dialog closes and the reservation stays.
  const accept = alice.getByRole('button', { name: 'Accept chat from Ada' });
  await accept.click();
  const dialog = alice.getByRole('dialog', { name: 'Accept this chat?' });
  await dialog.waitFor();
  await expect(dialog.innerText()).resolves.toContain('Ada is waiting. Accept the chat now?');
  expect(await seriousViolations(alice)).toEqual([]);
  await dialog.getByRole('button', { name: 'No' }).click();
  await dialog.waitFor({ state: 'detached' });
  await accept.waitFor(); // still offered
  expect(await alice.locator('.sb-task-canvas').count()).toBe(0);
  expect(await taskStatus(alice, 'Ada')).toBe('pending');

  // "Yes, accept": the task is accepted.
  await accept.click();
  await dialog.getByRole('button', { name: 'Yes, accept' }).click();
  await alice.locator('.sb-task-canvas').waitFor();
  await alice.waitForFunction(() => document.querySelectorAll('.sb-transcript .sb-message').length >= 2);
  expect(await taskStatus(alice, 'Ada')).toBe('accepted');

  // Wrap up: wrapup-survey sends its survey first; the customer reads it in the webchat.
  await alice.getByRole('button', { name: 'Wrap up' }).click();
  await customer.getByText(SURVEY).waitFor();
  expect((await customerTranscript(customer)).at(-1)).toBe(`Alice${SURVEY}`);
  await alice.locator('.wrapup-survey-count').getByText('Surveys sent: 1').waitFor();

  // Complete: crm-sync records the interaction in the demo CRM.
  await alice.getByRole('button', { name: 'Complete' }).click();
  await alice.locator('.sb-empty').waitFor();
  const until = Date.now() + 10_000;
  while (stack.crmInteractions.length === 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
  expect(stack.crmInteractions).toEqual([
    expect.objectContaining({
      interaction: expect.objectContaining({ customerName: 'Ada', channel: 'chat', agent: 'alice' }),
    }),
  ]);
  expect(pageErrors).toEqual([]);
  expect(cspErrors).toEqual([]);
  expect(consoleErrors).toEqual([]); // no page of the product logs an error in normal use
});
