/**
 * The tests' OpenID Connect side: a local provider (test/fixtures/oidcProvider.mjs, panva's
 * `oidc-provider`, in its own Node process on 127.0.0.1 and a free port) and a small browser
 * over `fetch` (a cookie jar, redirects followed by hand, the provider's login and consent
 * forms submitted) that drives a sign-in the way a person would.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { CookieJar } from 'tough-cookie';

export interface OidcProvider {
  issuer: string;
  clientId: string;
  clientSecret: string;
  stop(): Promise<void>;
}

const FIXTURE = path.join(__dirname, 'fixtures/oidcProvider.mjs');

/** Starts the provider (accounts `alice` and `mallory`, one client) and waits for its ready line. */
export async function startOidcProvider(): Promise<OidcProvider> {
  const clientId = 'switchboard';
  const clientSecret = 'switchboard-test-secret';
  const child = spawn(process.execPath, [FIXTURE], {
    env: { ...process.env, OIDC_CLIENT_ID: clientId, OIDC_CLIENT_SECRET: clientSecret },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  // The provider's warnings (development keys, Node version) are kept for a failure's message.
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += String(chunk)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const lines = createInterface({ input: child.stdout });
  const issuer = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the OIDC provider did not start within 15 s\n${stderr}`)), 15_000);
    lines.on('line', (line) => {
      // The provider's own notices are plain text; the ready line is JSON.
      if (!line.startsWith('{')) return void (stderr += `${line}\n`);
      const msg = JSON.parse(line) as { ready?: boolean; issuer: string };
      if (msg.ready) {
        clearTimeout(timer);
        resolve(msg.issuer);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the OIDC provider exited with ${code}\n${stderr}`));
    });
  });
  return {
    issuer,
    clientId,
    clientSecret,
    stop: async () => {
      child.stdin.end();
      await exited;
      lines.close();
    },
  };
}

/** An answer the browser stopped at. */
export interface Page {
  url: string;
  status: number;
  location: string | null;
  body: string;
}

/** A browser without JavaScript: cookies, redirects, forms. */
export class TestBrowser {
  readonly jar = new CookieJar();

  /** One request; cookies sent and stored, redirects not followed. */
  async request(url: string, init: { method?: string; form?: Record<string, string> } = {}): Promise<Page> {
    const cookie = await this.jar.getCookieString(url);
    const res = await fetch(url, {
      method: init.method ?? 'GET',
      redirect: 'manual',
      headers: {
        ...(cookie ? { cookie } : {}),
        ...(init.form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      },
      ...(init.form ? { body: new URLSearchParams(init.form).toString() } : {}),
    });
    for (const c of res.headers.getSetCookie()) await this.jar.setCookie(c, url);
    const location = res.headers.get('location');
    return { url, status: res.status, location: location && new URL(location, url).href, body: await res.text() };
  }

  /**
   * Follows redirects from `url`, signing in at the provider as `login` (its login and consent
   * forms), and stops at the first answer for which `stop` is true, or at a page with no form.
   */
  async signIn(url: string, login: string, stop: (page: Page) => boolean): Promise<Page> {
    let page = await this.request(url);
    for (let steps = 0; steps < 20; steps++) {
      if (stop(page)) return page;
      if (page.location) {
        page = await this.request(page.location);
        continue;
      }
      const form = parseForm(page.body);
      if (!form) return page;
      const fields = { ...form.hidden, login, password: 'any password' };
      page = await this.request(new URL(form.action, page.url).href, { method: 'POST', form: fields });
    }
    throw new Error(`no end to the redirects after 20 steps (at ${page.url})`);
  }
}

/** The provider's development forms: one `<form action method="post">` with hidden inputs. */
function parseForm(html: string): { action: string; hidden: Record<string, string> } | undefined {
  const action = /<form[^>]*\saction="([^"]+)"[^>]*method="post"/i.exec(html)?.[1];
  if (!action) return undefined;
  const hidden: Record<string, string> = {};
  for (const m of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"\/?>/g)) hidden[m[1]!] = m[2]!;
  return { action: action.replace(/&amp;/g, '&'), hidden };
}
