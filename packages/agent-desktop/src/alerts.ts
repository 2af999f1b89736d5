/**
 * Incoming reservations alert the agent: a count in the page title, and a browser
 * notification when the agent allowed them.
 */
import { selectTasks, type Host } from '@switchboard/host';

const BASE_TITLE = 'Switchboard agent desktop';
const listeners = new Set<() => void>();

/** `granted`, `denied`, `default` (not asked yet) or `unsupported`. */
export function notificationsState(): string {
  return typeof Notification === 'undefined' ? 'unsupported' : Notification.permission;
}

export function subscribeNotifications(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export async function requestNotifications(): Promise<void> {
  if (typeof Notification === 'undefined') return;
  await Notification.requestPermission();
  for (const l of listeners) l();
}

/** Keeps the title's badge up to date and notifies of each new incoming task. */
export function watchIncomingTasks(host: Host): () => void {
  const seen = new Set<string>();
  let tasksBefore: unknown;
  const update = () => {
    const state = host.store.getState() as Parameters<typeof selectTasks>[0];
    // Most dispatches (a keystroke) change no task: nothing to do.
    if (state.desktop.tasks === tasksBefore && state.desktop.worker?.fullName === document.title.split(' — ')[1])
      return;
    tasksBefore = state.desktop.tasks;
    const incoming = selectTasks(state).filter((t) => t.status === 'pending');
    const agent = state.desktop.worker?.fullName;
    const title = `${incoming.length ? `(${incoming.length}) ` : ''}${BASE_TITLE}${agent ? ` — ${agent}` : ''}`;
    if (document.title !== title) document.title = title;
    for (const task of incoming) {
      if (seen.has(task.sid)) continue;
      seen.add(task.sid);
      if (notificationsState() === 'granted' && document.visibilityState !== 'visible') {
        const call = task.channel === 'voice';
        const note = new Notification(call ? 'Incoming call' : 'Incoming chat', {
          body: call ? `${task.customerName} is calling` : `${task.customerName} wants to chat`,
          tag: task.sid,
        });
        note.onclick = () => window.focus();
      }
    }
  };
  update();
  return host.store.subscribe(update);
}
