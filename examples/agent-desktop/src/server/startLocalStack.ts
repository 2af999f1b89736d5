/**
 * The whole product on one port of 127.0.0.1: the local contact center, the agent desktop
 * (`/`), the plugin manifest it loads (`/plugins.json`) with the plugin bundles
 * (`/plugins/<name>/…`), the customer's webchat page (`/webchat/`), a demo CRM for plugins to
 * talk to (`/demo-crm/interactions`), and, when asked, simulated customers. `npm start` runs
 * it; `switchboard-plugin start` runs it with the plugins under development.
 */
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, readdirSync, readFileSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { startContactCenter, type ContactCenterServer } from '@switchboard/contact-center/server';
import { startSimulator, type Simulator } from '@switchboard/contact-center/simulator';

/** A plugin bundle the desktop loads. */
export interface LocalPlugin {
  name: string;
  version: string;
  /** The bundle file (its directory is served too, for source maps). */
  file: string;
  /** Phase of the manifest entry (default 0). */
  phase?: number;
  /** Host versions it supports (default `*`). */
  hostVersion?: string;
  /** Leave the manifest's `integrity` out (a bundle rebuilt while it runs, under a dev server). */
  noIntegrity?: boolean;
}

/** Options of {@link startLocalStack}. */
export interface LocalStackOptions {
  /** Default 4100; 0 picks a free port. */
  port?: number;
  /** Default `127.0.0.1`. */
  host?: string;
  /** Where the contact center keeps its SQLite database and token secret; `null`: in memory. */
  dataDir: string | null;
  /** The agents who can sign in (default `alice`, `bob`). */
  agents?: string[];
  /** Simulated customers to start (default 0). */
  simulate?: number;
  /** Agent-desktop plugins (the manifest lists them in this order). */
  plugins?: LocalPlugin[];
  /** WebChat plugin scripts, loaded by the webchat page before the widget starts. */
  webchatPlugins?: string[];
  /** The built agent desktop (this package's `dist/app`: see `desktopDirOf`). */
  desktopDir: string;
  /** The built webchat page (`@switchboard/example-webchat`'s `dist`); without it, no webchat page. */
  webchatDir?: string;
  /** More requests to answer (a dev server's event stream); return true when answered. */
  handler?: (req: IncomingMessage, res: ServerResponse) => boolean | Promise<boolean>;
  /**
   * A dev server's event stream, announced at `/__switchboard/dev.json` (the desktop follows it
   * to hot-reload plugins); without it, dev.json says there is none.
   */
  devEventsPath?: string;
  /** How long a reservation waits to be accepted (default 30,000 ms). */
  reservationTimeoutMs?: number;
  /** Where the stack's messages go (default: the console, info and up). */
  log?: (level: 'info' | 'warn' | 'error', message: string) => void;
}

/** A running local stack. */
export interface LocalStack {
  /** `http://127.0.0.1:PORT` */
  readonly url: string;
  /** The agent desktop's page. */
  readonly desktopUrl: string;
  /** The customer's webchat page (undefined when no webchat page is available). */
  readonly webchatUrl: string | undefined;
  readonly contactCenter: ContactCenterServer;
  readonly simulator: Simulator | undefined;
  /** The manifest the desktop loads now. */
  manifest(): Promise<{ plugins: object[] }>;
  /** What plugins recorded in the demo CRM (`POST /demo-crm/interactions`), oldest first. */
  readonly crmInteractions: ReadonlyArray<{ id: string; receivedAt: number; interaction: unknown }>;
  /** Stops the simulator and the contact center. */
  close(): Promise<void>;
}

/**
 * The built agent desktop inside this package's folder (`packageDir`, where its package.json
 * is): `dist/app`. Throws, saying how to build it, when it is not built.
 */
export function desktopDirOf(packageDir: string): string {
  const dir = path.join(packageDir, 'dist', 'app');
  if (!existsSync(path.join(dir, 'index.html'))) {
    throw new Error(
      `the agent desktop is not built (no ${dir}/index.html): run \`npm run build -w @switchboard/agent-desktop\``,
    );
  }
  return dir;
}

/** The built plugins of a folder of plugin projects (see {@link pluginsIn}). */
export interface PluginsInFolder {
  /** Agent-desktop plugins, for {@link LocalStackOptions.plugins}. */
  desktop: LocalPlugin[];
  /** WebChat plugin scripts, for {@link LocalStackOptions.webchatPlugins}. */
  webchat: string[];
  /** Plugin projects without a built bundle (`dist/plugin.js`), by folder name. */
  unbuilt: string[];
}

/**
 * The plugin projects in `dir` (each a folder whose package.json has `switchboard.plugin`),
 * in folder-name order, with their built bundles: what `npm start` loads from `plugins/`.
 */
export function pluginsIn(dir: string): PluginsInFolder {
  const found: PluginsInFolder = { desktop: [], webchat: [], unbuilt: [] };
  if (!existsSync(dir)) return found;
  for (const name of readdirSync(dir).sort()) {
    const pkgFile = path.join(dir, name, 'package.json');
    if (!existsSync(pkgFile)) continue;
    const pkg = JSON.parse(readFileSync(pkgFile, 'utf8')) as {
      name: string;
      version: string;
      switchboard?: { plugin?: { target?: string; phase?: number } };
    };
    const plugin = pkg.switchboard?.plugin;
    if (!plugin) continue;
    const file = path.join(dir, name, 'dist', 'plugin.js');
    if (!existsSync(file)) found.unbuilt.push(name);
    else if (plugin.target === 'webchat') found.webchat.push(file);
    else found.desktop.push({ name: pkg.name, version: pkg.version, file, phase: plugin.phase ?? 0 });
  }
  return found;
}

const sri = (body: Buffer) => `sha384-${createHash('sha384').update(body).digest('base64')}`;

const sendJson = (res: ServerResponse, body: unknown) => {
  const text = JSON.stringify(body, null, 2);
  res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(text);
};

/**
 * Starts the local stack.
 *
 * @example
 * const stack = await startLocalStack({ dataDir: '.switchboard/data', simulate: 3 });
 * console.log(`Agent desktop: ${stack.desktopUrl}`);
 */
export async function startLocalStack(options: LocalStackOptions): Promise<LocalStack> {
  const log = options.log ?? ((level, message) => console[level](message));
  const plugins = options.plugins ?? [];
  for (const p of plugins) {
    if (!existsSync(p.file)) throw new Error(`startLocalStack: the bundle of plugin "${p.name}" is missing: ${p.file}`);
  }
  const webchatPlugins = options.webchatPlugins ?? [];
  const { desktopDir, webchatDir } = options;
  if (!existsSync(path.join(desktopDir, 'index.html'))) {
    throw new Error(`startLocalStack: no agent desktop in ${desktopDir} (no index.html)`);
  }

  /** The manifest, made on each request: the integrity is always the bundle's current one. */
  const manifest = async () => ({
    plugins: await Promise.all(
      plugins.map(async (p) => ({
        name: p.name,
        version: p.version,
        src: `/plugins/${encodeURIComponent(p.name)}/${path.basename(p.file)}`,
        hostVersion: p.hostVersion ?? '*',
        phase: p.phase ?? 0,
        ...(p.noIntegrity ? {} : { integrity: sri(await readFile(p.file)) }),
      })),
    ),
  });

  /** The demo CRM: `POST /demo-crm/interactions` (JSON) records, `GET` lists. */
  const crm: Array<{ id: string; receivedAt: number; interaction: unknown }> = [];
  const demoCrm = async (req: IncomingMessage, res: ServerResponse): Promise<boolean> => {
    if (req.method === 'GET') return (sendJson(res, crm), true);
    if (req.method !== 'POST') return false;
    let body = '';
    for await (const chunk of req) {
      body += chunk;
      if (body.length > 64 * 1024) return (res.writeHead(413).end(), true);
    }
    let interaction: unknown;
    try {
      interaction = JSON.parse(body);
    } catch {
      res.writeHead(400, { 'content-type': 'application/json' }).end('{"error":"the body is not JSON"}');
      return true;
    }
    const record = { id: `crm-${crm.length + 1}`, receivedAt: Date.now(), interaction };
    crm.push(record);
    res.writeHead(201, { 'content-type': 'application/json' }).end(JSON.stringify({ id: record.id }));
    return true;
  };

  /** `/plugins/<name>/<file>` from the plugin's own directory (bundle, source map). */
  const servePlugin = async (pathname: string, res: ServerResponse): Promise<boolean> => {
    const match = /^\/plugins\/([^/]+)\/([^/]+)$/.exec(pathname);
    const plugin = match && plugins.find((p) => p.name === decodeURIComponent(match[1]!));
    if (!plugin || !match) return false;
    const file = path.join(path.dirname(plugin.file), path.basename(decodeURIComponent(match[2]!)));
    const info = await stat(file).catch(() => undefined);
    if (!info?.isFile()) return false;
    res.writeHead(200, {
      'content-type': file.endsWith('.js') ? 'text/javascript; charset=utf-8' : 'application/json; charset=utf-8',
      'cache-control': 'no-store',
      'access-control-allow-origin': '*',
    });
    createReadStream(file).pipe(res);
    return true;
  };

  const contactCenter = await startContactCenter({
    dataDir: options.dataDir,
    port: options.port ?? 4100,
    host: options.host ?? '127.0.0.1',
    agents: options.agents ?? ['alice', 'bob'],
    ...(options.reservationTimeoutMs === undefined ? {} : { reservationTimeoutMs: options.reservationTimeoutMs }),
    // Most specific first: `/` would match everything.
    static: { ...(webchatDir ? { '/webchat/': webchatDir } : {}), '/': desktopDir },
    handler: async (req, res) => {
      if (options.handler && (await options.handler(req, res))) return true;
      const { pathname } = new URL(req.url ?? '/', 'http://localhost');
      if (pathname === '/demo-crm/interactions') return demoCrm(req, res);
      if (req.method !== 'GET' && req.method !== 'HEAD') return false;
      if (pathname === '/plugins.json') return (sendJson(res, await manifest()), true);
      // Where the desktop learns whether a dev server streams plugin rebuilds (no: null).
      if (pathname === '/__switchboard/dev.json')
        return (sendJson(res, { events: options.devEventsPath ?? null }), true);
      if (pathname === '/webchat') return (res.writeHead(301, { location: '/webchat/' }).end(), true);
      if (pathname === '/webchat/webchat-plugins.json') {
        return (
          sendJson(
            res,
            webchatPlugins.map((file, i) => `/webchat/plugins/${i}/${path.basename(file)}`),
          ),
          true
        );
      }
      const webchatPlugin = /^\/webchat\/plugins\/(\d+)\/[^/]+$/.exec(pathname);
      if (webchatPlugin) {
        const file = webchatPlugins[Number(webchatPlugin[1])];
        if (!file) return false;
        res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'no-store' });
        createReadStream(file).pipe(res);
        return true;
      }
      return servePlugin(pathname, res);
    },
    logger: {
      debug: () => {},
      info: (message: string) => log('info', message),
      warn: (message: string) => log('warn', message),
      error: (message: string, ...details: unknown[]) =>
        log('error', [message, ...details.map((d) => (d as Error)?.message ?? String(d))].join(': ')),
    },
  });

  let simulator: Simulator | undefined;
  if (options.simulate) {
    simulator = await startSimulator({
      serverUrl: contactCenter.url,
      customers: options.simulate,
      onError: (error, customer) =>
        log('warn', `simulated customer ${customer}: ${(error as Error)?.message ?? error}`),
    });
  }

  return {
    url: contactCenter.url,
    desktopUrl: `${contactCenter.url}/`,
    webchatUrl: webchatDir ? `${contactCenter.url}/webchat/` : undefined,
    contactCenter,
    simulator,
    manifest,
    crmInteractions: crm,
    async close() {
      await simulator?.stop();
      await contactCenter.close();
    },
  };
}
