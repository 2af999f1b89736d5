/**
 * The agent desktop: signs the agent in to the contact center, creates the host on it,
 * renders the shell and loads the plugins of the manifest served beside the page.
 */
import { isSwitchboardError } from '@switchboard/actions';
import {
  createAgentClient,
  createCallMedia,
  createRegistryClient,
  exchangeOidcCode,
  readOidcCode,
} from '@switchboard/contact-center';
import { createHost, HostProvider } from '@switchboard/host';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { readConfig } from './config';
import { Desktop } from './Desktop';
import { liveMonitorMedia } from './MonitorAudio';
import { watchIncomingTasks } from './alerts';
import { liveCallMedia } from './followCallMedia';
import { SignIn, type SignedIn } from './SignIn';

const config = readConfig();
const root = createRoot(document.getElementById('root')!);
/** A password sign-in's tokens, kept for this tab (a reload continues the session). */
const SESSION_KEY = 'switchboard:session';

function signIn(identity: string): void {
  sessionStorage.setItem('switchboard:agent', identity);
  const url = new URL(location.href);
  url.searchParams.set('agent', identity);
  location.assign(url.href);
}

function signedIn(session: SignedIn): void {
  sessionStorage.removeItem('switchboard:agent');
  sessionStorage.setItem(SESSION_KEY, JSON.stringify(session));
  void start(session);
}

function storedSession(): SignedIn | undefined {
  try {
    const s = JSON.parse(sessionStorage.getItem(SESSION_KEY) ?? 'null') as SignedIn | null;
    return s && typeof s.token === 'string' && typeof s.refreshToken === 'string' ? s : undefined;
  } catch {
    return undefined;
  }
}

/** Back to the sign-in page (the session is over). */
function resetPage(): void {
  sessionStorage.removeItem('switchboard:agent');
  sessionStorage.removeItem(SESSION_KEY);
  const url = new URL(location.href);
  url.searchParams.delete('agent');
  location.assign(url.href);
}

/** Starts as `who`: an identity (one-click development sign-in) or a password sign-in's tokens. */
async function start(who: string | SignedIn): Promise<void> {
  // Fetched while the connection opens (an on-demand chunk: see build.mjs).
  const releaseLoader = import(/* webpackChunkName: "releases" */ './releaseLoader');
  const contactCenter = createAgentClient(
    typeof who === 'string'
      ? { serverUrl: config.serverUrl, identity: who }
      : {
          serverUrl: config.serverUrl,
          token: who.token,
          refreshToken: who.refreshToken,
          expiresAt: who.expiresAt,
          onTokens: (tokens) =>
            sessionStorage.setItem(SESSION_KEY, JSON.stringify({ ...tokens, identity: who.identity })),
        },
  );
  let signingOut = false;
  const host = createHost({
    contactCenter,
    logLevel: config.logLevel,
    // Sign out (the Logout action, after going Offline) revokes the session and resets the
    // page (as in Flex): back to the sign-in screen.
    onLogout: () => {
      signingOut = true;
      void contactCenter
        .signOut()
        .catch((e: unknown) => host.log.warn('signing out failed', e))
        .finally(resetPage);
    },
  });
  (window as { __switchboard?: unknown }).__switchboard = host; // for tests and the curious
  // A supervisor's monitored call's media, by call sid (E2E tests read its stats()).
  (window as { __switchboardMonitor?: unknown }).__switchboardMonitor = liveMonitorMedia;
  // The media of the calls in progress, by call sid (`stats()`: audio figures), for the same.
  (window as { __switchboardCalls?: unknown }).__switchboardCalls = liveCallMedia;
  root.render(
    <StrictMode>
      <HostProvider host={host}>
        <Desktop createCallMedia={createCallMedia} />
      </HostProvider>
    </StrictMode>,
  );
  watchIncomingTasks(host);
  // Closed for good after it was connected, without a sign-out here: the session ended
  // elsewhere (signed out on another tab or by an admin, or its refresh token expired). The
  // check waits a turn: the Logout action closes the client before it calls onLogout.
  let connected = false;
  contactCenter.on('connectionStateChanged', (state) => {
    if (state === 'connected') connected = true;
    if (state !== 'closed' || !connected) return;
    setTimeout(() => {
      if (signingOut) return;
      sessionStorage.removeItem('switchboard:agent');
      sessionStorage.removeItem(SESSION_KEY);
      root.render(
        <SignIn
          serverUrl={config.serverUrl}
          problem={host.strings.get('SignInSessionEnded')}
          onSignIn={signIn}
          onSignedIn={signedIn}
          strings={host.strings}
        />,
      );
    }, 0);
  });
  try {
    await contactCenter.connect();
  } catch (error) {
    if (
      isSwitchboardError(error, 'CC_NOT_FOUND') ||
      isSwitchboardError(error, 'CC_UNAUTHORIZED') ||
      isSwitchboardError(error, 'CC_FORBIDDEN')
    ) {
      sessionStorage.removeItem('switchboard:agent');
      sessionStorage.removeItem(SESSION_KEY);
      root.render(
        <SignIn
          serverUrl={config.serverUrl}
          problem={(error as Error).message}
          onSignIn={signIn}
          onSignedIn={signedIn}
          strings={host.strings}
        />,
      );
      return;
    }
    host.log.error('could not connect to the contact center', error);
  }
  // The folder plugins (plugins.json) and the registry's release for this agent, as one
  // manifest; a new release is applied in place between tasks, and the plugins' health reported.
  const { followReleases, readFolderManifest } = await releaseLoader;
  const registry = () => createRegistryClient({ serverUrl: config.serverUrl, token: contactCenter.token ?? '' });
  const releases = followReleases({
    host,
    serverUrl: config.serverUrl,
    // With the agent's current token (it changes when the client logs in again).
    registry: {
      active: () => registry().active(),
      reportHealth: (report) => registry().reportHealth(report),
    },
    folder: readFolderManifest(config.manifestUrl),
    onReleaseChanged: (listener) => contactCenter.on('releaseChanged', listener),
    ...(config.releaseMaxWaitMs === undefined ? {} : { maxWaitMs: config.releaseMaxWaitMs }),
  });
  (window as { __switchboardReleases?: unknown }).__switchboardReleases = releases; // for tests
  await releases.started.catch(() => undefined); // logged by followReleases
  // Hot reload under `switchboard-plugin start` only: its code is a chunk loaded then.
  if (config.devInfoUrl)
    void import(/* webpackChunkName: "dev-reload" */ './devReload').then(({ followDevServer }) =>
      followDevServer(host, config),
    );
}

/**
 * Back from an OpenID Connect sign-in (`#oidc=<one-time code>`): the code comes off the URL at
 * once (it is single-use; a reload must not replay it) and is exchanged for the session's tokens.
 */
function finishOidcSignIn(code: string): void {
  history.replaceState(history.state, '', location.pathname + location.search);
  exchangeOidcCode({ serverUrl: config.serverUrl, code }).then(
    ({ token, refreshToken, expiresAt, worker }) =>
      signedIn({ identity: worker.identity, token, refreshToken, expiresAt }),
    (e: unknown) =>
      root.render(
        <SignIn serverUrl={config.serverUrl} problem={(e as Error).message} onSignIn={signIn} onSignedIn={signedIn} />,
      ),
  );
}

const resumed = storedSession();
const oidcCode = readOidcCode(location.hash);
if (oidcCode) finishOidcSignIn(oidcCode);
else if (config.agent) void start(config.agent);
else if (resumed) void start(resumed);
else root.render(<SignIn serverUrl={config.serverUrl} onSignIn={signIn} onSignedIn={signedIn} />);
