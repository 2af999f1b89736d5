/**
 * Hot reload of plugins under `switchboard-plugin start`: the dev server says which plugin
 * was rebuilt, and the desktop reloads just that plugin, in place (no page refresh), keeping
 * its store namespaces' state unless the server or the plugin says not to. The
 * local stack says whether there is such a server (`/__switchboard/dev.json`).
 */
import type { Host } from '@switchboard/host';
import type { DesktopConfig } from './config';

interface PluginRebuilt {
  name: string;
  src: string;
  integrity?: string;
  /** Keep the plugin's store namespaces' state across the reload (default true; the plugin may opt out). */
  keepState?: boolean;
}

export function followDevServer(host: Host, config: DesktopConfig): void {
  if (!config.devInfoUrl || typeof EventSource === 'undefined') return;
  void fetch(config.devInfoUrl).then(
    async (res) => {
      const info = res.ok ? ((await res.json()) as { events?: string | null }) : {};
      if (!info.events) return;
      const events = new EventSource(new URL(info.events, config.devInfoUrl).href);
      events.addEventListener('plugin-rebuilt', (e) => {
        const change = JSON.parse((e as MessageEvent<string>).data) as PluginRebuilt;
        host.log.info(`plugin "${change.name}" was rebuilt: reloading it`);
        void host.plugins
          .reload(change.name, {
            src: change.src,
            ...(change.integrity ? { integrity: change.integrity } : {}),
            // The author keeps the task they were testing: state-keeping by default.
            keepState: change.keepState ?? true,
          })
          .catch((error: unknown) => host.log.error(`reloading plugin "${change.name}" failed`, error));
      });
    },
    () => undefined,
  );
}
