import { HostError, type LoadFailureKind } from '../errors';
import type { ManifestEntry, PluginLoader } from './types';

const loadError = (entry: ManifestEntry, kind: LoadFailureKind, message: string, cause?: unknown) =>
  new HostError('PLUGIN_LOAD_FAILED', `plugin "${entry.name}": ${message}`, {
    owner: entry.name,
    kind,
    ...(cause === undefined ? {} : { cause }),
  });

const base64 = (buffer: ArrayBuffer): string => {
  let binary = '';
  for (const byte of new Uint8Array(buffer)) binary += String.fromCharCode(byte);
  return btoa(binary);
};

/** Does the server of `src` answer at all (an opaque, no-CORS request)? */
async function answers(src: string): Promise<boolean> {
  try {
    await fetch(src, { mode: 'no-cors', cache: 'no-store', credentials: 'omit' });
    return true;
  } catch {
    return false;
  }
}

/**
 * Why did a script element fail to load? The element only says "error"; a fetch of the same
 * URL tells an HTTP status, an integrity mismatch, or a network failure apart.
 */
async function diagnose(entry: ManifestEntry, pageOrigin: string | undefined): Promise<HostError> {
  let response: Response;
  try {
    response = await fetch(entry.src, { cache: 'no-store', credentials: 'omit' });
  } catch (e) {
    // A bundle on another origin is loaded with crossOrigin="anonymous" (SRI needs it), so
    // its server must allow this page's origin. When a CORS request fails but an opaque one
    // gets an answer, the server is there: the missing header is the reason.
    if (pageOrigin !== undefined && new URL(entry.src).origin !== pageOrigin && (await answers(entry.src))) {
      return loadError(
        entry,
        'network',
        `network error loading ${entry.src}: its server answered without an Access-Control-Allow-Origin header allowing ${pageOrigin}; a bundle on another origin needs one (the host loads bundles with crossOrigin="anonymous", for SRI)`,
        e,
      );
    }
    return loadError(entry, 'network', `network error loading ${entry.src} (${(e as Error).message})`, e);
  }
  if (!response.ok) {
    return loadError(entry, 'http', `GET ${entry.src} answered HTTP ${response.status} ${response.statusText}`.trim());
  }
  if (entry.integrity && globalThis.crypto?.subtle) {
    const body = await response.arrayBuffer();
    const expected = entry.integrity.split(/\s+/);
    const actual: string[] = [];
    for (const algorithm of new Set(expected.map((h) => h.slice(0, 6)))) {
      actual.push(`${algorithm}-${base64(await crypto.subtle.digest(algorithm.replace('sha', 'SHA-'), body))}`);
    }
    if (!expected.some((h) => actual.includes(h))) {
      return loadError(
        entry,
        'integrity',
        `integrity check failed for ${entry.src}: the manifest expects ${entry.integrity}, the bundle is ${actual.join(' ')}`,
      );
    }
  }
  return loadError(
    entry,
    'network',
    `the browser refused the script at ${entry.src} (HTTP ${response.status} to a fetch; check its CORS headers and Content-Type)`,
  );
}

/**
 * The browser loader: a `<script>` element with `integrity` and `crossOrigin="anonymous"`
 * (so a bundle on another origin needs `Access-Control-Allow-Origin`; without it the failure
 * says so). Resolves when the bundle has run; rejects
 * with a classified PLUGIN_LOAD_FAILED: `http`, `integrity`, `network`, or `evaluation`
 * (the bundle threw, or does not parse). Unloading removes the element.
 */
export function createScriptLoader(doc: Document = document): PluginLoader {
  const win = doc.defaultView ?? window;
  return (entry, signal) =>
    new Promise((resolve, reject) => {
      const script = doc.createElement('script');
      script.async = true;
      script.crossOrigin = 'anonymous';
      if (entry.integrity) script.integrity = entry.integrity;
      script.dataset.switchboardPlugin = entry.name;
      script.src = entry.src;

      let evaluation: unknown;
      const onError = (event: ErrorEvent) => {
        if (event.filename === script.src) evaluation ??= event.error ?? new Error(event.message);
      };
      const settle = (error?: unknown) => {
        win.removeEventListener('error', onError);
        signal.removeEventListener('abort', onAbort);
        if (error === undefined) return resolve({ dispose: () => script.remove() });
        script.remove();
        reject(error);
      };
      const onAbort = () => settle(signal.reason);

      win.addEventListener('error', onError);
      signal.addEventListener('abort', onAbort);
      script.addEventListener('load', () =>
        settle(
          evaluation === undefined
            ? undefined
            : loadError(
                entry,
                'evaluation',
                `its bundle threw while running: ${String((evaluation as Error)?.message ?? evaluation)}`,
                evaluation,
              ),
        ),
      );
      script.addEventListener('error', () => void diagnose(entry, win.location?.origin).then(settle));
      doc.head.appendChild(script);
    });
}
