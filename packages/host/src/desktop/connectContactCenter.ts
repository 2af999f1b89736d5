/**
 * Keeps `state.desktop` in step with a contact center: every event of the provider becomes
 * a store update. With the native actions, this is all the host needs to run an agent's
 * desktop on a provider.
 */
import type { Store } from '@reduxjs/toolkit';
import { DisposableStore, type Disposable } from '@switchboard/actions';
import type { ContactCenterProvider } from '@switchboard/contact-center';
import {
  channelUpdated,
  connectionChanged,
  messageAdded,
  reservationUpdated,
  snapshotReceived,
  taskUpdated,
  typingReceived,
  workerUpdated,
} from './desktopSlice';

/**
 * Mirrors `provider`'s events into `store` until the returned Disposable is disposed. A
 * channel that becomes visible (a new offer) gets its history fetched: its first messages
 * were written before this agent could read them.
 */
export function mirrorContactCenter(
  provider: ContactCenterProvider,
  store: Store,
  onError: (message: string, error: unknown) => void = () => {},
): Disposable {
  const subscriptions = new DisposableStore();
  const on = subscriptions.add.bind(subscriptions);
  const known = (channelSid: string) =>
    !!(store.getState() as { desktop?: { channels: Record<string, unknown> } }).desktop?.channels[channelSid];
  const fetchHistory = (channelSid: string) =>
    provider.getMessages(channelSid).then(
      (messages) => {
        if (subscriptions.disposed) return;
        for (const message of messages) store.dispatch(messageAdded(message));
      },
      (error: unknown) => onError(`the history of chat channel ${channelSid} could not be fetched`, error),
    );
  store.dispatch(connectionChanged(provider.connectionState));
  on(provider.on('connectionStateChanged', (state) => store.dispatch(connectionChanged(state))));
  on(provider.on('snapshot', (snapshot) => store.dispatch(snapshotReceived(snapshot))));
  on(provider.on('workerUpdated', (worker) => store.dispatch(workerUpdated(worker))));
  on(provider.on('reservationUpdated', (reservation) => store.dispatch(reservationUpdated(reservation))));
  on(provider.on('taskUpdated', (task) => store.dispatch(taskUpdated(task))));
  on(
    provider.on('channelUpdated', (channel) => {
      const isNew = !known(channel.sid);
      store.dispatch(channelUpdated(channel));
      if (isNew && known(channel.sid)) void fetchHistory(channel.sid);
    }),
  );
  on(provider.on('messageAdded', (message) => store.dispatch(messageAdded(message))));
  on(provider.on('typing', (event) => store.dispatch(typingReceived(event))));
  return subscriptions;
}
