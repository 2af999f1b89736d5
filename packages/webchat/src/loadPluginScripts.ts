/** How one plugin script fared. */
export interface PluginScriptResult {
  /** The absolute URL. */
  src: string;
  loaded: boolean;
  /** Why it did not load. */
  error?: string;
}

/** Options of {@link loadPluginScripts}. */
export interface LoadPluginScriptsOptions {
  /** Default: the page's. */
  document?: Document;
  /** Default `globalThis.fetch` (for the list). */
  fetch?: (input: string, init?: RequestInit) => Promise<Response>;
}

const warn = (message: string, error?: unknown) => console.warn(`[webchat] ${message}`, error ?? '');

/** The script URLs a list file names; a missing list is an empty one. */
async function readList(url: string, fetchFn: NonNullable<LoadPluginScriptsOptions['fetch']>): Promise<string[]> {
  let response: Response;
  try {
    response = await fetchFn(url, { cache: 'no-cache', credentials: 'same-origin' });
  } catch (error) {
    warn(`could not fetch the plugin list ${url}; no plugins loaded:`, error);
    return [];
  }
  if (response.status === 404) return [];
  if (!response.ok) {
    warn(`the plugin list ${url} answered HTTP ${response.status}; no plugins loaded`);
    return [];
  }
  const list: unknown = await response.json().catch(() => undefined);
  if (!Array.isArray(list) || !list.every((s) => typeof s === 'string')) {
    warn(`the plugin list ${url} is not a JSON array of script URLs; no plugins loaded`);
    return [];
  }
  return list;
}

/**
 * Loads WebChat plugin scripts before `createWebChat`, so the plugins they register are
 * initialized with the widget. `source` is the URL of a JSON array of script URLs (relative
 * ones are resolved against it; a missing file means no plugins) or the array itself. The
 * scripts download in parallel and run in order; one that fails is logged and skipped.
 *
 * @example
 * await SwitchboardWebChat.loadPluginScripts('webchat-plugins.json');
 * const webchat = await SwitchboardWebChat.createWebChat({ serverUrl: location.origin });
 */
export async function loadPluginScripts(
  source: string | readonly string[],
  options: LoadPluginScriptsOptions = {},
): Promise<PluginScriptResult[]> {
  const doc = options.document ?? globalThis.document;
  const base = typeof source === 'string' ? new URL(source, doc.baseURI).href : doc.baseURI;
  const list =
    typeof source === 'string'
      ? await readList(base, options.fetch ?? ((input, init) => globalThis.fetch(input, init)))
      : [...source];
  return Promise.all(
    list.map((entry) => {
      const src = new URL(entry, base).href;
      return new Promise<PluginScriptResult>((resolve) => {
        const script = doc.createElement('script');
        script.src = src;
        // Dynamically inserted scripts run as soon as they arrive unless async is off: keep the list's order.
        script.async = false;
        script.addEventListener('load', () => resolve({ src, loaded: true }));
        script.addEventListener('error', () => {
          warn(`the plugin script ${src} failed to load; the widget runs without it`);
          resolve({ src, loaded: false, error: `failed to load ${src}` });
        });
        doc.head.append(script);
      });
    }),
  );
}
