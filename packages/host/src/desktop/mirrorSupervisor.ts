/**
 * Keeps `state.supervisor` in step with a contact center: the team and the queues' figures
 * (snapshot, `teamUpdated`, `queueStatsUpdated`), since when each worker is in their activity
 * (`workerUpdated`), and the monitored call (`callUpdated`). Beside `mirrorContactCenter`, which
 * feeds `state.desktop` (the snapshot and messages reach this slice through its actions).
 */
import type { Store } from '@reduxjs/toolkit';
import { DisposableStore, type Disposable } from '@switchboard/actions';
import type { ContactCenterProvider } from '@switchboard/contact-center';
import {
  monitoredCallUpdated,
  queueStatsUpdated,
  selectSupervisor,
  teamUpdated,
  workersSeen,
  type SupervisorState,
} from './supervisorSlice';

/** Mirrors `provider`'s supervisor events into `store` until the Disposable is disposed. */
export function mirrorSupervisor(provider: ContactCenterProvider, store: Store): Disposable {
  const subscriptions = new DisposableStore();
  const on = subscriptions.add.bind(subscriptions);
  const supervisor = () => selectSupervisor(store.getState() as { supervisor?: SupervisorState });
  let first = true;
  on(
    provider.on('snapshot', (snapshot) => {
      // The first snapshot's activities started before this desktop saw them: their time is unknown.
      store.dispatch(workersSeen(snapshot.workers, first));
      first = false;
      const stats = snapshot.supervisor?.queueStats ?? snapshot.queueStats;
      if (stats) store.dispatch(queueStatsUpdated(stats));
    }),
  );
  on(provider.on('workerUpdated', (worker) => store.dispatch(workersSeen([worker]))));
  on(provider.on('teamUpdated', (team) => store.dispatch(teamUpdated(team))));
  on(provider.on('queueStatsUpdated', (stats) => store.dispatch(queueStatsUpdated(stats))));
  on(
    provider.on('callUpdated', (call) => {
      const monitoring = supervisor().monitoring;
      if (monitoring && monitoring.taskSid === call.taskSid) store.dispatch(monitoredCallUpdated(call));
    }),
  );
  return subscriptions;
}
