import {
  DEFAULT_VIEW,
  useHost,
  NotificationBar,
  PluginCostTable,
  PluginStatusPanel,
  SideNav,
  Slot,
  Template,
  ViewContainer,
  useSelectedView,
  useSidebarOpen,
  useString,
  useStrings,
  useViews,
  type SlotDefault,
} from '@switchboard/host';
import { useEffect } from 'react';
import { CRMContainer } from './CRMContainer';
import { followCallMedia, type CreateCallMedia } from './followCallMedia';
import { Header } from './Header';
import { useDesktop } from './hooks';
import { TaskCanvas } from './TaskCanvas';
import { TaskList } from './TaskList';
import { MonitorAudio } from './MonitorAudio';
import { useTeamsView } from './useTeamsView';

const CONNECTION_TEXT = {
  reconnecting: 'ConnectionReconnecting',
  closed: 'ConnectionClosed',
} as const;

/** The built-in view `agent-desktop`: the task list, the task canvas and the side panel. */
function AgentDesktopBody() {
  const canvasLabel = useString('SelectedTaskLabel');
  const sideLabel = useString('SidePanelLabel');
  return (
    <div className="sb-body">
      <TaskList />
      <main className="sb-canvas" id="sb-canvas" aria-label={canvasLabel}>
        <TaskCanvas />
      </main>
      <CRMContainer />
      <aside className="sb-side" aria-label={sideLabel}>
        <Slot name="AgentDesktop.Panel" />
        <details className="sb-plugins">
          <summary>
            <Template code="PluginsTitle" />
          </summary>
          <PluginStatusPanel />
          <PluginCostTable />
        </details>
      </aside>
    </div>
  );
}

/** The selected view: the built-in `agent-desktop`'s body, or a plugin's view in a `main` landmark. */
function SelectedView() {
  const { selected } = useSelectedView();
  const strings = useStrings();
  const view = useViews().find((v) => v.name === selected);
  if (selected === DEFAULT_VIEW) {
    return (
      <ViewContainer>
        <AgentDesktopBody />
      </ViewContainer>
    );
  }
  const viewLabel =
    view === undefined ? selected : strings.template(view.label) === undefined ? view.label : strings.get(view.label);
  return (
    <main className="sb-view" aria-label={viewLabel}>
      <ViewContainer />
    </main>
  );
}

/**
 * The children of `MainContainer`, by key: `view`, the selected view. Plugins add beside it
 * (in the row after the side nav), or replace or remove it.
 */
export const MAIN_CONTAINER_CHILDREN: readonly SlotDefault<Record<string, never>>[] = [
  { key: 'view', component: SelectedView, sortOrder: 0 },
];

/** Options of {@link Desktop}. */
export interface DesktopProps {
  /** Makes a call's media (default: `createCallMedia` of @switchboard/contact-center; tests pass a fake). */
  createCallMedia?: CreateCallMedia;
}

/**
 * The shell: header, the side nav of the views (toggled by `ToggleSidebar`), the main
 * container (`MainContainer`: the selected view; the built-in `agent-desktop` is the task list,
 * task canvas and side panel), the plugins' slots, and the host's notifications in a live
 * region. A supervisor also has the Teams view (`#/teams`).
 */
export function Desktop({ createCallMedia }: DesktopProps = {}) {
  const connection = useDesktop((d) => d.connection);
  const host = useHost();
  // The audio of this agent's calls, while the desktop shows.
  useEffect(() => {
    const following = followCallMedia(host, createCallMedia);
    return () => following.dispose();
  }, [host, createCallMedia]);
  const sidebarOpen = useSidebarOpen();
  useTeamsView();
  return (
    <div className="sb-desktop">
      <Header />
      {connection !== 'connected' && (
        <p className="sb-banner" role="status">
          <Template code={CONNECTION_TEXT[connection as keyof typeof CONNECTION_TEXT] ?? 'ConnectionConnecting'} />
        </p>
      )}
      <div className="sb-layout">
        <SideNav id="sb-sidenav" hidden={!sidebarOpen}>
          <Slot name="SideNav" />
        </SideNav>
        <Slot name="MainContainer" defaults={MAIN_CONTAINER_CHILDREN} />
      </div>
      <Slot name="AgentDesktop.Overlay" />
      <NotificationBar />
      <MonitorAudio createCallMedia={createCallMedia} />
    </div>
  );
}
