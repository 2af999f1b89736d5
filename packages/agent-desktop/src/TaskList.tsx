import { selectTasks, Slot, type SlotDefault } from '@switchboard/host';
import type { DesktopTask } from '@switchboard/plugin';
import { useMemo } from 'react';
import { useSelector } from 'react-redux';
import { useDesktop, useInvoke, usePending } from './hooks';

const STATUS: Record<string, string> = { pending: 'Incoming', accepted: 'Active', wrapping: 'Wrapping up' };

type TaskProps = { task: DesktopTask };

/** The customer and the task's status; selects the task. */
function TaskSummary({ task }: TaskProps) {
  const invoke = useInvoke();
  const selected = useDesktop((d) => d.selectedTaskSid === task.sid);
  return (
    <button
      type="button"
      className="sb-task-select"
      aria-current={selected ? 'true' : undefined}
      onClick={() => void invoke('SelectTask', { sid: task.sid })}
    >
      <span className="sb-task-name">{task.customerName}</span>
      <span className="sb-task-status">
        {task.channel} · {STATUS[task.status] ?? task.status}
      </span>
    </button>
  );
}

/** The first task list slot, `TaskList.Item`, kept as one child of `TaskListItem`. */
function ItemSlot({ task }: TaskProps) {
  const props = useMemo(() => ({ task }), [task]);
  return <Slot name="TaskList.Item" props={props} />;
}

/** Accept and Reject, for an incoming task. */
function IncomingActions({ task }: TaskProps) {
  const invoke = useInvoke();
  // Disabled while either runs for this task (the Redux bridge mirrors invocations still
  // running at the next macrotask; a click before that is refused by the pending guard).
  const accepting = usePending('AcceptTask', { sid: task.sid });
  const rejecting = usePending('RejectTask', { sid: task.sid });
  const busy = accepting || rejecting;
  if (task.status !== 'pending') return null;
  return (
    <div className="sb-task-actions">
      <button
        type="button"
        className="sb-accept"
        disabled={busy}
        // The visible text is part of the name (WCAG 2.5.3), in both states.
        aria-label={`${accepting ? 'Accepting' : 'Accept'} chat from ${task.customerName}`}
        onClick={() => void invoke('AcceptTask', { sid: task.sid })}
      >
        {accepting ? 'Accepting…' : 'Accept'}
      </button>
      <button
        type="button"
        className="sb-reject"
        disabled={busy}
        aria-label={`Reject chat from ${task.customerName}`}
        onClick={() => void invoke('RejectTask', { sid: task.sid })}
      >
        Reject
      </button>
    </div>
  );
}

/** The children of `TaskListItem`, by key (plugins add beside them, remove or replace them). */
export const TASK_LIST_ITEM_CHILDREN: readonly SlotDefault<TaskProps>[] = [
  { key: 'summary', component: TaskSummary, sortOrder: 0 },
  { key: 'TaskList.Item', component: ItemSlot, sortOrder: 10 },
  { key: 'actions', component: IncomingActions, sortOrder: 20 },
];

/** One task of the list: the `TaskListItem` slot, with the task. */
function TaskItem({ task, selected }: { task: DesktopTask; selected: boolean }) {
  const props = useMemo(() => ({ task }), [task]);
  return (
    <li className={`sb-task${selected ? ' sb-selected' : ''}`} data-task={task.sid} data-status={task.status}>
      <Slot name="TaskListItem" props={props} defaults={TASK_LIST_ITEM_CHILDREN} />
    </li>
  );
}

/** Incoming and active tasks, oldest first. */
export function TaskList() {
  const tasks = useSelector(selectTasks);
  const selected = useDesktop((d) => d.selectedTaskSid);
  const incoming = tasks.filter((t) => t.status === 'pending').length;
  return (
    <nav className="sb-tasks" aria-labelledby="sb-tasks-title">
      <h2 id="sb-tasks-title">
        Tasks{' '}
        {incoming > 0 && (
          <span className="sb-badge" aria-label={`${incoming} incoming`}>
            {incoming}
          </span>
        )}
      </h2>
      {tasks.length === 0 ? (
        <p className="sb-muted">No tasks. Set your activity to Available to receive chats.</p>
      ) : (
        <ul aria-label="Tasks">
          {tasks.map((task) => (
            <TaskItem key={task.sid} task={task} selected={task.sid === selected} />
          ))}
        </ul>
      )}
    </nav>
  );
}
