/**
 * Typing in the agent desktop, in headless Chromium (part of `npm run bench`; not a test).
 *
 * The desktop runs on the local stack with 20 plugins, each listening to
 * `beforeSetInputText`. An agent accepts a chat and types 300 characters into the message
 * input, one every 25 ms. Measured in the page, from each keystroke's `keydown`:
 *   - to React having committed the new text (the keystroke's own work: the handlers,
 *     SetInputText and its 20 listeners, the store, the render);
 *   - to the start of the frame that shows it (requestAnimationFrame's timestamp);
 *   - to that frame painted (requestAnimationFrame, then a task).
 * Target: painted p95 <= 16 ms. `--strict` exits 1 when it is missed.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startLocalStack, type LocalPlugin } from '@switchboard/local-stack';
import { launchChromium } from '../../../scripts/testing/browser';

const PLUGINS = 20;
const KEYSTROKES = 300;
const TARGET_P95_MS = 16;

interface Measures {
  __m: { work: number[]; painted: number[]; nextFrame: number; stale: number; waits: number[] };
}

const percentile = (xs: number[], p: number) => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
};

/** A plugin bundle that listens to beforeSetInputText and counts what it saw. */
const bundle = (name: string) => `(function () {
  var seen = (window.__seen = window.__seen || {});
  window.Switchboard.Plugins.init({
    name: ${JSON.stringify(name)},
    init: function (api) {
      api.actions.addListener('beforeSetInputText', function (payload) {
        seen[${JSON.stringify(name)}] = (seen[${JSON.stringify(name)}] || 0) + 1;
        if (typeof payload.body !== 'string') throw new Error('no body');
      });
    },
  });
})();
`;

async function main(): Promise<number> {
  const strict = process.argv.includes('--strict');
  const work = mkdtempSync(path.join(os.tmpdir(), 'sb-typing-'));
  const plugins: LocalPlugin[] = [];
  for (let i = 1; i <= PLUGINS; i++) {
    const name = `listener-${String(i).padStart(2, '0')}`;
    mkdirSafe(path.join(work, name));
    const file = path.join(work, name, `${name}.js`);
    writeFileSync(file, bundle(name));
    plugins.push({ name, version: '1.0.0', file });
  }
  const stack = await startLocalStack({
    port: 0,
    dataDir: null,
    plugins,
    log: (level, message) => level === 'error' && console.error(message),
  });
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    await page.goto(`${stack.desktopUrl}?agent=alice`);
    await page.waitForFunction(() => document.querySelector('.sb-agent-name')?.textContent === 'Alice');
    await page.waitForFunction(
      (n) => document.querySelectorAll('.sb-plugin-status tbody tr[data-state="Initialized"]').length === n,
      PLUGINS,
    );
    await page.selectOption('.sb-agent select', 'Available');
    await page.waitForFunction(
      () => (document.querySelector('.sb-agent select') as HTMLSelectElement)?.value === 'Available',
    );
    const res = await fetch(`${stack.url}/api/webchat/engagements`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ formData: { friendlyName: 'Ada', question: 'Typing test' } }),
    });
    if (res.status !== 201) throw new Error(`engagement: HTTP ${res.status}`);
    await page.click('.sb-accept');
    await page.waitForSelector('.sb-input:not([disabled])');
    await page.focus('.sb-input');
    await page.evaluate(() => {
      const input = document.querySelector<HTMLTextAreaElement>('.sb-input')!;
      const w = window as unknown as Measures;
      w.__m = { work: [], painted: [], nextFrame: 0, stale: 0, waits: [] };
      let pending: { t0: number; length: number; frameBefore: number } | undefined;
      let frames = 0;
      const countFrames = () => {
        frames++;
        requestAnimationFrame(countFrames);
      };
      requestAnimationFrame(countFrames);
      input.addEventListener('keydown', (e) => {
        pending = { t0: e.timeStamp, length: input.value.length + 1, frameBefore: frames };
      });
      // After React's own listener (at the root) handled the input event and committed.
      window.addEventListener('input', () => {
        const p = pending;
        if (!p) return;
        queueMicrotask(() =>
          queueMicrotask(() => {
            w.__m.work.push(performance.now() - p.t0);
            requestAnimationFrame((frameStart) =>
              setTimeout(() => {
                w.__m.painted.push(performance.now() - p.t0);
                w.__m.waits.push(frameStart - p.t0);
                if (frames - p.frameBefore <= 1) w.__m.nextFrame++;
                if (input.value.length < p.length) w.__m.stale++;
              }, 0),
            );
          }),
        );
      });
    });
    const text = 'The quick brown fox jumps over the lazy dog. '.repeat(8).slice(0, KEYSTROKES);
    await page.keyboard.type(text, { delay: 25 });
    await page.waitForTimeout(200);
    const result = await page.evaluate(() => {
      const w = window as unknown as Measures & { __seen: Record<string, number> };
      return { ...w.__m, seen: w.__seen, value: document.querySelector<HTMLTextAreaElement>('.sb-input')!.value };
    });
    const work95 = percentile(result.work, 95);
    const painted95 = percentile(result.painted, 95);
    const listenerCalls = Object.values(result.seen ?? {});
    const ok = painted95 <= TARGET_P95_MS;
    const ms = (n: number) => `${n.toFixed(1)} ms`;
    console.log(`Typing in the agent desktop, headless Chromium, ${PLUGINS} plugins listening to beforeSetInputText`);
    console.log(
      `  ${result.painted.length} keystrokes (typed ${KEYSTROKES}; the input holds ${result.value.length} characters; ${result.stale} painted before their text)`,
    );
    console.log(
      `  listener calls per plugin: ${Math.min(...listenerCalls)}–${Math.max(...listenerCalls)} (${listenerCalls.length} plugins)`,
    );
    console.log(
      `  keydown → React committed the text (the keystroke's work): p50 ${ms(percentile(result.work, 50))}, p95 ${ms(work95)}, max ${ms(Math.max(...result.work))}`,
    );
    console.log(
      `  keydown → painted input: p50 ${ms(percentile(result.painted, 50))}, p95 ${ms(painted95)}, max ${ms(Math.max(...result.painted))}; in the next frame: ${((result.nextFrame / result.painted.length) * 100).toFixed(0)}%`,
    );
    console.log(`    (frames come at 60 Hz: waiting for the next one adds 0–16.7 ms to any keystroke)`);
    console.log(
      `  keydown → start of the frame that paints it: p50 ${ms(percentile(result.waits, 50))}, p95 ${ms(percentile(result.waits, 95))}`,
    );
    console.log(`  target: painted p95 <= ${TARGET_P95_MS} ms: ${ok ? 'ok' : 'MISSED'}`);
    return strict && (!ok || result.value !== text) ? 1 : 0;
  } finally {
    await browser.close();
    await stack.close();
    rmSync(work, { recursive: true, force: true });
  }
}

function mkdirSafe(dir: string) {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
}

const watchdog = setTimeout(() => {
  console.error('typing.bench: gave up after 90 s');
  process.exit(2);
}, 90_000);
watchdog.unref();

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error('typing.bench failed:', error);
    process.exitCode = 2;
  },
);
