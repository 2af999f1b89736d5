/**
 * The Flex example plugins (examples/flex-plugins/*: flex-plugin-builder folders written as
 * Flex plugins are) built by `switchboard-plugin build` from their own folders, loaded by the
 * agent desktop on the local stack, in headless Chromium. An agent signs in, a customer
 * chats from the webchat page, and the desktop shows what the plugins contribute: the main
 * header badge, a strings override, the caller's CRM card, the urgent marker, the task
 * header badge and tab, canned responses reaching the customer; completing without a
 * disposition is aborted with a notification; the side nav opens the plugin's view. Uses the
 * built packages (`npm test` builds first); builds the two Flex folders itself (they are not
 * workspaces, so lerna does not).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pluginsIn, startLocalStack, type LocalStack } from '@switchboard/local-stack';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, seriousViolations } from '../../../scripts/testing/browser';
import { pagesOf } from './pages';

jest.setTimeout(120_000);

const root = path.resolve(__dirname, '..', '..', '..');
const FLEX_EXAMPLES = path.join(root, 'examples/flex-plugins');
const FLEX_PLUGINS = ['plugin-activity-guard', 'plugin-caller-crm', 'plugin-wrapup-disposition'];
const CLI = path.join(root, 'packages/plugin-scripts/bin/switchboard-plugin.js');

let dataDir: string;
let stack: LocalStack;
let browser: Browser;
const pages = pagesOf(() => browser);
const { open, errors: pageErrors, cspErrors } = pages;

const customerTranscript = (page: Page) => page.locator('.sbwc-msg').allTextContents();

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'sb-flex-'));
  // Each Flex folder as its developer builds it: `switchboard-plugin build` in the folder.
  for (const name of FLEX_PLUGINS) {
    const out = execFileSync(process.execPath, [CLI, 'build'], {
      cwd: path.join(FLEX_EXAMPLES, name),
      encoding: 'utf8',
      env: { ...process.env, FORCE_COLOR: '0' },
    });
    expect(out).toMatch(new RegExp(`Building ${name} 0\\.1\\.0 for the desktop from src/index\\.[jt]s`));
  }
  const plugins = pluginsIn(FLEX_EXAMPLES);
  expect(plugins.desktop.map((p) => p.name)).toEqual(FLEX_PLUGINS);
  [browser, stack] = await Promise.all([
    launchChromium(),
    startLocalStack({ port: 0, dataDir, agents: ['alice'], plugins: plugins.desktop, log: () => {} }),
  ]);
});

afterAll(async () => {
  await pages.close();
  await browser?.close();
  await stack?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

test('the Flex plugins run in the desktop: contributions, strings, abort with a notification, a side-nav view', async () => {
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
    FLEX_PLUGINS.map((name) => expect.objectContaining({ name, state: 'Initialized' })),
  );
  // window.Twilio.Flex is there, at Flex UI's API level.
  expect(
    await alice.evaluate(() => (window as unknown as { Twilio: { Flex: { VERSION: string } } }).Twilio.Flex.VERSION),
  ).toBe('2.17.0');

  // Before any task: the CRM container's replacement, a strings override, the header badge.
  await alice.locator('.caller-crm-empty').getByText('No caller selected').waitFor();
  await alice.getByText('No callers waiting. Set your activity to Available to take chats.').waitFor();
  await alice
    .locator('.caller-crm-agent')
    .getByText(/^Alice/)
    .waitFor();

  // plugin-activity-guard removed the header's "Enable notifications" (shown while the
  // browser's permission is undecided).
  expect(await alice.evaluate(() => Notification.permission)).toBe('default');
  expect(await alice.getByRole('button', { name: 'Enable notifications' }).count()).toBe(0);
  await alice.getByRole('button', { name: 'Sign out' }).waitFor(); // the header's other children stay

  await alice.selectOption('.sb-agent select', 'Available');
  await alice.locator('.caller-crm-agent').getByText('Alice · Available').waitFor();
  await alice.locator('.activity-guard-shift').getByText('Shift: alice · 1 activity change(s)').waitFor();

  // A customer starts a chat that says "urgent".
  const customer = await open(stack.webchatUrl);
  await customer.locator('.sbwc-launcher').click();
  await customer.locator('input[name="name"]').fill('Ada');
  await customer.locator('textarea[name="question"]').fill('Where is my parcel? This is urgent.');
  await customer.getByRole('button', { name: 'Start chat' }).click();

  await alice.getByRole('button', { name: 'Accept chat from Ada' }).click();
  const canvas = alice.locator('.sb-task-canvas');
  await canvas.waitFor();
  await canvas.locator('.wrapup-disposition-badge').getByText('No disposition yet').waitFor();
  await alice.locator('.caller-crm-card h3').getByText('Caller: Ada').waitFor();
  await alice.locator('.caller-crm-first').getByText('Where is my parcel? This is urgent.').waitFor();
  await canvas.locator('.caller-crm-urgent').first().waitFor();

  // Canned responses: the greeting goes through the conversation and reaches the customer.
  await canvas.getByRole('button', { name: 'Send the greeting' }).click();
  const greeting = 'Hello Ada, thanks for reaching out! I am Alice and I have your file open.';
  await customer.getByText(greeting).waitFor();
  expect((await customerTranscript(customer)).at(-1)).toContain(greeting);

  // Going Offline with the chat open: refused, with the activity guard's error notification.
  const notifications = alice.getByRole('region', { name: 'Notifications' });
  await alice.selectOption('.sb-agent select', 'Offline');
  await notifications.getByText('You have 1 open task(s): finish them before going Offline.').waitFor();
  await alice.waitForFunction(
    () => document.querySelector<HTMLSelectElement>('.sb-agent select')?.selectedOptions[0]?.text === 'Available',
  );

  // The desktop's own button, renamed by a strings override; wrapping up is awaited by a listener.
  await canvas.getByRole('button', { name: 'Wrap up & add notes' }).click();
  await canvas.getByRole('button', { name: 'Complete' }).waitFor();

  // Completing without a disposition: aborted, with the plugin's notification.
  await canvas.getByRole('button', { name: 'Complete' }).click();
  await notifications
    .getByText('Choose a disposition for Ada in the Wrap-up notes tab before completing the task.')
    .waitFor();
  await canvas.waitFor(); // still there
  expect(await seriousViolations(alice)).toEqual([]);

  // The Wrap-up notes tab: choose, save, then completing works.
  await canvas.getByRole('tab', { name: 'Wrap-up notes' }).click();
  const form = canvas.getByRole('form', { name: 'Wrap-up notes' });
  await form.getByRole('combobox').selectOption('Resolved');
  await form.getByRole('textbox').fill('Parcel re-sent');
  await form.getByRole('button', { name: 'Save notes' }).click();
  await notifications.getByText('Wrap-up notes saved: Resolved').waitFor();
  await canvas.locator('.wrapup-disposition-badge').getByText('Disposition: Resolved').waitFor();
  await canvas.getByRole('button', { name: 'Complete' }).click();
  await canvas.waitFor({ state: 'detached' });
  // afterCompleteTask posted the disposition to the demo CRM, with the agent's (local) token.
  const until = Date.now() + 10_000;
  while (stack.crmInteractions.length === 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
  expect(stack.crmInteractions.map((r) => r.interaction)).toEqual([
    expect.objectContaining({
      Token: 'switchboard-local:alice',
      customer: 'Ada',
      disposition: 'Resolved',
      notes: 'Parcel re-sent',
    }),
  ]);
  await alice.locator('.caller-crm-agent').getByText('Alice · Available · last caller: Ada').waitFor();

  // The side nav's link opens the plugin's view.
  await alice.getByRole('button', { name: 'Open caller history' }).click();
  const view = alice.getByRole('main', { name: 'Caller history' });
  await view.getByRole('heading', { name: 'Caller history' }).waitFor();
  expect(await alice.evaluate(() => window.location.hash)).toBe('#/caller-history');
  await view.getByRole('listitem').getByText(/^Ada/).waitFor();
  expect(pageErrors).toEqual([]);
  expect(cspErrors).toEqual([]);
});
