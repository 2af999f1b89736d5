import { createSelector } from '@reduxjs/toolkit';
import { memo } from 'react';
import { useSelector } from 'react-redux';
import type { PluginPermissions } from '@switchboard/plugin';
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

/** What a declaration allows, in one line: `actions: AcceptTask · slots: CRMContainer · origins: none`. */
const permissionsText = (p: PluginPermissions): string =>
  (['actions', 'slots', 'origins'] as const).map((k) => `${k}: ${p[k].join(', ') || 'none'}`).join(' · ');

/**
 * A table of the plugins: the manifest's version, the real state, what each may touch (or a
 * "no declared permissions" mark for one that runs unrestricted), and why any failed.
 */
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
          <th>Permissions</th>
        </tr>
      </thead>
      <tbody>
        {plugins.map((p) => (
          <StatusRow key={p.id} status={p} />
        ))}
      </tbody>
    </table>
  );
}

/**
 * One plugin's row. Memoized on the status object, which the store keeps for a plugin whose
 * status did not change: a change renders one row, not the table (a boot of twenty plugins
 * changes statuses eighty times).
 */
const StatusRow = memo(function StatusRow({ status: p }: { status: PluginStatus }) {
  return (
    <tr data-plugin={p.id} data-state={p.state}>
      <td>{p.name}</td>
      <td>{p.version ?? ''}</td>
      <td>{shownState(p)}</td>
      <td>{p.error ? `${p.error.code}: ${p.error.message}` : ''}</td>
      <td>
        {p.permissions ? (
          permissionsText(p.permissions)
        ) : (
          <span className="sb-plugin-undeclared" title="It may hook any action and fill any slot">
            no declared permissions
          </span>
        )}
      </td>
    </tr>
  );
});
