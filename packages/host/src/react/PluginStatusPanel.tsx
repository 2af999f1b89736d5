import { createSelector } from '@reduxjs/toolkit';
import { useSelector } from 'react-redux';
import type { PluginStatus } from '../plugins/types';
import type { HostState } from '../store/hostSlice';

const selectStatuses = createSelector(
  [(state: { switchboard: HostState }) => state.switchboard.plugins],
  (plugins): PluginStatus[] => Object.values(plugins),
);

/** Every plugin's status, from the store (re-renders on change). */
export function usePluginStatuses(): PluginStatus[] {
  return useSelector(selectStatuses);
}

/** What the panel shows as a plugin's state: `Disabled` for a disabled plugin that never started. */
const shownState = (p: PluginStatus): string => (p.state === 'NotStarted' && !p.enabled ? 'Disabled' : p.state);

/** A table of the plugins: the manifest's version, the real state, and why any failed. */
export function PluginStatusPanel() {
  const plugins = usePluginStatuses();
  return (
    <table className="sb-plugin-status" aria-label="Plugins">
      <thead>
        <tr>
          <th>Plugin</th>
          <th>Version</th>
          <th>State</th>
          <th>Problem</th>
        </tr>
      </thead>
      <tbody>
        {plugins.map((p) => (
          <tr key={p.id} data-plugin={p.id} data-state={p.state}>
            <td>{p.name}</td>
            <td>{p.version ?? ''}</td>
            <td>{shownState(p)}</td>
            <td>{p.error ? `${p.error.code}: ${p.error.message}` : ''}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
