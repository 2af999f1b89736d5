import { ACTIVITIES, type Activity } from '@switchboard/contact-center';
import { Slot, Template, useSidebarOpen, useStrings } from '@switchboard/host';
import { useSyncExternalStore } from 'react';
import { notificationsState, requestNotifications, subscribeNotifications } from './alerts';
import { useDesktop, useInvoke, usePending } from './hooks';

/** The side nav's toggle, the agent's name and activity, notifications, logout, and the plugins' header slot. */
export function Header() {
  const strings = useStrings();
  const sidebarOpen = useSidebarOpen();
  const worker = useDesktop((d) => d.worker);
  const invoke = useInvoke();
  const changing = usePending('SetActivity');
  const notifications = useSyncExternalStore(subscribeNotifications, notificationsState, () => 'unsupported');
  return (
    <header className="sb-header">
      <button
        type="button"
        className="sb-sidenav-toggle"
        aria-label={strings.get('SideNavToggle')}
        aria-expanded={sidebarOpen}
        aria-controls="sb-sidenav"
        onClick={() => void invoke('ToggleSidebar')}
      >
        ☰
      </button>
      <h1 className="sb-title">
        <Template code="AppTitle" />
      </h1>
      <div className="sb-agent">
        <span className="sb-agent-name">{worker?.fullName ?? '…'}</span>
        <label>
          <span className="sb-visually-hidden">
            <Template code="ActivityLabel" />
          </span>
          <select
            value={worker?.activity ?? ''}
            disabled={!worker || changing}
            onChange={(e) => void invoke('SetActivity', { activityName: e.target.value as Activity })}
          >
            {!worker && <option value="">…</option>}
            {ACTIVITIES.map((a) => (
              <option key={a} value={a}>
                {a}
              </option>
            ))}
          </select>
        </label>
      </div>
      <div className="sb-header-slot">
        <Slot name="MainHeader.Right" />
      </div>
      {notifications === 'default' && (
        <button type="button" onClick={() => void requestNotifications()}>
          <Template code="EnableNotifications" />
        </button>
      )}
      <button type="button" onClick={() => void invoke('Logout')}>
        <Template code="LogOut" />
      </button>
    </header>
  );
}
