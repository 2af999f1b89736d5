/**
 * `switchboard-plugin start`: the agent desktop, the local contact center and the simulator
 * on one port, with the plugins under development. Each plugin is rebuilt by webpack as its
 * files change, and every open desktop reloads just that plugin, in place: the dev server
 * sends `plugin-rebuilt` on its event stream, and the desktop calls
 * `host.plugins.reload(name, { src, integrity })`.
 */
import type { LocalPlugin, LocalStack } from '@switchboard/local-stack';
import { existsSync, mkdtempSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { DevEventStream } from './DevEventStream';
import { PluginScriptsError } from './PluginScriptsError';
import { PluginWatcher, type DevBuild } from './PluginWatcher';
import { DEFAULT_ENTRIES, readPlugin, type PluginProject } from './readPlugin';

/** Options of {@link startPlugins}. */
export interface StartOptions {
  /** The current folder: its plugin is started when it is one (default `process.cwd()`). */
  cwd?: string;
  /** More plugin folders (relative to `cwd`). */
  plugins?: string[];
  /** Port on 127.0.0.1 (default 4200; 0 picks a free one). */
  port?: number;
  /** Where the contact center keeps its data (default `<cwd>/.switchboard/data`); `null`: in memory. */
  dataDir?: string | null;
  /** Agents who can sign in (default `alice`, `bob`). */
  agents?: string[];
  /** Supervisors who can sign in (default `sam`). */
  supervisors?: string[];
  /** Simulated customers who start chats (default 2). */
  simulate?: number;
  /** Simulated callers, signalling only (default 0). */
  simulateCalls?: number;
  /** PostgreSQL instead of the data dir's SQLite file (`--database`, `SWITCHBOARD_DATABASE_URL`). */
  database?: string;
  /** Where progress goes (default: the console). */
  log?: (message: string, level: 'info' | 'warn' | 'error') => void;
  /**
   * Whether a rebuilt plugin keeps the state of its store namespaces when the desktops reload
   * it (default true: the author keeps the task they were testing). A plugin opts out itself
   * with `definePlugin({ hotReload: { keepState: false } })`.
   */
  keepState?: boolean;
}

/** A plugin served by {@link startPlugins}. */
export interface DevPlugin {
  readonly name: string;
  readonly dir: string;
  readonly target: PluginProject['target'];
  /** The bundle being served (rebuilt as the sources change). */
  readonly file: string;
}

/** The running dev server. */
export interface DevServer {
  /** `http://127.0.0.1:PORT` */
  readonly url: string;
  /** The agent desktop, signed in as the first agent. */
  readonly desktopUrl: string;
  /** The customer's webchat page (with the webchat plugins under development). */
  readonly webchatUrl: string;
  readonly plugins: readonly DevPlugin[];
  /** How many agent desktops follow the hot-reload stream now. */
  readonly desktops: number;
  /** Stops the watchers, the simulator and the contact center. */
  close(): Promise<void>;
}

const HOST = '127.0.0.1';
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** Whether `dir` looks like a plugin project (so `start` in it serves it). */
function isPluginDir(dir: string): boolean {
  const pkg = path.join(dir, 'package.json');
  if (!existsSync(pkg)) return false;
  if (DEFAULT_ENTRIES.some((e) => existsSync(path.join(dir, e)))) return true;
  try {
    return (
      (JSON.parse(readFileSync(pkg, 'utf8')) as { switchboard?: { plugin?: unknown } }).switchboard?.plugin !==
      undefined
    );
  } catch {
    return true; // readPlugin says what is wrong with it
  }
}

/** The plugins to start: the current folder's (when it is one), then each `--plugin`. */
function collectPlugins(cwd: string, dirs: readonly string[]): PluginProject[] {
  const wanted = [...(isPluginDir(cwd) ? [cwd] : []), ...dirs.map((d) => path.resolve(cwd, d))];
  if (!wanted.length) {
    throw new PluginScriptsError(
      'NO_PACKAGE_JSON',
      `no plugin to start: ${cwd} is not a plugin's folder; run start in one, or pass --plugin <dir>`,
    );
  }
  const seen = new Set<string>();
  const plugins: PluginProject[] = [];
  for (const dir of wanted) {
    const real = existsSync(dir) ? realpathSync(dir) : dir;
    if (seen.has(real)) continue;
    seen.add(real);
    const plugin = readPlugin(dir);
    const twin = plugins.find((p) => p.name === plugin.name);
    if (twin) {
      throw new PluginScriptsError(
        'DUPLICATE_PLUGIN',
        `two plugins are named "${plugin.name}" (${twin.dir} and ${plugin.dir}): plugin names must be unique`,
      );
    }
    plugins.push(plugin);
  }
  return plugins;
}

/** The local stack, loaded when a dev server starts (the other commands never need it). */
async function localStack(): Promise<typeof import('@switchboard/local-stack')> {
  const stack = await import('@switchboard/local-stack');
  try {
    stack.desktopDirOf(); // before minutes of building: is the agent desktop there?
  } catch (error) {
    throw new PluginScriptsError('DESKTOP_NOT_AVAILABLE', (error as Error).message);
  }
  return stack;
}

const portInUse = (port: number) =>
  new PluginScriptsError(
    'PORT_IN_USE',
    `Port ${port} on ${HOST} is in use: stop what uses it, or pass --port <another>.`,
  );

/** Fails fast, before minutes of building, when the port is taken. */
async function checkPort(port: number): Promise<void> {
  if (port === 0) return;
  await new Promise<void>((resolve, reject) => {
    const probe = createServer();
    probe.once('error', (error: NodeJS.ErrnoException) =>
      reject(error.code === 'EADDRINUSE' ? portInUse(port) : error),
    );
    probe.listen(port, HOST, () => probe.close(() => resolve()));
  });
}

/** The URL the desktop reloads a plugin from: a new `?v=` per bundle, past every cache. */
const bundleUrl = (name: string, hash: string) => `/plugins/${encodeURIComponent(name)}/plugin.js?v=${hash}`;

/**
 * Builds the plugins in watch mode and serves them in the agent desktop on the local
 * contact center; rebuilt plugins are reloaded in place in every open desktop.
 *
 * @throws {PluginScriptsError} `NO_PACKAGE_JSON`, `INVALID_PLUGIN_CONFIG`, `ENTRY_NOT_FOUND`,
 *   `WEBPACK_CONFIG_FAILED`, `DUPLICATE_PLUGIN`, `DESKTOP_NOT_AVAILABLE` or `PORT_IN_USE`
 * @example
 * const server = await startPlugins({ plugins: ['../crm-card'], simulate: 0 });
 * console.log(`Agent desktop: ${server.desktopUrl}`);
 * // … later
 * await server.close();
 */
export async function startPlugins(options: StartOptions = {}): Promise<DevServer> {
  const log = options.log ?? ((message, level) => console[level](message));
  const cwd = path.resolve(options.cwd ?? process.cwd());
  const port = options.port ?? 4200;
  const agents = options.agents ?? ['alice', 'bob'];
  const projects = collectPlugins(cwd, options.plugins ?? []);
  const { startLocalStack } = await localStack();
  await checkPort(port);

  const events = new DevEventStream();
  const devDir = mkdtempSync(path.join(os.tmpdir(), 'switchboard-dev-'));
  const watchers: PluginWatcher[] = [];
  let stack: LocalStack | undefined;
  const cleanUp = async () => {
    events.close();
    await Promise.allSettled(watchers.map((w) => w.close()));
    await stack?.close();
    rmSync(devDir, { recursive: true, force: true });
  };

  const onBuild = (build: DevBuild) => {
    const { plugin } = build;
    const took = `${Math.round(build.durationMs)} ms`;
    if (build.kind === 'failed') {
      const more = build.errors.length > 1 ? ` (and ${build.errors.length - 1} more)` : '';
      const kept = build.first ? 'it fails to load until you fix it' : 'the last good build is still served';
      log(`${plugin.name}: build failed: ${build.errors[0] ?? 'unknown error'}${more} (${kept})`, 'error');
    } else if (build.first) {
      log(`Built ${plugin.name} in ${took}`, 'info');
    } else if (build.kind === 'unchanged') {
      log(`Rebuilt ${plugin.name} in ${took}: no change`, 'info');
    } else if (plugin.target === 'webchat') {
      log(`Rebuilt ${plugin.name} in ${took}: reload the webchat page to use it`, 'info');
    } else {
      const reloaded = events.send('plugin-rebuilt', {
        name: plugin.name,
        src: bundleUrl(plugin.name, build.hash!),
        integrity: build.integrity,
        keepState: options.keepState ?? true,
      });
      log(`Rebuilt ${plugin.name} in ${took}: reloaded in ${plural(reloaded, 'desktop')}`, 'info');
    }
  };

  try {
    // One after the other: two cold webpack compilers at once only fight over 2 cores.
    for (const [i, plugin] of projects.entries()) {
      const outDir = path.join(devDir, `${i}-${plugin.name.replace(/[^a-z0-9._-]/g, '_')}`);
      watchers.push(await PluginWatcher.start(plugin, outDir, onBuild, (m) => log(m, 'warn')));
    }
    const desktop: LocalPlugin[] = watchers
      .filter((w) => w.plugin.target === 'desktop')
      .map((w) => ({
        name: w.plugin.name,
        version: w.plugin.version,
        file: w.file,
        phase: w.plugin.phase,
        hostVersion: w.plugin.hostVersion,
        // The declaration is read at start: the desktop holds the plugin to it, as in production.
        ...(w.plugin.permissions ? { permissions: w.plugin.permissions } : {}),
        // The bundle changes under the page: reloads carry their own integrity.
        noIntegrity: true,
      }));
    try {
      stack = await startLocalStack({
        port,
        host: HOST,
        dataDir: options.dataDir === undefined ? path.join(cwd, '.switchboard', 'data') : options.dataDir,
        agents,
        supervisors: options.supervisors ?? ['sam'],
        simulate: options.simulate ?? 2,
        simulateCalls: options.simulateCalls ?? 0,
        ...(options.database === undefined ? {} : { database: options.database }),
        plugins: desktop,
        webchatPlugins: watchers.filter((w) => w.plugin.target === 'webchat').map((w) => w.file),
        handler: events.handle,
        devEventsPath: events.path,
        log: (level, message) => {
          if (level !== 'info') log(message, level);
        },
      });
    } catch (error) {
      if ((error as NodeJS.ErrnoException)?.code === 'EADDRINUSE') throw portInUse(port);
      throw error;
    }
  } catch (error) {
    await cleanUp();
    throw error;
  }

  const running = stack;
  let closing: Promise<void> | undefined;
  return {
    url: running.url,
    // log=info: the plugins' api.log.info shows in the browser's console while developing.
    desktopUrl: `${running.url}/?agent=${encodeURIComponent(agents[0] ?? 'alice')}&log=info`,
    webchatUrl: running.webchatUrl,
    plugins: watchers.map((w) => ({ name: w.plugin.name, dir: w.plugin.dir, target: w.plugin.target, file: w.file })),
    get desktops() {
      return events.listeners;
    },
    close: () => (closing ??= cleanUp()),
  };
}
