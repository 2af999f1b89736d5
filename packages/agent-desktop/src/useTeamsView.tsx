/**
 * Registers the Teams view for supervisors. The view itself (and its monitor panel) is a
 * chunk of its own, loaded when a supervisor first opens it: most agents never do, and it
 * stays out of the bundle every agent loads at start.
 */
import { selectIsSupervisor, Template, useHost } from '@switchboard/host';
import { lazy, Suspense, useEffect } from 'react';
import { useSelector } from 'react-redux';

/** The Teams view's name (`#/teams`). */
export const TEAMS_VIEW = 'teams';

const LazyTeamsView = lazy(() =>
  import(/* webpackChunkName: "teams-view" */ './TeamsView').then((m) => ({ default: m.TeamsView })),
);

/** The Teams view, once its chunk has loaded (a status until then). */
function TeamsViewLoader() {
  return (
    <Suspense
      fallback={
        <p className="sb-loading" role="status">
          <Template code="ViewLoading" />
        </p>
      }
    >
      <LazyTeamsView />
    </Suspense>
  );
}

/** Registers the Teams view while this worker is a supervisor (`WorkerInfo.role`). */
export function useTeamsView(): void {
  const host = useHost();
  const supervisor = useSelector(selectIsSupervisor);
  useEffect(() => {
    if (!supervisor) return undefined;
    const view = host.views.register({
      name: TEAMS_VIEW,
      label: 'TeamsView',
      component: TeamsViewLoader,
      sortOrder: 10,
      icon: '👥',
    });
    return () => view.dispose();
  }, [host, supervisor]);
}
