import {
  selectDirectory,
  selectSelectedTask,
  Slot,
  SlotTabs,
  Tab,
  TaskContextProvider,
  Template,
  useHost,
  useSlotContributions,
  useStrings,
  type SlotDefault,
} from '@switchboard/host';
import type { DesktopTask } from '@switchboard/plugin';
import { lazy, Suspense, useCallback, useMemo, useState } from 'react';
import { useSelector } from 'react-redux';
import { isCallTask } from '@switchboard/plugin';
import { Chat } from './Chat';
import { useInvoke, usePending } from './hooks';

/** The call canvas: a chunk of its own, loaded when a call task first shows (see README, "Code splitting"). */
const CallCanvas = lazy(() =>
  import(/* webpackChunkName: "call-canvas", webpackPrefetch: true */ './CallCanvas').then((m) => ({
    default: m.CallCanvas,
  })),
);

/**
 * Transfer: "Transfer…" opens the directory (ShowDirectory) for this task: the Available agents
 * and the queues, each a button that invokes TransferTask; Close (HideDirectory).
 */
function TransferControl({ task }: { task: DesktopTask }) {
  const invoke = useInvoke();
  const directory = useSelector(selectDirectory);
  const transferring = usePending('TransferTask', { sid: task.sid });
  const open = directory.open && directory.task?.sid === task.sid;
  const strings = useStrings();
  // A call's transfer is cold or warm (the three talk, then this agent hangs up).
  const call = isCallTask(task);
  const transfer = (targetSid: string, mode?: 'COLD' | 'WARM') =>
    void invoke('TransferTask', { sid: task.sid, targetSid, ...(mode ? { options: { mode } } : {}) });
  if (!open)
    return (
      <div className="sb-transfer">
        <button type="button" aria-haspopup="true" onClick={() => void invoke('ShowDirectory', { sid: task.sid })}>
          {`${strings.get('Transfer')}…`}
        </button>
      </div>
    );
  const busy = directory.workers.filter((w) => w.activity !== 'Available');
  return (
    <div className="sb-transfer sb-directory" role="group" aria-label="Transfer directory">
      <ul aria-label="Agents">
        {directory.available.length === 0 && <li>{strings.get('NoAgentAvailable')}</li>}
        {directory.available.map((w) => (
          <li key={w.sid}>
            {call ? (
              <>
                {w.fullName}{' '}
                <button
                  type="button"
                  disabled={transferring}
                  aria-label={strings.get('CallTransferCold', { name: w.fullName })}
                  onClick={() => transfer(w.sid, 'COLD')}
                >
                  {strings.get('TransferCold')}
                </button>{' '}
                <button
                  type="button"
                  disabled={transferring}
                  aria-label={strings.get('CallTransferWarm', { name: w.fullName })}
                  onClick={() => transfer(w.sid, 'WARM')}
                >
                  {strings.get('TransferWarm')}
                </button>
              </>
            ) : (
              <button
                type="button"
                disabled={transferring}
                aria-label={`Transfer to ${w.fullName}`}
                onClick={() => transfer(w.sid)}
              >
                {w.fullName}
              </button>
            )}
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
        {transferring ? strings.get('Transferring') : 'Close'}
      </button>
    </div>
  );
}

function TaskButtons({ task }: { task: DesktopTask }) {
  const invoke = useInvoke();
  const strings = useStrings();
  const wrapping = usePending('WrapupTask', { sid: task.sid });
  const completing = usePending('CompleteTask', { sid: task.sid });
  const accepting = usePending('AcceptTask', { sid: task.sid });
  if (task.status === 'pending') {
    // A call's offer is answered in its call canvas (which names the caller).
    if (isCallTask(task)) return null;
    return (
      <div className="sb-buttons">
        <button type="button" disabled={accepting} onClick={() => void invoke('AcceptTask', { sid: task.sid })}>
          {strings.get(accepting ? 'Accepting' : 'Accept')}
        </button>
        <button type="button" disabled={accepting} onClick={() => void invoke('RejectTask', { sid: task.sid })}>
          {strings.get('Reject')}
        </button>
      </div>
    );
  }
  return (
    <div className="sb-buttons">
      {task.status === 'accepted' && <TransferControl task={task} />}
      {task.status === 'accepted' && (
        <button type="button" disabled={wrapping} onClick={() => void invoke('WrapupTask', { sid: task.sid })}>
          {strings.get(wrapping ? 'WrappingUp' : 'WrapUp')}
        </button>
      )}
      <button type="button" disabled={completing} onClick={() => void invoke('CompleteTask', { sid: task.sid })}>
        {strings.get(completing ? 'Completing' : 'Complete')}
      </button>
    </div>
  );
}

/** The selected task: its header and buttons, the chat, and the plugins' tabs. */
export function TaskCanvas() {
  const task = useSelector(selectSelectedTask);
  const strings = useStrings();
  if (!task) {
    return (
      <div className="sb-empty">
        <h2>{strings.get('NoTaskSelected')}</h2>
        <p className="sb-muted">{strings.get('NoTaskSelectedHint')}</p>
      </div>
    );
  }
  return <TaskView task={task} />;
}

type TaskProps = { task: DesktopTask };

/** The customer, the channel and status, and what the customer asked. */
function TaskInfo({ task }: TaskProps) {
  return (
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
  );
}

/** The first header slot, `TaskCanvas.Header`, kept as one child of `TaskCanvasHeader`. */
function HeaderSlot({ task }: TaskProps) {
  const props = useMemo(() => ({ task }), [task]);
  return <Slot name="TaskCanvas.Header" props={props} />;
}

/** The children of `TaskCanvasHeader`, by key (plugins add beside them, remove or replace them). */
export const TASK_CANVAS_HEADER_CHILDREN: readonly SlotDefault<TaskProps>[] = [
  { key: 'info', component: TaskInfo, sortOrder: 0 },
  { key: 'TaskCanvas.Header', component: HeaderSlot, sortOrder: 10 },
  { key: 'actions', component: TaskButtons, sortOrder: 20 },
];

function ChatTab({ task }: TaskProps) {
  const strings = useStrings();
  // A call has no chat.
  if (isCallTask(task)) return null;
  return (
    <Tab name="chat" label={strings.get('ChatTab')}>
      <Chat task={task} />
    </Tab>
  );
}

/** The built-in tabs of `TaskCanvasTabs`, by key: `chat`. */
export const TASK_CANVAS_TABS_CHILDREN: readonly SlotDefault<TaskProps>[] = [{ key: 'chat', component: ChatTab }];

/** The first tab slot: its contributions are panels, after the `TaskCanvasTabs` ones. */
const PANEL_SLOTS = ['TaskCanvas.Tabs'] as const;

/**
 * `state.ui.componentState.TaskCanvasTabs.selectedTabName`, when the host keeps component
 * state (`SetComponentState`); undefined otherwise.
 */
export function selectSelectedTabName(state: unknown): string | undefined {
  const ui = (state as { ui?: { componentState?: Record<string, unknown> } } | undefined)?.ui;
  const tabs = ui?.componentState?.TaskCanvasTabs;
  const name =
    typeof tabs === 'object' && tabs !== null ? (tabs as { selectedTabName?: unknown }).selectedTabName : undefined;
  return typeof name === 'string' ? name : undefined;
}

/**
 * The task canvas's tabs (`TaskCanvasTabs`). The selected tab is component state
 * (`TaskCanvasTabs.selectedTabName`): a click sets it through `SetComponentState` when the
 * host has that action, and a plugin invoking it selects a tab. Without it, the selection is
 * kept here.
 */
function TaskCanvasTabs({ task }: TaskProps) {
  const host = useHost();
  const invoke = useInvoke();
  const fromStore = useSelector(selectSelectedTabName);
  const [selected, setSelected] = useState(fromStore);
  const [seen, setSeen] = useState(fromStore);
  if (fromStore !== seen) {
    // The component state changed (a plugin selected a tab): follow it.
    setSeen(fromStore);
    setSelected(fromStore);
  }
  const select = useCallback(
    (selectedTabName: string) => {
      setSelected(selectedTabName);
      if (host.actions.describe('SetComponentState')?.registered)
        void invoke('SetComponentState', { name: 'TaskCanvasTabs', state: { selectedTabName } });
    },
    [host, invoke],
  );
  const props = useMemo(() => ({ task }), [task]);
  return (
    <SlotTabs
      name="TaskCanvasTabs"
      props={props}
      defaults={TASK_CANVAS_TABS_CHILDREN}
      panelSlots={PANEL_SLOTS}
      selected={selected}
      onSelect={select}
      label="Task views"
    />
  );
}

function TaskView({ task }: TaskProps) {
  const props = useMemo(() => ({ task }), [task]);
  // A call has no chat tab: its tab strip shows only when plugins add tabs (an empty one is no tab list).
  const pluginTabs =
    useSlotContributions('TaskCanvasTabs', props).length + useSlotContributions('TaskCanvas.Tabs', props).length;
  return (
    <TaskContextProvider task={task}>
      <div className="sb-task-canvas" data-task={task.sid}>
        <div className="sb-canvas-header">
          <Slot name="TaskCanvasHeader" props={props} defaults={TASK_CANVAS_HEADER_CHILDREN} />
        </div>
        {isCallTask(task) && (
          <Suspense
            fallback={
              <p className="sb-loading" role="status">
                <Template code="ViewLoading" />
              </p>
            }
          >
            <CallCanvas task={task} />
          </Suspense>
        )}
        {(!isCallTask(task) || pluginTabs > 0) && <TaskCanvasTabs task={task} />}
      </div>
    </TaskContextProvider>
  );
}
