/**
 * An agent desktop of your own, on the Switchboard host: the host gives the native actions
 * (AcceptTask, SetActivity, …), the store (`state.desktop`), the plugin manager and the slots;
 * the page decides the layout. Three slots here — `MainHeader.Right`, `TaskList.Item` and
 * `AgentDesktop.Panel` — so plugins written for the agent desktop show up where they fit.
 */
import { createAgentClient } from '@switchboard/contact-center';
import { createHost, HostProvider, selectTasks, Slot, useHost, type DesktopState } from '@switchboard/host';
import { createRoot } from 'react-dom/client';
import { useSelector } from 'react-redux';

function Header() {
  const host = useHost();
  const worker = useSelector((s: { desktop: DesktopState }) => s.desktop.worker);
  if (!worker) return <header>Connecting…</header>;
  const next = worker.activity === 'Available' ? 'Offline' : 'Available';
  return (
    <header>
      <strong>{worker.fullName}</strong>
      <span className="own-activity">{worker.activity}</span>
      <button type="button" onClick={() => void host.actions.invokeAction('SetActivity', { activityName: next })}>
        Go {next}
      </button>
      <Slot name="MainHeader.Right" />
    </header>
  );
}

function Tasks() {
  const host = useHost();
  const tasks = useSelector(selectTasks);
  return (
    <ul className="own-tasks" aria-label="Tasks">
      {tasks.map((task) => (
        <li key={task.sid} data-status={task.status}>
          <span>{task.customerName}</span>
          <span>{task.status}</span>
          {task.status === 'pending' && (
            <button type="button" onClick={() => void host.actions.invokeAction('AcceptTask', { sid: task.sid })}>
              Accept {task.customerName}
            </button>
          )}
          <Slot name="TaskList.Item" props={{ task }} />
        </li>
      ))}
    </ul>
  );
}

const params = new URLSearchParams(location.search);
const contactCenter = createAgentClient({ serverUrl: location.origin, identity: params.get('agent') ?? 'alice' });
const host = createHost({ contactCenter });
createRoot(document.getElementById('root')!).render(
  <HostProvider host={host}>
    <Header />
    <main>
      <h1>Your own desktop</h1>
      <Tasks />
      <aside aria-label="Plugins">
        <Slot name="AgentDesktop.Panel" />
      </aside>
    </main>
  </HostProvider>,
);
void contactCenter
  .connect()
  .then(() => host.plugins.loadManifest(params.get('manifest') ?? '/plugins.json'))
  .catch((error: unknown) => host.log.error('the desktop could not start', error));
