/**
 * Where the agent desktop finds its contact center, its plugins and its agent: its own
 * origin by default (the local contact center serves the page), overridable in the URL:
 * `?server=http://127.0.0.1:4100&agent=alice&manifest=/plugins.json`. `?releaseWait=60000` bounds how
 * long a new plugin release waits for the agent to finish a task. `?log=info` (or `debug`)
 * shows more of the host's and the plugins' log in the console (default: warnings and errors).
 */
const LOG_LEVELS = ['debug', 'info', 'warn', 'error', 'silent'] as const;
export type DesktopLogLevel = (typeof LOG_LEVELS)[number];

export interface DesktopConfig {
  serverUrl: string;
  manifestUrl: string;
  /** The agent to sign in as, when the URL names one. */
  agent: string | undefined;
  /** Where the local stack says whether a dev server (plugin hot reload) runs. */
  devInfoUrl: string | undefined;
  /** The host's log level. */
  logLevel: DesktopLogLevel;
  /** How long a new plugin release may wait for the agent to finish a task (`?releaseWait=` ms; default 10 minutes). */
  releaseMaxWaitMs: number | undefined;
}

export function readConfig(location: Location = window.location): DesktopConfig {
  const params = new URLSearchParams(location.search);
  const here = new URL('.', location.href);
  const wait = params.get('releaseWait');
  return {
    serverUrl: params.get('server') ?? location.origin,
    manifestUrl: new URL(params.get('manifest') ?? 'plugins.json', here).href,
    agent: params.get('agent') ?? sessionStorage.getItem('switchboard:agent') ?? undefined,
    devInfoUrl: params.get('dev') === '0' ? undefined : new URL('/__switchboard/dev.json', location.origin).href,
    logLevel: LOG_LEVELS.find((level) => level === params.get('log')) ?? 'warn',
    releaseMaxWaitMs: wait !== null && /^\d+$/.test(wait) ? Number(wait) : undefined,
  };
}
