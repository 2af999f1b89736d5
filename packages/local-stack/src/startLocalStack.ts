/**
 * The whole product on one port of 127.0.0.1: the local contact center, the agent desktop
 * (`/`), the plugin manifest it loads (`/plugins.json`) with the plugin bundles
 * (`/plugins/<name>/…`), a customer's webchat page (`/webchat/`), a demo CRM for plugins to
 * talk to (`/demo-crm/interactions`), and, when asked, simulated customers. `npm start` runs
 * it; `switchboard-plugin start` runs it with the plugins under development.
 */
import { createReadStream, existsSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import {
  defaultContentSecurityPolicy,
  startContactCenter,
  type AuthOptions,
  type ClusterOptions,
  type ContactCenterServer,
} from '@switchboard/contact-center/server';
import { startSimulator, type Simulator } from '@switchboard/contact-center/simulator';
import { DemoCrm, type CrmInteraction } from './demoCrm';
import { packageRoot } from './options/packageRoot';
import { declaredOrigins, manifestOf, servePluginFile, type LocalPlugin } from './plugins';
import { sendJson } from './sendJson';

/** Options of {@link startLocalStack}. */
export interface LocalStackOptions {
  /** Default 4100; 0 picks a free port. */
  port?: number;
  /** Default `127.0.0.1`. */
  host?: string;
  /** Where the contact center keeps its SQLite database and token secret; `null`: in memory. */
  dataDir: string | null;
  /**
   * PostgreSQL instead of the data dir's SQLite file: a `postgres://` URL (the token secret and
   * `routing.json` stay in the data dir). See the contact-center README, "PostgreSQL".
   */
  database?: string;
  /** Run as one instance of a cluster (with `database`): see the contact-center README, "Several instances". */
  cluster?: ClusterOptions;
  /** Origins allowed besides this server's own (a load balancer's address in front of a cluster). */
  allowedOrigins?: string[];
  /** The agents who can sign in (default `alice`, `bob`). */
  agents?: string[];
  /** The supervisors who can sign in (default `sam`): they see the Teams view and may listen in. */
  supervisors?: string[];
  /**
   * The admins who can sign in (default `admin`): they may write to the plugin registry
   * (`switchboard-plugin deploy`, `release`, `rollback`).
   */
  admins?: string[];
  /** Simulated customers to start (default 0). */
  simulate?: number;
  /**
   * Simulated callers to start (default 0): each calls (signalling only, no audio), waits to be
   * answered (at most two minutes), talks 20–60 s, hangs up, and calls again after 10–30 s.
   */
  simulateCalls?: number;
  /** Agent-desktop plugins (the manifest lists them in this order). */
  plugins?: LocalPlugin[];
  /** WebChat plugin scripts, loaded by the webchat page before the widget starts. */
  webchatPlugins?: string[];
  /** The built agent desktop (default: `@switchboard/agent-desktop`'s `dist/app`). */
  desktopDir?: string;
  /**
   * The customer's page served under `/webchat/` (a built folder with its `index.html` and
   * `webchat.js`). Default: this package's plain customer page, with the widget of
   * `@switchboard/webchat`.
   */
  webchatDir?: string;
  /**
   * A phone page served under `/phone/` (a built folder with its `index.html`, e.g.
   * `examples/phone/dist`): registers a number and answers the calls agents place to it.
   */
  phoneDir?: string;
  /** More folders to serve, by URL prefix (`{ '/own/': dir }`). */
  pages?: Record<string, string>;
  /** More requests to answer (a dev server's event stream); return true when answered. */
  handler?: (req: IncomingMessage, res: ServerResponse) => boolean | Promise<boolean>;
  /**
   * A dev server's event stream, announced at `/__switchboard/dev.json` (the desktop follows it
   * to hot-reload plugins); without it, dev.json says there is none.
   */
  devEventsPath?: string;
  /** How long a reservation waits to be accepted (default 30,000 ms). */
  reservationTimeoutMs?: number;
  /**
   * Sign-in (the contact center's `auth`): by default the one-click development sign-in is on
   * (127.0.0.1 and SQLite) and off with PostgreSQL; `{ dev: false }` asks for passwords locally too.
   */
  auth?: AuthOptions;
  /** Where the stack's messages go (default: the console, info and up). */
  log?: (level: 'info' | 'warn' | 'error', message: string) => void;
}

/** A running local stack. */
export interface LocalStack {
  /** `http://127.0.0.1:PORT` */
  readonly url: string;
  /** The agent desktop's page. */
  readonly desktopUrl: string;
  /** The customer's webchat page. */
  readonly webchatUrl: string;
  /** The phone page, when `phoneDir` was given. */
  readonly phoneUrl: string | undefined;
  readonly contactCenter: ContactCenterServer;
  readonly simulator: Simulator | undefined;
  /** The manifest the desktop loads now. */
  manifest(): Promise<{ plugins: object[] }>;
  /** What plugins recorded in the demo CRM (`POST /demo-crm/interactions`), oldest first. */
  readonly crmInteractions: readonly CrmInteraction[];
  /** Stops the simulator and the contact center. */
  close(): Promise<void>;
}

/**
 * The built agent desktop: `dist/app` of `@switchboard/agent-desktop` (the installed one, or
 * the package in `packageDir`). Throws, saying how to build it, when it is not built.
 */
export function desktopDirOf(packageDir: string = packageRoot('@switchboard/agent-desktop')): string {
  const dir = path.join(packageDir, 'dist', 'app');
  if (!existsSync(path.join(dir, 'index.html'))) {
    throw new Error(
      `the agent desktop is not built (no ${dir}/index.html): run \`npm run build -w @switchboard/agent-desktop\``,
    );
  }
  return dir;
}

/** This package's customer page, and the widget script it loads. */
function defaultWebchat(): { dir: string; widget: string } {
  const dir = path.join(packageRoot('@switchboard/local-stack'), 'public', 'webchat');
  const widget = path.join(packageRoot('@switchboard/webchat'), 'dist', 'webchat.js');
  if (!existsSync(widget)) {
    throw new Error(`the webchat widget is not built (no ${widget}): run \`npm run build -w @switchboard/webchat\``);
  }
  return { dir, widget };
}

const sendScript = (res: ServerResponse, file: string) => {
  res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'no-store' });
  createReadStream(file).pipe(res);
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
  const desktopDir = options.desktopDir ?? desktopDirOf();
  if (!existsSync(path.join(desktopDir, 'index.html'))) {
    throw new Error(`startLocalStack: no agent desktop in ${desktopDir} (no index.html)`);
  }
  // The default customer page loads the widget from the webchat package; a given one brings its own.
  const webchat = options.webchatDir === undefined ? defaultWebchat() : { dir: options.webchatDir, widget: undefined };
  if (!existsSync(path.join(webchat.dir, 'index.html'))) {
    throw new Error(`startLocalStack: no webchat page in ${webchat.dir} (no index.html)`);
  }
  if (options.phoneDir !== undefined && !existsSync(path.join(options.phoneDir, 'index.html'))) {
    throw new Error(`startLocalStack: no phone page in ${options.phoneDir} (no index.html)`);
  }
  const crm = new DemoCrm();
  const manifest = () => manifestOf(plugins);

  /** The stack's own routes (`pathname` as requested: still percent-encoded). */
  const route = async (req: IncomingMessage, res: ServerResponse, pathname: string): Promise<boolean> => {
    if (pathname === '/demo-crm/interactions') return crm.handle(req, res);
    if (req.method !== 'GET' && req.method !== 'HEAD') return false;
    if (pathname === '/plugins.json') return (sendJson(res, 200, await manifest()), true);
    // Where the desktop learns whether a dev server streams plugin rebuilds (no: null).
    if (pathname === '/__switchboard/dev.json')
      return (sendJson(res, 200, { events: options.devEventsPath ?? null }), true);
    if (pathname === '/webchat') return (res.writeHead(301, { location: '/webchat/' }).end(), true);
    if (pathname === '/phone' && options.phoneDir !== undefined) {
      return (res.writeHead(301, { location: '/phone/' }).end(), true);
    }
    if (pathname === '/webchat/webchat.js' && webchat.widget) return (sendScript(res, webchat.widget), true);
    if (pathname === '/webchat/webchat-plugins.json') {
      return (
        sendJson(
          res,
          200,
          webchatPlugins.map((file, i) => `/webchat/plugins/${i}/${path.basename(file)}`),
        ),
        true
      );
    }
    const webchatPlugin = /^\/webchat\/plugins\/(\d+)\/[^/]+$/.exec(pathname);
    if (webchatPlugin) {
      const file = webchatPlugins[Number(webchatPlugin[1])];
      return file !== undefined && (sendScript(res, file), true);
    }
    return servePluginFile(plugins, pathname, res);
  };

  // The desktop page may connect to its own origin (and WebSocket), and to what the plugins it
  // loads declare: the folder plugins' origins and those of the live registry releases (all
  // and cohort: a page does not know its agent before sign-in). Other pages keep the default.
  const ownPrefixes = ['/webchat/', '/phone/', ...Object.keys(options.pages ?? {})];
  const folderOrigins = declaredOrigins(plugins);
  let registryOrigins: () => string[] = () => [];
  const contentSecurityPolicy = (req: IncomingMessage): string => {
    const pathname = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (ownPrefixes.some((p) => pathname.startsWith(p))) return defaultContentSecurityPolicy(req.headers.host);
    return defaultContentSecurityPolicy(req.headers.host, {
      connectSrc: [...new Set([...folderOrigins, ...registryOrigins()])],
    });
  };

  const contactCenter = await startContactCenter({
    dataDir: options.dataDir,
    ...(options.database === undefined ? {} : { database: options.database }),
    ...(options.cluster ? { cluster: options.cluster } : {}),
    ...(options.allowedOrigins ? { allowedOrigins: options.allowedOrigins } : {}),
    port: options.port ?? 4100,
    host: options.host ?? '127.0.0.1',
    agents: options.agents ?? ['alice', 'bob'],
    supervisors: options.supervisors ?? ['sam'],
    admins: options.admins ?? ['admin'],
    contentSecurityPolicy,
    ...(options.reservationTimeoutMs === undefined ? {} : { reservationTimeoutMs: options.reservationTimeoutMs }),
    ...(options.auth === undefined ? {} : { auth: withDesktopAtRoot(options.auth) }),
    // Most specific first: `/` would match everything.
    static: {
      ...options.pages,
      ...(options.phoneDir === undefined ? {} : { '/phone/': options.phoneDir }),
      '/webchat/': webchat.dir,
      '/': desktopDir,
    },
    handler: async (req, res) => {
      if (options.handler && (await options.handler(req, res))) return true;
      return route(req, res, new URL(req.url ?? '/', 'http://localhost').pathname);
    },
    logger: {
      debug: () => {},
      info: (message: string) => log('info', message),
      warn: (message: string) => log('warn', message),
      error: (message: string, ...details: unknown[]) =>
        log('error', [message, ...details.map((d) => (d as Error)?.message ?? String(d))].join(': ')),
    },
  });

  // A cluster instance that does not run the engine has no registry of its own (it forwards
  // the registry's API): its pages allow the folders' origins only.
  registryOrigins = () =>
    contactCenter.cluster && !contactCenter.cluster.isEngine ? [] : contactCenter.registry.liveOrigins();

  let simulator: Simulator | undefined;
  if (options.simulate || options.simulateCalls) {
    simulator = await startSimulator({
      serverUrl: contactCenter.url,
      customers: options.simulate ?? 0,
      callers: options.simulateCalls ?? 0,
      call: {
        talkMs: [20_000, 60_000],
        patienceMs: 120_000,
        callsEach: 1_000,
        gapMs: [10_000, 30_000],
        rampUpMs: 5_000,
      },
      onError: (error, customer) =>
        log('warn', `simulated customer ${customer}: ${(error as Error)?.message ?? error}`),
    });
  }

  return {
    url: contactCenter.url,
    desktopUrl: `${contactCenter.url}/`,
    webchatUrl: `${contactCenter.url}/webchat/`,
    phoneUrl: options.phoneDir === undefined ? undefined : `${contactCenter.url}/phone/`,
    contactCenter,
    simulator,
    manifest,
    crmInteractions: crm.interactions,
    async close() {
      await simulator?.stop();
      await contactCenter.close();
    },
  };
}

/** The stack serves the desktop at `/`: that is where an OpenID Connect sign-in lands (unless told otherwise). */
const withDesktopAtRoot = (auth: AuthOptions): AuthOptions =>
  auth.oidc ? { ...auth, oidc: { desktopUrl: '/', ...auth.oidc } } : auth;
