import { ACTIVITIES, type Activity } from '@switchboard/contact-center';
import { selectActivities, Slot, Template, useSidebarOpen, useStrings, type SlotDefault } from '@switchboard/host';
import { useSelector } from 'react-redux';
import { useSyncExternalStore } from 'react';
import { notificationsState, requestNotifications, subscribeNotifications } from './alerts';
import { useDesktop, useInvoke, usePending } from './hooks';
import { OutboundDialer } from './OutboundDialer';

function Title() {
  return (
    <h1 className="sb-title">
      <Template code="AppTitle" />
    </h1>
  );
}

/**
 * The agent's name and activity: the contact center's activity list (`state.desktop.activities`,
 * set by sid), or the built-in names (set by name) while none arrived.
 */
function AgentActivity() {
  const worker = useDesktop((d) => d.worker);
  const activities = useSelector(selectActivities);
  const invoke = useInvoke();
  const changing = usePending('SetActivity');
  const bySid = activities.length > 0;
  return (
    <div className="sb-agent">
      <span className="sb-agent-name">{worker?.fullName ?? '…'}</span>
      <label>
        <span className="sb-visually-hidden">
          <Template code="ActivityLabel" />
        </span>
        <select
          value={(bySid ? worker?.activitySid : worker?.activity) ?? ''}
          disabled={!worker || changing}
          onChange={(e) =>
            void invoke(
              'SetActivity',
              bySid ? { activitySid: e.target.value } : { activityName: e.target.value as Activity },
            )
          }
        >
          {!worker && <option value="">…</option>}
          {bySid
            ? activities.map((a) => (
                <option key={a.sid} value={a.sid}>
                  {a.name}
                </option>
              ))
            : ACTIVITIES.map((a) => (
                <option key={a} value={a}>
                  {a}
                </option>
              ))}
        </select>
      </label>
    </div>
  );
}

/** The first header slot, `MainHeader.Right`, kept as one child of `MainHeader`. */
function HeaderRight() {
  return (
    <div className="sb-header-slot">
      <Slot name="MainHeader.Right" />
    </div>
  );
}

function EnableNotifications() {
  const notifications = useSyncExternalStore(subscribeNotifications, notificationsState, () => 'unsupported');
  return notifications === 'default' ? (
    <button type="button" onClick={() => void requestNotifications()}>
      <Template code="EnableNotifications" />
    </button>
  ) : null;
}

function LogoutButton() {
  const invoke = useInvoke();
  return (
    <button type="button" onClick={() => void invoke('Logout')}>
      <Template code="LogOut" />
    </button>
  );
}

/**
 * The children of `MainHeader`, by key: plugins add beside them (`align: 'end'` for the right
 * end), remove or replace them.
 */
export const MAIN_HEADER_CHILDREN: readonly SlotDefault<Record<string, never>>[] = [
  { key: 'title', component: Title, sortOrder: 0 },
  { key: 'activity', component: AgentActivity, sortOrder: 10 },
  { key: 'dialer', component: OutboundDialer, sortOrder: 5, align: 'end' },
  { key: 'MainHeader.Right', component: HeaderRight, sortOrder: 10, align: 'end' },
  { key: 'notifications', component: EnableNotifications, sortOrder: 20, align: 'end' },
  { key: 'logout', component: LogoutButton, sortOrder: 30, align: 'end' },
];

/** The main header (`MainHeader`): the title and the agent at the start; plugins and logout at the end. */
export function Header() {
  const strings = useStrings();
  const sidebarOpen = useSidebarOpen();
  const invoke = useInvoke();
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
      <div className="sb-header-start">
        <Slot name="MainHeader" defaults={MAIN_HEADER_CHILDREN} align="start" />
      </div>
      <div className="sb-header-end">
        <Slot name="MainHeader" defaults={MAIN_HEADER_CHILDREN} align="end" />
      </div>
    </header>
  );
}
