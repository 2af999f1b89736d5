import { selectTasks, Slot, Template, useStrings, type SlotDefault } from '@switchboard/host';
import { isCallTask, type DesktopTask } from '@switchboard/plugin';
import { useMemo } from 'react';
import { useSelector } from 'react-redux';
import { useDesktop, useInvoke, usePending } from './hooks';

/** The catalogue key of each reservation status the list shows. */
const STATUS: Record<string, string> = {
  pending: 'TaskStatusPending',
  accepted: 'TaskStatusAccepted',
  wrapping: 'TaskStatusWrapping',
};

type TaskProps = { task: DesktopTask };

/** The customer and the task's status; selects the task. */
function TaskSummary({ task }: TaskProps) {
  const invoke = useInvoke();
  const selected = useDesktop((d) => d.selectedTaskSid === task.sid);
  const strings = useStrings();
  const status = STATUS[task.status];
  return (
    <button
      type="button"
      className="sb-task-select"
      aria-current={selected ? 'true' : undefined}
      onClick={() => void invoke('SelectTask', { sid: task.sid })}
    >
      <span className="sb-task-name">{strings.get('TaskHeaderLine', { task })}</span>
      <span className="sb-task-status">
        {task.channel} · {status === undefined ? task.status : strings.get(status, { task })}
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
  const strings = useStrings();
  const call = isCallTask(task);
  if (task.status !== 'pending') return null;
  return (
    <div className="sb-task-actions">
      <button
        type="button"
        className="sb-accept"
        disabled={busy}
        // The visible text is part of the name (WCAG 2.5.3), in both states.
        aria-label={
          call
            ? strings.get('CallAcceptFrom', { task, caller: task.customerName })
            : strings.get(accepting ? 'TaskAcceptingChatFrom' : 'TaskAcceptChatFrom', { task })
        }
        onClick={() => void invoke('AcceptTask', { sid: task.sid })}
      >
        {strings.get(accepting ? 'Accepting' : 'Accept', { task })}
      </button>
      <button
        type="button"
        className="sb-reject"
        disabled={busy}
        aria-label={strings.get(call ? 'CallRejectFrom' : 'TaskRejectChatFrom', { task, caller: task.customerName })}
        onClick={() => void invoke('RejectTask', { sid: task.sid })}
      >
        {strings.get('Reject', { task })}
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
  const strings = useStrings();
  return (
    <nav className="sb-tasks" aria-labelledby="sb-tasks-title">
      <h2 id="sb-tasks-title">
        <Template code="TaskListTitle" />{' '}
        {incoming > 0 && (
          <span className="sb-badge" aria-label={strings.get('TaskListIncomingCount', { count: incoming })}>
            {incoming}
          </span>
        )}
      </h2>
      {tasks.length === 0 ? (
        <p className="sb-muted">
          <Template code="NoTasks" />
        </p>
      ) : (
        <ul aria-label={strings.get('TaskListTitle')}>
          {tasks.map((task) => (
            <TaskItem key={task.sid} task={task} selected={task.sid === selected} />
          ))}
        </ul>
      )}
    </nav>
  );
}
