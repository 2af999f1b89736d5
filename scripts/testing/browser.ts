/**
 * Launches the system Chromium (the only browser here; nothing is ever downloaded) through
 * playwright-core, headless, with a fixed set of flags.
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

/** Debian's Chromium; `CHROMIUM_PATH` points elsewhere (another system, another install). */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

/** Exactly the flags every browser test and benchmark runs Chromium with. */
export const CHROMIUM_ARGS: readonly string[] = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Launches headless Chromium (bounded by `timeoutMs`). Close it with `browser.close()`. */
export async function launchChromium(timeoutMs = 20_000): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `Chromium is not at ${CHROMIUM_PATH}: install it (Debian: apt-get install chromium) or set CHROMIUM_PATH. The browser tests and benchmarks need it; .ci/run installs it.`,
    );
  }
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [...CHROMIUM_ARGS],
    timeout: timeoutMs,
  });
}

/**
 * Like `Promise.all`, but waits for every promise to settle before rejecting with the first
 * failure: set-up that fails half way leaves nothing running that teardown cannot see.
 */
export async function settled<T extends readonly unknown[]>(
  promises: [...{ [K in keyof T]: Promise<T[K]> }],
): Promise<T> {
  const results = await Promise.allSettled(promises);
  const failure = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failure) throw failure.reason;
  return results.map((r) => (r as PromiseFulfilledResult<unknown>).value) as unknown as T;
}
