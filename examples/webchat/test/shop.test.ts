/**
 * End to end in headless Chromium: the example shop page (this example, built by its
 * own build script), served BY the local contact center under /webchat/, embedding the
 * widget with one script and one call. A real agent (the agent client over `ws`) answers.
 * The customer works the widget with the keyboard; axe-core finds no serious or critical
 * violation in the form, chat and ended states; a reload resumes the chat; plugin scripts
 * listed in webchat-plugins.json run before the widget is created.
 */
import { execFile } from 'node:child_process';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { ContactCenterServer } from '@switchboard/contact-center/server';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startAgent, startLocalContactCenter, until, type TestAgent } from '../../../packages/webchat/test/helpers';
import { launchChromium, seriousViolations, settled } from '../../../scripts/testing/browser';

jest.setTimeout(45_000);

const ROOT = path.resolve(__dirname, '..', '..', '..');
const site = mkdtempSync(path.join(os.tmpdir(), 'sb-webchat-example-'));
let cc: ContactCenterServer;
let agent: TestAgent;
let browser: Browser;
let context: BrowserContext;
const pageErrors: string[] = [];
/** Console errors about the Content Security Policy the contact center serves the shop page with. */
const cspErrors: string[] = [];
const consoleErrors: string[] = [];

/**
 * `/csp/`: a page with a strict Content-Security-Policy (no inline script, no eval, styles
 * only with a nonce) that embeds the widget from /webchat/. Served by the contact center
 * itself: Chromium refuses a page that does not come from the loopback network the socket to
 * 127.0.0.1 (Local Network Access), which rules out Playwright's request interception.
 */
const CSP = "default-src 'self'; script-src 'self'; style-src 'nonce-sbwc123'; connect-src 'self'";
const servePageUnderCsp = (req: IncomingMessage, res: ServerResponse): boolean => {
  if (req.url === '/csp/page.js') {
    res.writeHead(200, { 'content-type': 'text/javascript' }).end(
      `window.__cspTest = true;
      SwitchboardWebChat.createWebChat({ serverUrl: location.origin, styleNonce: 'sbwc123', startOpen: true })
        .then(function (webchat) { return webchat.init(); });`,
    );
    return true;
  }
  if (req.url !== '/csp/') return false;
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': CSP }).end(
    `<!doctype html><html lang="en"><head><title>CSP</title></head><body><main><h1>Strict page</h1></main>
    <script src="/webchat/webchat.js"></script><script src="/csp/page.js"></script></body></html>`,
  );
  return true;
};

beforeAll(async () => {
  await settled([
    promisify(execFile)(process.execPath, [path.join(ROOT, 'examples/webchat/build.mjs'), '--outdir', site], {
      cwd: ROOT,
    }),
    startLocalContactCenter({ static: { '/webchat/': site }, handler: servePageUnderCsp }).then(async (server) => {
      cc = server;
      agent = await startAgent(server.url);
    }),
    launchChromium().then((b) => (browser = b)),
  ]);
});

afterAll(async () => {
  await browser?.close();
  agent?.stop();
  await cc?.close();
  rmSync(site, { recursive: true, force: true });
});

beforeEach(async () => {
  context = await browser.newContext();
});
afterEach(async () => {
  await context.close();
});

async function openShop(url = `${cc.url}/webchat/`): Promise<Page> {
  const page = await context.newPage();
  page.on('pageerror', (e) => pageErrors.push(e.message));
  page.on('console', (m) => {
    if (m.type() !== 'error') return;
    consoleErrors.push(m.text()); // a 404 (the favicon), a blocked resource, a script's console.error
    if (/Content Security Policy/i.test(m.text())) cspErrors.push(m.text());
  });
  const response = await page.goto(url);
  expect(response?.headers()['content-security-policy']).toContain("script-src 'self'");
  await page.locator('.sbwc-launcher').waitFor({ timeout: 10_000 });
  return page;
}

/** The transcript's texts, once every message sent is acknowledged (none still "Sending…"). */
const messages = async (page: Page) => {
  await page.waitForFunction(() => !document.querySelector('.sbwc-msg--sending'));
  return page.locator('.sbwc-msg').allTextContents();
};
const focused = (page: Page) =>
  page.evaluate(() => {
    const el = document.activeElement;
    return el
      ? `${el.tagName.toLowerCase()}${el.getAttribute('name') ? `[name=${el.getAttribute('name')}]` : ''}.${el.className}`
      : '';
  });

it('serves the example page from the contact center and chats, by keyboard, with no serious axe violation', async () => {
  const page = await openShop();
  expect(await page.title()).toBe('Northwind Outfitters — Gear for every trail');
  expect(await page.evaluate(() => typeof (window as { SwitchboardWebChat?: unknown }).SwitchboardWebChat)).toBe(
    'object',
  );

  // Open with the keyboard: the dialog shows the form, the name field has the focus.
  await page.focus('.sbwc-launcher');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('dialog', { name: 'Chat with us' }).isVisible()).resolves.toBe(true);
  expect(await focused(page)).toBe('input[name=name].sbwc-input');
  expect(await seriousViolations(page)).toEqual([]); // the form

  await page.keyboard.type('Ada');
  await page.keyboard.press('Tab');
  await page.keyboard.type('Where is my parcel?');
  await page.keyboard.press('Tab');
  expect(await focused(page)).toBe('button.sbwc-btn');
  await page.keyboard.press('Enter');
  await page.locator('.sbwc-composer textarea').waitFor();
  expect(await focused(page)).toBe('textarea.sbwc-input');
  await page.locator('.sbwc-msg').waitFor();
  expect(await messages(page)).toEqual(['You: Where is my parcel?']);

  // The agent accepts, types and replies.
  const engagement = await page.evaluate(() => {
    const key = Object.keys(localStorage).find((k) => k.startsWith('switchboard-webchat:'))!;
    return { key, ...JSON.parse(localStorage.getItem(key)!) } as { key: string; channelSid: string; taskSid: string };
  });
  expect(engagement.key).toBe(`switchboard-webchat:${cc.url}`);
  await until(() => agent.accepted.some((r) => r.taskSid === engagement.taskSid), 'agent accepted');
  agent.client.sendTyping(engagement.channelSid);
  await page.getByText('Alice is typing…').waitFor();
  await agent.client.sendMessage(engagement.channelSid, 'Hi Ada! Let me look that up.');
  await page.locator('.sbwc-msg--theirs').waitFor();
  expect(await messages(page)).toEqual(['You: Where is my parcel?', 'AliceHi Ada! Let me look that up.']);

  // Enter sends; Shift+Enter is a new line.
  await page.keyboard.type('Order');
  await page.keyboard.press('Shift+Enter');
  await page.keyboard.type('A-1001');
  await page.keyboard.press('Enter');
  await until(() => agent.bodies(engagement.channelSid).includes('Order\nA-1001'), 'agent got the message');
  await page.locator('.sbwc-msg').nth(2).waitFor();
  expect(await seriousViolations(page)).toEqual([]); // the chat

  // Escape minimizes (focus back on the launcher); the launcher opens it again.
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog', { name: 'Chat with us' }).isHidden()).resolves.toBe(true);
  expect(await focused(page)).toBe('button.sbwc-btn sbwc-launcher');
  await page.keyboard.press('Enter');
  expect(await focused(page)).toBe('textarea.sbwc-input');

  // The focus is visible (an outline, not the browser's default removed).
  const outline = await page.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle);
  expect(outline).toBe('solid');

  // A reload resumes the chat: the whole transcript, each message once.
  await page.reload();
  await page.locator('.sbwc-launcher').click();
  await page.locator('.sbwc-msg').nth(2).waitFor();
  expect(await messages(page)).toEqual([
    'You: Where is my parcel?',
    'AliceHi Ada! Let me look that up.',
    'You: Order\nA-1001',
  ]);

  // The agent completes the task: the chat has ended; a new one can start.
  await agent.client.completeTask(engagement.taskSid);
  await page.getByText('This chat has ended.').waitFor();
  expect(await page.locator('.sbwc-composer').isHidden()).toBe(true);
  expect(await seriousViolations(page)).toEqual([]); // ended
  await page.getByRole('button', { name: 'Start a new chat' }).click();
  await page.locator('input[name="name"]').waitFor();
  expect(await page.evaluate((key) => localStorage.getItem(key), engagement.key)).toBeNull();
  expect(pageErrors).toEqual([]);
  expect(cspErrors).toEqual([]);
  expect(consoleErrors).toEqual([]);
});

it('serves the shop page under its Content-Security-Policy, /webchat redirected to /webchat/', async () => {
  const page = await openShop(`${cc.url}/webchat`);
  expect(page.url()).toBe(`${cc.url}/webchat/`);
  // The page's script and stylesheet are files (no inline script would run): both applied.
  expect(await page.evaluate(() => getComputedStyle(document.body).fontFamily)).toContain('Georgia');
  await page.locator('.sbwc-launcher').click();
  await page.locator('input[name="name"]').fill('Csp');
  await page.locator('textarea[name="question"]').fill('Does the socket connect?');
  await page.getByRole('button', { name: 'Start chat' }).click();
  await page.locator('.sbwc-msg').waitFor();
  expect(await messages(page)).toEqual(['You: Does the socket connect?']);
  await page.getByRole('button', { name: 'End chat' }).click();
  await page.locator('input[name="name"]').waitFor();
  expect(pageErrors).toEqual([]);
  expect(cspErrors).toEqual([]);
});

it('loads the plugin scripts listed in webchat-plugins.json before the widget (a greeting plugin)', async () => {
  mkdirSync(path.join(site, 'plugins'), { recursive: true });
  writeFileSync(
    path.join(site, 'plugins', 'greeting.js'),
    `SwitchboardWebChat.plugins.register({
      name: 'greeting',
      init: function (webchat) {
        webchat.actions.on('afterStartEngagement', function () {
          return webchat.actions.invokeAction('SendMessage', {
            channelSid: webchat.getState().engagement.channelSid,
            body: 'Hello from the greeting plugin',
          });
        });
      },
    });`,
  );
  writeFileSync(path.join(site, 'webchat-plugins.json'), JSON.stringify(['plugins/greeting.js']));
  try {
    const page = await openShop();
    await page.locator('.sbwc-launcher').click();
    await page.locator('input[name="name"]').fill('Bob');
    await page.locator('textarea[name="question"]').fill('Do you ship abroad?');
    await page.getByRole('button', { name: 'Start chat' }).click();
    await page.locator('.sbwc-msg').nth(1).waitFor();
    expect(await messages(page)).toEqual(['You: Do you ship abroad?', 'You: Hello from the greeting plugin']);
    const { channelSid, taskSid } = await page.evaluate(
      () =>
        JSON.parse(Object.values(localStorage).find((v) => v.includes('channelSid'))!) as {
          channelSid: string;
          taskSid: string;
        },
    );
    await until(() => agent.accepted.some((r) => r.taskSid === taskSid), 'agent accepted');
    const history = await agent.client.getMessages(channelSid);
    expect(history.map((m) => m.body)).toEqual(['Do you ship abroad?', 'Hello from the greeting plugin']);
    await page.getByRole('button', { name: 'End chat' }).click();
    await page.locator('input[name="name"]').waitFor();
    expect(pageErrors).toEqual([]);
  } finally {
    writeFileSync(path.join(site, 'webchat-plugins.json'), '[]');
  }
});

it('runs under a strict Content-Security-Policy: no eval, a nonce for its stylesheet, no violation', async () => {
  await context.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { __violations: string[] }).__violations = seen;
    document.addEventListener('securitypolicyviolation', (e) => seen.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  const page = await context.newPage();
  await page.goto(`${cc.url}/csp/`);
  expect(await page.evaluate(() => (window as unknown as { __cspTest?: boolean }).__cspTest)).toBe(true);
  await page.locator('input[name="name"]').fill('Eve');
  await page.getByRole('button', { name: 'Start chat' }).click();
  await page.locator('.sbwc-composer textarea').fill('Hello under CSP');
  await page.keyboard.press('Enter');
  await page.locator('.sbwc-msg').waitFor();
  // The scoped stylesheet applied (its nonce let it in): the launcher is fixed at the bottom right.
  const position = await page.evaluate(() => getComputedStyle(document.querySelector('.sbwc-launcher')!).position);
  expect(position).toBe('fixed');
  expect(await page.evaluate(() => (window as unknown as { __violations: string[] }).__violations)).toEqual([]);
  await page.getByRole('button', { name: 'End chat' }).click();
  await page.locator('input[name="name"]').waitFor();
});
