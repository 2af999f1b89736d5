/**
 * The plugin UI framework in the real desktop, in headless Chromium, through the sample
 * plugins as `npm start` runs them (plugins/*\/dist): a string overridden by
 * accept-task-confirm; a customer's chat arrives and, once accepted, its notification shows in
 * the live region and is dismissed; crm-sync's customer record in the CRM container and its
 * view, reached from the side nav and from the record, in the URL (`#/crm-history`) across a
 * reload; the side nav toggled; wrapup-survey's tab selected through SetComponentState (by the
 * page and by the plugin) and its card replacing the survey's message; the transfer directory
 * with an agent and the queue; axe-core on the desktop with all of it open. Uses the built
 * packages and plugins (`npm test` builds first).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pluginsIn, startLocalStack, type LocalStack } from '@switchboard/local-stack';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, seriousViolations, settled } from '../../../scripts/testing/browser';
import { pagesOf } from './pages';

jest.setTimeout(120_000);

const root = path.resolve(__dirname, '..', '..', '..');

let dataDir: string;
let stack: LocalStack;
let browser: Browser;
const pages = pagesOf(() => browser);
const { open, errors: pageErrors, cspErrors, consoleErrors } = pages;

type HostWindow = {
  __switchboard: {
    store: { getState(): unknown };
    actions: { invokeAction(name: string, payload?: unknown): Promise<unknown> };
    plugins: { list(): Array<{ name: string; state: string }> };
  };
};

/** Invokes an action in the page's host, as a plugin would. */
const invoke = (page: Page, name: string, payload?: unknown) =>
  page.evaluate(([n, p]) => (window as unknown as HostWindow).__switchboard.actions.invokeAction(n as string, p), [
    name,
    payload,
  ] as const);

/** Waits for the three desktop sample plugins to be initialized. */
const pluginsReady = (page: Page) =>
  page.waitForFunction(() => {
    const host = (window as unknown as Partial<HostWindow>).__switchboard;
    const all = host?.plugins.list() ?? [];
    return all.length === 3 && all.every((s) => s.state === 'Initialized');
  });

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'sb-ui-'));
  const plugins = pluginsIn(path.join(root, 'plugins'));
  if (plugins.unbuilt.length) {
    throw new Error(`${plugins.unbuilt.join(', ')} not built: run \`npm run build\` (npm test does) first`);
  }
  [browser, stack] = await settled([
    launchChromium(),
    startLocalStack({
      port: 0,
      dataDir,
      agents: ['alice', 'bob'],
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

test('notifications, views and the URL, the side nav, tabs by component state, the CRM container, the directory', async () => {
  const alice = await open(`${stack.desktopUrl}?agent=alice`);
  await alice.waitForFunction(() => document.querySelector('.sb-agent-name')?.textContent === 'Alice');
  await pluginsReady(alice);

  // A string of the desktop, overridden by accept-task-confirm.
  await alice.getByText('No chats waiting. Set your activity to Available', { exact: false }).waitFor();

  // The side nav lists the views; crm-sync's is reachable, in the URL, and survives a reload.
  const nav = alice.getByRole('navigation', { name: 'Views' });
  await nav.getByRole('link', { name: 'Agent Desktop' }).waitFor();
  await nav.getByRole('link', { name: /CRM history/ }).click();
  await alice.waitForFunction(() => location.hash === '#/crm-history');
  const history = alice.getByRole('main', { name: 'CRM history' });
  await history.getByText('No interaction recorded yet', { exact: false }).waitFor();
  expect(await nav.getByRole('link', { name: /CRM history/ }).getAttribute('aria-current')).toBe('page');
  expect(await seriousViolations(alice)).toEqual([]);
  await alice.reload();
  expect(new URL(alice.url()).hash).toBe('#/crm-history');
  await history.getByRole('heading', { name: 'CRM interactions' }).waitFor();
  // Back to the agent desktop through the browser's history (NavigateToView pushed an entry).
  await alice.goBack();
  await alice.waitForFunction(() => location.hash === '' || location.hash === '#/agent-desktop');
  await alice.locator('.sb-body').waitFor(); // the agent desktop's body

  // The side nav toggles (ToggleSidebar, from the header's button).
  const toggle = alice.getByRole('button', { name: 'Toggle the side navigation' });
  expect(await toggle.getAttribute('aria-expanded')).toBe('true');
  await toggle.click();
  await nav.waitFor({ state: 'hidden' });
  expect(await toggle.getAttribute('aria-expanded')).toBe('false');
  await toggle.click();
  await nav.waitFor({ state: 'visible' });

  // A customer's chat arrives; accepted (accept-task-confirm asks first), it is announced.
  await alice.selectOption('.sb-agent select', 'Available');
  await alice.waitForFunction(
    () => document.querySelector<HTMLSelectElement>('.sb-agent select')?.selectedOptions[0]?.text === 'Available',
  );
  const customer = await open(stack.webchatUrl!);
  await customer.locator('.sbwc-launcher').click();
  await customer.locator('input[name="name"]').fill('Ada');
  await customer.locator('textarea[name="question"]').fill('Where is my parcel?');
  await customer.getByRole('button', { name: 'Start chat' }).click();
  await alice.getByRole('button', { name: 'Accept chat from Ada' }).click();
  await alice.getByRole('dialog', { name: 'Accept this chat?' }).getByRole('button', { name: 'Yes, accept' }).click();
  await alice.locator('.sb-task-canvas').waitFor();

  const live = alice.getByRole('region', { name: 'Notifications' });
  expect(await live.getAttribute('aria-live')).toBe('polite');
  const accepted = live.getByRole('status').filter({ hasText: 'You are now chatting with Ada.' });
  await accepted.waitFor();
  // (It stays 10 s: what follows until it is dismissed takes a fraction of that.)

  // The transfer directory: the other agent and the queue.
  await alice.getByRole('button', { name: 'Transfer…' }).click();
  const directory = alice.getByRole('group', { name: 'Transfer directory' });
  await directory.getByRole('list', { name: 'Agents' }).getByText('Bob', { exact: false }).waitFor();
  await directory.getByRole('button', { name: 'Transfer to queue Everyone' }).waitFor();

  // wrapup-survey's tab, selected through SetComponentState (as any plugin would).
  const tabs = alice.getByRole('tablist', { name: 'Task views' });
  const surveyTab = tabs.getByRole('tab', { name: 'Survey' });
  expect(await surveyTab.getAttribute('aria-selected')).toBe('false');
  await invoke(alice, 'SetComponentState', { name: 'TaskCanvasTabs', state: { selectedTabName: 'survey' } });
  await alice.waitForFunction(
    () => document.querySelector('[role="tab"][aria-selected="true"]')?.textContent === 'Survey',
  );
  await alice.getByRole('tabpanel').getByText('Wrapping up sends Ada a satisfaction survey.').waitFor();

  // Everything open at once: the notification, the CRM container, the directory, the plugin's tab.
  await alice.getByRole('region', { name: 'CRM' }).getByRole('heading', { name: 'Customer record' }).waitFor();
  expect(await accepted.count()).toBe(1);
  expect(await seriousViolations(alice)).toEqual([]);

  // The notification is dismissed with its close button.
  await accepted.getByRole('button', { name: 'Dismiss' }).click();
  await accepted.waitFor({ state: 'detached' });
  await directory.getByRole('button', { name: 'Close' }).click();
  await directory.waitFor({ state: 'detached' });

  // crm-sync's record of the selected task, in the CRM container.
  const crm = alice.getByRole('region', { name: 'CRM' });
  await crm.getByRole('heading', { name: 'Customer record' }).waitFor();
  expect(await crm.locator('dd').allTextContents()).toEqual(
    expect.arrayContaining(['Ada', 'chat', 'Where is my parcel?']),
  );
  // Its button navigates to its view (NavigateToView); the side nav leads back.
  await crm.getByRole('button', { name: 'Interaction history' }).click();
  await alice.waitForFunction(() => location.hash === '#/crm-history');
  await history.getByRole('heading', { name: 'CRM interactions' }).waitFor();
  await nav.getByRole('link', { name: 'Agent Desktop' }).click();
  await alice.waitForFunction(() => location.hash === '#/agent-desktop');
  await alice.locator('.sb-task-canvas').waitFor();

  // Back to the chat; wrapping up sends the survey and wrapup-survey selects its tab itself.
  await tabs.getByRole('tab', { name: 'Chat' }).click();
  expect(await surveyTab.getAttribute('aria-selected')).toBe('false');
  await alice.getByRole('button', { name: 'Wrap up' }).click();
  await alice.waitForFunction(
    () => document.querySelector('[role="tab"][aria-selected="true"]')?.textContent === 'Survey',
  );
  await alice.getByRole('tabpanel').getByText('The survey was sent to Ada', { exact: false }).waitFor();
  // In the chat, the survey's message is drawn by the plugin (MessageListItem replaced with `if`).
  await tabs.getByRole('tab', { name: 'Chat' }).click();
  await alice.locator('.sb-transcript .wrapup-survey-message').waitFor();
  expect(await alice.locator('.sb-transcript .wrapup-survey-message').count()).toBe(1);
  expect(await alice.locator('.sb-transcript .sb-message').count()).toBeGreaterThanOrEqual(2);

  // Complete: crm-sync records the interaction, says so, and lists it in its view.
  await alice.getByRole('button', { name: 'Complete' }).click();
  await live.getByRole('status').filter({ hasText: "Ada's chat is recorded in the CRM" }).waitFor();
  await nav.getByRole('link', { name: /CRM history/ }).click();
  await history.getByText(/^Ada \(WT\w+\): CRM interaction /).waitFor();
  expect(await seriousViolations(alice)).toEqual([]);

  expect(pageErrors).toEqual([]);
  expect(cspErrors).toEqual([]);
  expect(consoleErrors).toEqual([]);
});
