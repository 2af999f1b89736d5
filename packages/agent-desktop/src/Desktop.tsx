import { PluginStatusPanel, Slot } from '@switchboard/host';
import { useCallback, useState } from 'react';
import { Header } from './Header';
import { NoticesContext, useDesktop } from './hooks';
import { TaskCanvas } from './TaskCanvas';
import { TaskList } from './TaskList';

/** The shell: header, task list, task canvas, side panel, and the plugins' slots. */
export function Desktop() {
  const [notices, setNotices] = useState<Array<{ id: number; text: string }>>([]);
  const notify = useCallback(
    (text: string) => setNotices((list) => [...list.slice(-3), { id: Date.now() + Math.random(), text }]),
    [],
  );
  const connection = useDesktop((d) => d.connection);
  return (
    <NoticesContext.Provider value={notify}>
      <div className="sb-desktop">
        <Header />
        {connection !== 'connected' && (
          <p className="sb-banner" role="status">
            {connection === 'reconnecting'
              ? 'Connection to the contact center lost: reconnecting…'
              : connection === 'closed'
                ? 'Disconnected from the contact center.'
                : 'Connecting to the contact center…'}
          </p>
        )}
        <div className="sb-body">
          <TaskList />
          <main className="sb-canvas" id="sb-canvas" aria-label="Selected task">
            <TaskCanvas />
          </main>
          <aside className="sb-side" aria-label="Side panel">
            <Slot name="AgentDesktop.Panel" />
            <details className="sb-plugins">
              <summary>Plugins</summary>
              <PluginStatusPanel />
            </details>
          </aside>
        </div>
        <Slot name="AgentDesktop.Overlay" />
        <div className="sb-notices" aria-live="assertive">
          {notices.map((n) => (
            <div key={n.id} role="alert" className="sb-notice">
              <span>{n.text}</span>
              <button
                type="button"
                aria-label="Dismiss"
                onClick={() => setNotices((list) => list.filter((x) => x.id !== n.id))}
              >
                ×
              </button>
            </div>
          ))}
        </div>
      </div>
    </NoticesContext.Provider>
  );
}
