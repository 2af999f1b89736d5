/**
 * The agent desktop: signs the agent in to the contact center, creates the host on it,
 * renders the shell and loads the plugins of the manifest served beside the page.
 */
import { isSwitchboardError } from '@switchboard/actions';
import { createAgentClient, createCallMedia, createRegistryClient } from '@switchboard/contact-center';
import { createHost, HostProvider } from '@switchboard/host';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { readConfig } from './config';
import { Desktop } from './Desktop';
import { liveMonitorMedia } from './MonitorAudio';
import { watchIncomingTasks } from './alerts';
import { liveCallMedia } from './followCallMedia';
import { readFolderManifest } from './releaseManifest';
import { followReleases } from './releases';
import { SignIn } from './SignIn';

const config = readConfig();
const root = createRoot(document.getElementById('root')!);

function signIn(identity: string): void {
  sessionStorage.setItem('switchboard:agent', identity);
  const url = new URL(location.href);
  url.searchParams.set('agent', identity);
  location.assign(url.href);
}

async function start(identity: string): Promise<void> {
  const contactCenter = createAgentClient({ serverUrl: config.serverUrl, identity });
  const host = createHost({
    contactCenter,
    logLevel: config.logLevel,
    // Logout resets the page (as in Flex): back to the sign-in screen.
    onLogout: () => {
      sessionStorage.removeItem('switchboard:agent');
      const url = new URL(location.href);
      url.searchParams.delete('agent');
      location.assign(url.href);
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
  try {
    await contactCenter.connect();
  } catch (error) {
    if (isSwitchboardError(error, 'CC_NOT_FOUND') || isSwitchboardError(error, 'CC_UNAUTHORIZED')) {
      sessionStorage.removeItem('switchboard:agent');
      root.render(
        <SignIn
          serverUrl={config.serverUrl}
          problem={(error as Error).message}
          onSignIn={signIn}
          strings={host.strings}
        />,
      );
      return;
    }
    host.log.error('could not connect to the contact center', error);
  }
  // The folder plugins (plugins.json) and the registry's release for this agent, as one
  // manifest; a new release is applied in place between tasks, and the plugins' health reported.
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

if (config.agent) void start(config.agent);
else root.render(<SignIn serverUrl={config.serverUrl} onSignIn={signIn} />);
