/**
 * Nothing written is lost, in headless Chromium on the local stack: a chat whose transcript
 * overflows (keyboard-reachable, no stray list marker, the agent's newlines kept, no serious
 * axe violation), then the contact center goes down for 15 s — longer than the clients' 10 s
 * request timeout — while the customer and the agent both write. Their messages show as
 * sending, and once the server is back each is delivered exactly once, to both sides, and
 * stored once. Uses the built desktop and webchat (`npm test` builds first).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startLocalStack, type LocalStack } from '@switchboard/local-stack';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, seriousViolations } from '../../../scripts/testing/browser';
import { pagesOf } from './pages';

jest.setTimeout(150_000);

const OUTAGE_MS = 15_000;
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'sb-outage-'));
let stack: LocalStack;
let port = 0;
let browser: Browser;
const pages = pagesOf(() => browser);

async function start(): Promise<void> {
  stack = await startLocalStack({ port, dataDir, agents: ['alice'], log: () => {} });
  port = stack.contactCenter.port; // the same port after the restart: the pages reconnect to it
}

beforeAll(async () => {
  [browser] = await Promise.all([launchChromium(), start()]);
});

afterAll(async () => {
  await pages.close();
  await browser?.close();
  await stack?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const agentBodies = (page: Page) =>
  page.locator('.sb-transcript .sb-message:not(.sb-sending) .sb-message-body').allInnerTexts();
const customerBodies = (page: Page) => page.locator('.sbwc-msg:not(.sbwc-msg--sending) p').allInnerTexts();

test('an overflowing transcript, then a 15 s outage: what both sides wrote arrives exactly once', async () => {
  const alice = await pages.open(`${stack.desktopUrl}?agent=alice`);
  await alice.waitForFunction(() => document.querySelector('.sb-agent-name')?.textContent === 'Alice');
  await alice.selectOption('.sb-agent select', 'Available');
  const customer = await pages.open(stack.webchatUrl);
  await customer.locator('.sbwc-launcher').click();
  await customer.locator('input[name="name"]').fill('Ada');
  await customer.getByRole('button', { name: 'Start chat' }).click();
  await customer.locator('.sbwc-composer textarea').waitFor();
  await alice.getByRole('button', { name: 'Accept chat from Ada' }).click();
  const input = alice.getByLabel('Message to Ada');
  await input.waitFor();

  // A newline typed with Shift+Enter shows as two lines on both sides.
  await input.click();
  await alice.keyboard.type('Line one');
  await alice.keyboard.press('Shift+Enter');
  await alice.keyboard.type('line two');
  await alice.keyboard.press('Enter');
  await customer.locator('.sbwc-msg--theirs').waitFor();
  expect(await agentBodies(alice)).toEqual(['Line one\nline two']);
  expect(await customer.locator('.sbwc-msg--theirs p').innerText()).toBe('Line one\nline two');

  // Enough messages to overflow the transcript.
  await alice.evaluate(async () => {
    const host = (
      window as unknown as {
        __switchboard: {
          actions: { invokeAction(n: string, p: object): Promise<unknown> };
          store: { getState(): { desktop: { channels: Record<string, unknown> } } };
        };
      }
    ).__switchboard;
    const [channelSid] = Object.keys(host.store.getState().desktop.channels);
    for (let i = 1; i <= 30; i++) await host.actions.invokeAction('SendMessage', { channelSid, body: `Update ${i}` });
  });
  await alice.waitForFunction(() => document.querySelectorAll('.sb-transcript .sb-message').length === 31);
  const log = alice.locator('.sb-transcript');
  expect(await log.evaluate((el) => el.scrollHeight > el.clientHeight)).toBe(true);
  // Keyboard-reachable, and no list item without a message (no stray "1.").
  expect(await log.getAttribute('tabindex')).toBe('0');
  expect(await alice.locator('.sb-messages > li').count()).toBe(31);
  expect(await alice.locator('.sb-messages > li:empty').count()).toBe(0);
  expect(await seriousViolations(alice)).toEqual([]);

  // The contact center goes down, for longer than a request timeout.
  await stack.close();
  await alice.locator('.sb-banner').waitFor();
  const downSince = Date.now();
  await customer.locator('.sbwc-composer textarea').fill('Hello? Are you still there?');
  await customer.keyboard.press('Enter');
  await customer.locator('.sbwc-composer textarea').fill('I will wait.');
  await customer.keyboard.press('Enter');
  await input.fill('Sorry, our system is restarting.');
  await alice.keyboard.press('Enter');
  await input.fill('Back in a moment.');
  await alice.keyboard.press('Enter');
  // Shown as sending; the inputs are free for the next message.
  await customer.locator('.sbwc-msg--sending').nth(1).waitFor();
  await alice.locator('.sb-sending').nth(1).waitFor();
  expect(await input.inputValue()).toBe('');
  await new Promise((r) => setTimeout(r, Math.max(0, OUTAGE_MS - (Date.now() - downSince))));
  // Still waiting, after more than the request timeout: nothing given up, nothing put back.
  expect(await customer.locator('.sbwc-msg--sending').count()).toBe(2);
  expect(await alice.locator('.sb-sending').count()).toBe(2);
  expect(await customer.getByRole('dialog', { name: 'Chat with us' }).locator('.sbwc-error').innerText()).toBe('');

  await start();
  await alice.locator('.sb-banner').waitFor({ state: 'detached', timeout: 30_000 });
  await customer.locator('.sbwc-msg--sending').first().waitFor({ state: 'detached', timeout: 30_000 });
  await alice.locator('.sb-sending').first().waitFor({ state: 'detached', timeout: 30_000 });
  const written = [
    'Hello? Are you still there?',
    'I will wait.',
    'Sorry, our system is restarting.',
    'Back in a moment.',
  ];
  await alice.waitForFunction(() => document.querySelectorAll('.sb-transcript .sb-message').length === 35);
  await customer.waitForFunction(() => document.querySelectorAll('.sbwc-msg').length === 35);
  const onDesktop = await agentBodies(alice);
  const onPage = await customerBodies(customer);
  for (const body of written) {
    expect(onDesktop.filter((b) => b === body)).toHaveLength(1);
    expect(onPage.filter((b) => b === body)).toHaveLength(1);
  }
  // Each side's own messages kept their order.
  expect(onPage.filter((b) => written.slice(0, 2).includes(b))).toEqual(written.slice(0, 2));
  expect(onDesktop.filter((b) => written.slice(2).includes(b))).toEqual(written.slice(2));

  // Stored once each.
  const channelSid = await alice.evaluate(
    () =>
      Object.keys(
        (
          window as unknown as { __switchboard: { store: { getState(): { desktop: { channels: object } } } } }
        ).__switchboard.store.getState().desktop.channels,
      )[0]!,
  );
  const rows = await stack.contactCenter.db
    .selectFrom('messages')
    .select('body')
    .where('channel_sid', '=', channelSid)
    .execute();
  for (const body of written) expect(rows.filter((r) => r.body === body)).toHaveLength(1);
  expect(rows).toHaveLength(35);
  expect(pages.errors).toEqual([]);
  expect(pages.cspErrors).toEqual([]);
});
