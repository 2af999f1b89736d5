/**
 * The one-script build: dist/webchat.js as the page gets it (built in memory with the
 * package's own esbuild options), run in a jsdom window. It sets `SwitchboardWebChat`, whose
 * `Actions` exist before `createWebChat` and belong to the first webchat; plugin scripts
 * register before the widget is created; nothing in it evaluates strings; it stays small.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { JSDOM } from 'jsdom';
import type { SwitchboardWebChatGlobal } from './installGlobal';
import { FakeClient, flush } from './test-utils';
import type { WebChatPlugin } from './types';
import { VERSION } from './version';

const { buildIife } = require('../scripts/iife.cjs') as {
  buildIife(options: { write: false }): Promise<{ js: string; map: string }>;
};

jest.setTimeout(20_000);

let js: string;
let map: string;
beforeAll(async () => ({ js, map } = await buildIife({ write: false })));

type PageWindow = JSDOM['window'] & { SwitchboardWebChat?: unknown; __seen?: unknown[] };
const doms: JSDOM[] = [];
afterEach(() => {
  for (const dom of doms.splice(0)) dom.window.close();
});

/** A page that ran `prelude` (a page's own script), then the widget's script. */
function page(prelude?: (window: PageWindow) => void): { window: PageWindow; global: SwitchboardWebChatGlobal } {
  const dom = new JSDOM('<!doctype html><html lang="en"><head></head><body><h1>Shop</h1></body></html>', {
    url: 'http://shop.test/',
    runScripts: 'outside-only',
  });
  doms.push(dom);
  const window = dom.window as PageWindow;
  prelude?.(window);
  window.eval(js);
  return { window, global: window.SwitchboardWebChat as SwitchboardWebChatGlobal };
}

const config = (client = new FakeClient()) => ({ serverUrl: 'http://cc.test', client, storage: null });

it('sets window.SwitchboardWebChat with createWebChat, Actions, plugins and the version', () => {
  const { global } = page();
  expect(Object.keys(global).sort()).toEqual(
    ['Actions', 'WebChatError', 'createWebChat', 'loadPluginScripts', 'plugins', 'version'].sort(),
  );
  expect(global.version).toBe(VERSION);
  expect(typeof global.Actions.invokeAction).toBe('function');
  expect(typeof global.plugins.register).toBe('function');
});

it('VERSION is the package version', () => {
  const pkg = JSON.parse(readFileSync(path.join(__dirname, '..', 'package.json'), 'utf8')) as { version: string };
  expect(VERSION).toBe(pkg.version);
});

it('the first webchat uses SwitchboardWebChat.Actions, so listeners added before createWebChat run', async () => {
  const { window, global } = page();
  const seen: unknown[] = [];
  global.Actions.on('afterStartEngagement', (payload) => void seen.push(payload.formData));
  const webchat = await global.createWebChat(config());
  expect(webchat.actions).toBe(global.Actions);
  await webchat.init();
  expect(window.document.querySelector('.sbwc-launcher')!.textContent).toBe('Chat with us');
  await global.Actions.invokeAction('StartEngagement', { formData: { name: 'Ada', question: 'Hi' } });
  expect(seen).toEqual([{ name: 'Ada', question: 'Hi' }]);

  const second = await global.createWebChat(config());
  expect(second.actions).not.toBe(global.Actions);
  second.destroy();
  webchat.destroy();
  const third = await global.createWebChat(config()); // the shared instance is free again
  expect(third.actions).toBe(global.Actions);
  third.destroy();
});

it('initializes plugins registered by scripts that ran before createWebChat, or queued before the widget', async () => {
  const queued: WebChatPlugin = { name: 'queued', init: () => {} };
  const { global } = page((window) => (window.SwitchboardWebChat = { plugins: [queued] }));
  global.plugins.register({
    name: 'greeting',
    init(webchat) {
      webchat.actions.on('afterStartEngagement', () =>
        webchat.actions.invokeAction('SendMessage', {
          channelSid: webchat.getState().engagement!.channelSid,
          body: 'Hello!',
        }),
      );
    },
  });
  const webchat = await global.createWebChat(config());
  expect(webchat.plugins).toEqual([
    { name: 'queued', state: 'initialized' },
    { name: 'greeting', state: 'initialized' },
  ]);
  await webchat.actions.invokeAction('StartEngagement', { formData: { name: 'Ada' } });
  await flush(10);
  expect(webchat.getState().messages.map((m) => m.body)).toEqual(['Hello!']);
  webchat.destroy();
});

it('a second copy of the script keeps the first global', () => {
  const { window, global } = page();
  window.eval(js);
  expect(window.SwitchboardWebChat).toBe(global);
});

it('evaluates no strings (CSP-safe) and stays small', () => {
  expect(js).not.toMatch(/\beval\(|new Function\b|\bFunction\(/);
  expect(JSON.parse(map).sources.some((s: string) => s.endsWith('../src/global.ts'))).toBe(true);
  expect(gzipSync(Buffer.from(js), { level: 9 }).length).toBeLessThan(80 * 1024);
});
