/**
 * The UI framework in React: strings (`useString`, `<Template>`), the notifications bar (an
 * ARIA live region), the side nav of the views and the container of the selected view.
 */
import type { ShownNotification, TemplateContext, ViewInfo } from '@switchboard/plugin';
import { isValidElement, useCallback, useSyncExternalStore, type ReactNode } from 'react';
import { useSelector } from 'react-redux';
import type { Host } from '../createHost';
import { useHost } from '../react/HostProvider';
import { PluginBoundary } from '../react/PluginBoundary';
import {
  DEFAULT_VIEW,
  selectComponentState,
  selectNotifications,
  selectSidebarOpen,
  selectUi,
  type UiState,
} from './uiSlice';

type WithUi = { ui?: UiState };

/** Re-renders on every change of the strings (an override, the locale); returns the host. */
function useStringsOf(host: Host): Host['strings'] {
  useSyncExternalStore(
    useCallback(
      (onChange: () => void) => {
        const d = host.strings.subscribe(onChange);
        return () => d.dispose();
      },
      [host],
    ),
    () => host.strings.all(),
  );
  return host.strings;
}

/**
 * The text of `key` in the strings catalogue, rendered with `context`; follows overrides and
 * the locale.
 *
 * @example
 * const title = useString('TaskHeaderLine', { task });
 */
export function useString(key: string, context?: TemplateContext): string {
  return useStringsOf(useHost()).get(key, context);
}

/** The strings API, re-rendering the component when they change (for several keys at once). */
export function useStrings(): Host['strings'] {
  return useStringsOf(useHost());
}

/** The props of {@link Template}: the key, and the context as the other props. */
export type TemplateProps = { code: string } & Record<string, unknown>;

/**
 * The text of `code` in the strings catalogue, rendered with the other props as context.
 *
 * @example
 * <Template code="ChatWith" task={task} />
 */
export function Template({ code, ...context }: TemplateProps) {
  return <>{useString(code, context)}</>;
}

/** The component state of `name` (`SetComponentState`); `{}` when none was set. */
export function useComponentState(name: string): Readonly<Record<string, unknown>> {
  return useSelector((state: WithUi) => selectComponentState(state, name));
}

/** The selected view's name and path. */
export function useSelectedView(): UiState['view'] {
  return useSelector((state: WithUi) => selectUi(state).view);
}

/** Whether the side nav is open (`ToggleSidebar`). */
export function useSidebarOpen(): boolean {
  return useSelector(selectSidebarOpen);
}

/** The registered views in side-nav order, following registrations. */
export function useViews(): readonly ViewInfo[] {
  const host = useHost();
  return useSyncExternalStore(
    useCallback(
      (onChange: () => void) => {
        const d = host.views.subscribe(onChange);
        return () => d.dispose();
      },
      [host],
    ),
    () => host.views.list(),
  );
}

/** A label that is a key of the catalogue is rendered from it; any other is shown as it is. */
const labelOf = (strings: Host['strings'], label: string) =>
  strings.template(label) === undefined ? label : strings.get(label);

function NotificationItem({ host, notification }: { host: Host; notification: ShownNotification }) {
  const strings = useStringsOf(host);
  const def = host.notifications.get(notification.id);
  const dismiss = () => host.notifications.dismiss(notification.key);
  const { context } = notification;
  let content: ReactNode = null;
  if (def?.templateKey !== undefined) content = strings.get(def.templateKey, context);
  else if (typeof def?.content === 'string') content = strings.render(def.content, context);
  else if (def?.content) {
    const Content = def.content;
    content = (
      <PluginBoundary host={host} plugin={def.owner === 'host' ? undefined : def.owner} slot="Notifications">
        {isValidElement(Content) ? (
          Content
        ) : (
          <Content notification={notification} context={context} dismiss={dismiss} />
        )}
      </PluginBoundary>
    );
  }
  const urgent = notification.type === 'error' || notification.type === 'warning';
  return (
    <div
      role={urgent ? 'alert' : 'status'}
      className={`sb-notice sb-notice-${notification.type}`}
      data-notification={notification.id}
    >
      <span className="sb-notice-content">{content}</span>
      {def?.actions?.map((action, i) => (
        <button
          key={i}
          type="button"
          onClick={() => {
            try {
              action.onClick(notification);
            } finally {
              if (!action.keepOpen) dismiss();
            }
          }}
        >
          {strings.render(action.label, context)}
        </button>
      ))}
      {notification.closeButton && (
        <button
          type="button"
          className="sb-notice-close"
          aria-label={strings.get('NotificationDismiss')}
          onClick={dismiss}
        >
          ×
        </button>
      )}
    </div>
  );
}

/**
 * The notifications on screen, in an ARIA live region (errors and warnings as alerts, the
 * others as statuses), each with its actions and close button.
 */
export function NotificationBar({ className = 'sb-notices' }: { className?: string }) {
  const host = useHost();
  const strings = useStringsOf(host);
  const shown = useSelector(selectNotifications);
  return (
    <div className={className} aria-live="polite" aria-label={strings.get('NotificationsLabel')} role="region">
      {shown.map((n) => (
        <NotificationItem key={n.key} host={host} notification={n} />
      ))}
    </div>
  );
}

/**
 * The side nav: a link per registered view (`#/name`), the selected one marked as the
 * current page; a click invokes `NavigateToView`.
 */
export function SideNav({
  className = 'sb-sidenav',
  id,
  hidden,
  children,
}: {
  className?: string;
  id?: string;
  /** Rendered but hidden (a closed sidebar: the toggle's `aria-controls` still finds it). */
  hidden?: boolean;
  children?: ReactNode;
}) {
  const host = useHost();
  const strings = useStringsOf(host);
  const views = useViews();
  const { selected } = useSelectedView();
  return (
    <nav className={className} id={id} hidden={hidden} aria-label={strings.get('SideNavLabel')}>
      <ul>
        {views.map((view) => (
          <li key={view.name}>
            <a
              href={`#/${encodeURIComponent(view.name)}`}
              aria-current={view.name === selected ? 'page' : undefined}
              onClick={(e) => {
                e.preventDefault();
                host.actions.invokeAction('NavigateToView', { viewName: view.name }).catch((error: unknown) => {
                  host.log.warn(`could not show the view "${view.name}"`, error);
                });
              }}
            >
              {view.icon !== undefined && (
                <span className="sb-sidenav-icon" aria-hidden="true">
                  {view.icon}
                </span>
              )}
              {labelOf(strings, view.label)}
            </a>
          </li>
        ))}
      </ul>
      {children}
    </nav>
  );
}

/**
 * The selected view: the built-in `agent-desktop` is `children` (the shell's body); a plugin's
 * view is its component, inside the plugin's error boundary; an unknown one (its plugin still
 * loading, or gone) a short notice.
 */
export function ViewContainer({ children }: { children?: ReactNode }) {
  const host = useHost();
  const strings = useStringsOf(host);
  const { selected, path } = useSelectedView();
  const views = useViews();
  if (selected === DEFAULT_VIEW) return <>{children}</>;
  const view = views.find((v) => v.name === selected);
  if (!view?.component) {
    return (
      <p className="sb-muted" role="status">
        {strings.get('ViewNotAvailable', { viewName: selected })}
      </p>
    );
  }
  const View = view.component;
  return (
    <PluginBoundary
      key={view.name}
      host={host}
      plugin={view.owner === 'host' ? undefined : view.owner}
      slot={`View:${view.name}`}
    >
      <View name={view.name} path={path} />
    </PluginBoundary>
  );
}
