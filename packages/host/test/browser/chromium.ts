/**
 * Launches the system Chromium (the only browser here; nothing is ever downloaded) through
 * playwright-core, headless, with a fixed set of flags.
 */
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM_PATH = '/usr/bin/chromium';

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
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [...CHROMIUM_ARGS],
    timeout: timeoutMs,
  });
}
