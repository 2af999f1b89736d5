/**
 * Pages for the browser tests: each in its own context (its own storage, as separate people
 * on separate machines), with a 15 s default timeout, page errors and Content-Security-Policy
 * violations collected.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';

export interface Pages {
  /** Opens `url` in a new context. */
  open(url: string): Promise<Page>;
  /** Uncaught errors of every page opened, as `url: message`. */
  readonly errors: string[];
  /**
   * Console errors that mention the Content Security Policy (a blocked script, style or
   * connection), as `url: message`: the pages must run under the contact center's policy.
   */
  readonly cspErrors: string[];
  /**
   * Every console error, as `url: message` (a 404, a failed request, a script's
   * console.error): the product's pages log none in normal use.
   */
  readonly consoleErrors: string[];
  /** Closes every context opened. */
  close(): Promise<void>;
}

export function pagesOf(browser: () => Browser): Pages {
  const contexts: BrowserContext[] = [];
  const errors: string[] = [];
  const cspErrors: string[] = [];
  const consoleErrors: string[] = [];
  return {
    errors,
    cspErrors,
    consoleErrors,
    async open(url) {
      const context = await browser().newContext();
      context.setDefaultTimeout(15_000);
      contexts.push(context);
      const page = await context.newPage();
      page.on('pageerror', (e) => errors.push(`${url}: ${e.message}`));
      page.on('console', (m) => {
        if (m.type() !== 'error') return;
        consoleErrors.push(`${url}: ${m.text()}`);
        if (/Content Security Policy/i.test(m.text())) cspErrors.push(`${url}: ${m.text()}`);
      });
      await page.goto(url);
      return page;
    },
    async close() {
      for (const c of contexts.splice(0)) await c.close().catch(() => {});
    },
  };
}
