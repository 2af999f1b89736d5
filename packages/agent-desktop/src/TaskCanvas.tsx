import { PluginBoundary, PluginNotice, Slot, selectDirectory, selectSelectedTask, useHost } from '@switchboard/host';
import type { DesktopTask } from '@switchboard/plugin';
import { useId, useMemo, useState, useSyncExternalStore, type ComponentType } from 'react';
import { useSelector } from 'react-redux';
import { Chat } from './Chat';
import { useInvoke, usePending } from './hooks';

/** The contributions of `TaskCanvas.Tabs` for `task`, following changes. */
function useTabs(task: DesktopTask) {
  const { contributions } = useHost();
  const version = useSyncExternalStore(
    (onChange) => contributions.subscribe('TaskCanvas.Tabs', onChange),
    () => contributions.version('TaskCanvas.Tabs'),
  );
  // eslint-disable-next-line react-hooks/exhaustive-deps -- `version` is what changes
  return useMemo(() => contributions.resolve('TaskCanvas.Tabs', { task }), [contributions, task, version]);
}

/**
 * Transfer: "Transfer…" opens the directory (ShowDirectory) for this task: the Available agents
 * and the queues, each a button that invokes TransferTask; Close (HideDirectory).
 */
function TransferControl({ task }: { task: DesktopTask }) {
  const invoke = useInvoke();
  const directory = useSelector(selectDirectory);
  const transferring = usePending('TransferTask', { sid: task.sid });
  const open = directory.open && directory.task?.sid === task.sid;
  const transfer = (targetSid: string) => void invoke('TransferTask', { sid: task.sid, targetSid });
  if (!open)
    return (
      <div className="sb-transfer">
        <button type="button" aria-haspopup="true" onClick={() => void invoke('ShowDirectory', { sid: task.sid })}>
          Transfer…
        </button>
      </div>
    );
  const busy = directory.workers.filter((w) => w.activity !== 'Available');
  return (
    <div className="sb-transfer sb-directory" role="group" aria-label="Transfer directory">
      <ul aria-label="Agents">
        {directory.available.length === 0 && <li>No agent available</li>}
        {directory.available.map((w) => (
          <li key={w.sid}>
            <button
              type="button"
              disabled={transferring}
              aria-label={`Transfer to ${w.fullName}`}
              onClick={() => transfer(w.sid)}
            >
              {w.fullName}
            </button>
          </li>
        ))}
        {busy.map((w) => (
          <li key={w.sid}>
            <button type="button" disabled aria-label={`${w.fullName} is ${w.activity}`}>
              {w.fullName} ({w.activity})
            </button>
          </li>
        ))}
      </ul>
      <ul aria-label="Queues">
        {directory.queues.map((q) => (
          <li key={q.sid}>
            <button
              type="button"
              disabled={transferring}
              aria-label={`Transfer to queue ${q.name}`}
              onClick={() => transfer(q.sid)}
            >
              Queue: {q.name}
            </button>
          </li>
        ))}
      </ul>
      <button type="button" onClick={() => void invoke('HideDirectory')}>
        {transferring ? 'Transferring…' : 'Close'}
      </button>
    </div>
  );
}

function TaskButtons({ task }: { task: DesktopTask }) {
  const invoke = useInvoke();
  const wrapping = usePending('WrapupTask', { sid: task.sid });
  const completing = usePending('CompleteTask', { sid: task.sid });
  const accepting = usePending('AcceptTask', { sid: task.sid });
  if (task.status === 'pending') {
    return (
      <div className="sb-buttons">
        <button type="button" disabled={accepting} onClick={() => void invoke('AcceptTask', { sid: task.sid })}>
          {accepting ? 'Accepting…' : 'Accept'}
        </button>
        <button type="button" disabled={accepting} onClick={() => void invoke('RejectTask', { sid: task.sid })}>
          Reject
        </button>
      </div>
    );
  }
  return (
    <div className="sb-buttons">
      {task.status === 'accepted' && <TransferControl task={task} />}
      {task.status === 'accepted' && (
        <button type="button" disabled={wrapping} onClick={() => void invoke('WrapupTask', { sid: task.sid })}>
          {wrapping ? 'Wrapping up…' : 'Wrap up'}
        </button>
      )}
      <button type="button" disabled={completing} onClick={() => void invoke('CompleteTask', { sid: task.sid })}>
        {completing ? 'Completing…' : 'Complete'}
      </button>
    </div>
  );
}

/** The selected task: its header and buttons, the chat, and the plugins' tabs. */
export function TaskCanvas() {
  const task = useSelector(selectSelectedTask);
  if (!task) {
    return (
      <div className="sb-empty">
        <h2>No task selected</h2>
        <p className="sb-muted">Incoming chats appear in the task list. Accept one to start.</p>
      </div>
    );
  }
  return <TaskView task={task} />;
}

function TaskView({ task }: { task: DesktopTask }) {
  const host = useHost();
  const tabs = useTabs(task);
  const [tab, setTab] = useState('chat');
  const id = useId();
  const current = tab === 'chat' || !tabs.some((t) => t.key === tab) ? 'chat' : tab;
  const all = [{ key: 'chat', label: 'Chat' }, ...tabs.map((t) => ({ key: t.key, label: t.label ?? t.key }))];
  return (
    <div className="sb-task-canvas" data-task={task.sid}>
      <div className="sb-canvas-header">
        <div>
          <h2>{task.customerName}</h2>
          <p className="sb-muted">
            {task.channel} · {task.status === 'pending' ? 'incoming' : task.status}
          </p>
          {typeof task.attributes.question === 'string' && task.attributes.question && (
            <p className="sb-question">
              <span className="sb-muted">Asked: </span>
              {task.attributes.question}
            </p>
          )}
        </div>
        <Slot name="TaskCanvas.Header" props={{ task }} />
        <TaskButtons task={task} />
      </div>
      <div role="tablist" aria-label="Task views" className="sb-tabs">
        {all.map((t) => (
          <button
            key={t.key}
            role="tab"
            type="button"
            id={`${id}-tab-${t.key}`}
            aria-selected={current === t.key}
            aria-controls={`${id}-panel-${t.key}`}
            tabIndex={current === t.key ? 0 : -1}
            onClick={() => setTab(t.key)}
          >
            {t.label}
          </button>
        ))}
      </div>
      <div
        role="tabpanel"
        id={`${id}-panel-${current}`}
        aria-labelledby={`${id}-tab-${current}`}
        className="sb-tabpanel"
      >
        {current === 'chat' ? (
          <Chat task={task} />
        ) : (
          tabs
            .filter((t) => t.key === current)
            .map(({ key, owner, component, failure }) => {
              const Tab = component as ComponentType<{ task: DesktopTask }>;
              return failure === undefined ? (
                <PluginBoundary key={key} host={host} plugin={owner} slot="TaskCanvas.Tabs">
                  <Tab task={task} />
                </PluginBoundary>
              ) : (
                <PluginNotice key={key} plugin={owner} slot="TaskCanvas.Tabs" reason={failure} />
              );
            })
        )}
      </div>
    </div>
  );
}
