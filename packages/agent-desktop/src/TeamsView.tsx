/**
 * The Teams view (supervisors only, `#/teams`): every agent with their activity and tasks
 * (`WorkersDataTable`), every queue with its figures (`QueuesStatsView`), live, and the
 * monitor panel of the task being monitored (`MonitorPanel`). Each part is a slot with its
 * own children, which plugins add to, remove or replace by key.
 */
import type { QueueStats, TeamTask } from '@switchboard/contact-center';
import {
  PluginBoundary,
  selectMonitoring,
  selectQueueStats,
  selectTeam,
  Slot,
  Template,
  useHost,
  useStrings,
  type ResolvedContribution,
  type SlotDefault,
} from '@switchboard/host';
import type { TeamRow } from '@switchboard/plugin';
import {
  createContext,
  useContext,
  useEffect,
  useId,
  useMemo,
  useState,
  useSyncExternalStore,
  type ReactNode,
} from 'react';
import { useSelector } from 'react-redux';
import { useDesktop, useInvoke, usePending } from './hooks';
import { MonitorPanel } from './MonitorPanel';

type State = Parameters<typeof selectTeam>[0];

/** `m:ss`, or `h:mm:ss` from an hour. */
export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

/** The time now, ticking every second while the Teams view shows (one timer for the view). */
const NowContext = createContext<number>(0);
function useTicking(intervalMs = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}

/** The filters of the agents' table: an activity (or all) and a text in the name. */
interface Filters {
  activity: string;
  search: string;
  setActivity(activity: string): void;
  setSearch(search: string): void;
}
const FiltersContext = createContext<Filters>({ activity: '', search: '', setActivity() {}, setSearch() {} });

const CHANNEL = { chat: ['💬', 'TeamChannelChat'], voice: ['📞', 'TeamChannelVoice'] } as const;
const STATUS = {
  pending: 'TeamTaskStatusPending',
  accepted: 'TeamTaskStatusAccepted',
  wrapping: 'TeamTaskStatusWrapping',
} as const;

/** One task of an agent: channel, customer, status and age; Listen (a call) or Monitor (a chat). */
function TeamTaskItem({ task }: { task: TeamTask }) {
  const strings = useStrings();
  const invoke = useInvoke();
  const now = useContext(NowContext);
  const monitored = useSelector((s: State) => selectMonitoring(s)?.taskSid === task.taskSid);
  const starting = usePending('MonitorCall', { sid: task.taskSid });
  const [icon, channelKey] = CHANNEL[task.channelType] ?? ['•', task.channelType];
  const voice = task.channelType === 'voice';
  return (
    <li className="sb-team-task">
      <span aria-hidden="true">{icon} </span>
      <span className="sb-team-task-channel">{strings.get(channelKey)}</span>
      {' · '}
      <span className="sb-team-task-customer">{task.customerName}</span>
      {' · '}
      <span className="sb-team-task-status">
        {STATUS[task.status] ? strings.get(STATUS[task.status]) : task.status}
      </span>
      {' · '}
      <span className="sb-team-task-age">
        {strings.get('TeamTaskAge', { duration: formatDuration(now - task.since) })}
      </span>{' '}
      <button
        type="button"
        className="sb-monitor"
        disabled={monitored || starting}
        aria-pressed={monitored}
        aria-label={strings.get(voice ? 'TeamListenTo' : 'TeamMonitorChat', { customerName: task.customerName })}
        onClick={() => void invoke('MonitorCall', { sid: task.taskSid })}
      >
        {strings.get(voice ? 'TeamListen' : 'TeamMonitor')}
      </button>
    </li>
  );
}

/** The contributions of a column slot for each row (a column's `if` is asked per row), and the columns they make. */
function useColumns<P extends object>(slot: string, rowProps: readonly P[]) {
  const registry = useHost().contributions;
  const version = useSyncExternalStore(
    (onChange) => registry.subscribe(slot, onChange),
    () => registry.version(slot),
    () => registry.version(slot),
  );
  return useMemo(() => {
    const cells = rowProps.map((props) => new Map(registry.resolve(slot, props).map((c) => [c.key, c])));
    const columns = new Map<string, ResolvedContribution>();
    for (const row of cells) for (const [key, c] of row) if (!columns.has(key)) columns.set(key, c);
    return { columns: [...columns.values()], cells };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- `version` is what changes
  }, [registry, slot, rowProps, version]);
}

/** A plugin's cell: its component in the plugin's error boundary. */
function PluginCell({
  slot,
  contribution,
  props,
}: {
  slot: string;
  contribution?: ResolvedContribution;
  props: object;
}) {
  const host = useHost();
  if (!contribution) return <td />;
  const { component: Cell, owner } = contribution;
  return (
    <td>
      <PluginBoundary host={host} plugin={owner} slot={slot}>
        <Cell {...props} />
      </PluginBoundary>
    </td>
  );
}

/** The agents' table: name, activity (and for how long), tasks; plus the plugins' columns. */
function WorkersTable() {
  const strings = useStrings();
  const now = useContext(NowContext);
  const { activity, search } = useContext(FiltersContext);
  const team = useSelector(selectTeam);
  const rows = useMemo(() => {
    const text = search.trim().toLowerCase();
    return team.filter(
      (r) =>
        (!activity || r.worker.activity === activity) &&
        (!text || r.worker.fullName.toLowerCase().includes(text) || r.worker.identity.toLowerCase().includes(text)),
    );
  }, [team, activity, search]);
  const rowProps = useMemo(() => rows.map((member) => ({ member })), [rows]);
  const { columns, cells } = useColumns<{ member: TeamRow }>('WorkersDataTable.Columns', rowProps);
  return (
    <table className="sb-table sb-workers">
      <caption>{strings.get('WorkersTableCaption')}</caption>
      <thead>
        <tr>
          <th scope="col">{strings.get('WorkersColumnAgent')}</th>
          <th scope="col">{strings.get('WorkersColumnActivity')}</th>
          <th scope="col">{strings.get('WorkersColumnTasks')}</th>
          {columns.map((c) => (
            <th scope="col" key={c.key}>
              {c.label ?? c.key}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.length === 0 && (
          <tr>
            <td colSpan={3 + columns.length}>{strings.get('WorkersNoMatch')}</td>
          </tr>
        )}
        {rows.map(({ worker, tasks, activitySince }, i) => (
          <tr key={worker.sid} data-worker-sid={worker.sid}>
            <th scope="row">{worker.fullName}</th>
            <td>
              {activitySince === null
                ? worker.activity
                : strings.get('TeamActivityFor', {
                    activity: worker.activity,
                    duration: formatDuration(now - activitySince),
                  })}
            </td>
            <td>
              {tasks.length === 0 ? (
                strings.get('WorkersNoTasks')
              ) : (
                <ul className="sb-team-tasks">
                  {tasks.map((task) => (
                    <TeamTaskItem key={task.taskSid} task={task} />
                  ))}
                </ul>
              )}
            </td>
            {columns.map((c) => (
              <PluginCell
                key={c.key}
                slot="WorkersDataTable.Columns"
                contribution={cells[i]!.get(c.key)}
                props={rowProps[i]!}
              />
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** How long the oldest waiting task has waited, ticking from the figures' time. */
function LongestWait({ queue }: { queue: QueueStats }) {
  const now = useContext(NowContext);
  const at = useSelector((s: State) => s.supervisor.queueStatsAt);
  const waited = queue.waitingTasks > 0 ? queue.longestWaitMs + Math.max(0, now - at) : 0;
  return <>{formatDuration(waited)}</>;
}

/** The queues' table: every queue's figures, live; plus the plugins' columns. */
function QueuesTable() {
  const strings = useStrings();
  const queues = useSelector(selectQueueStats);
  const rowProps = useMemo(() => queues.map((queue) => ({ queue })), [queues]);
  const { columns, cells } = useColumns<{ queue: QueueStats }>('QueuesStatsView.Columns', rowProps);
  const heads = [
    'QueuesColumnWaiting',
    'QueuesColumnLongestWait',
    'QueuesColumnReserved',
    'QueuesColumnAvailable',
    'QueuesColumnEligible',
    'QueuesColumnActive',
  ];
  return (
    <table className="sb-table sb-queues">
      <caption>{strings.get('QueuesTableCaption')}</caption>
      <thead>
        <tr>
          <th scope="col">{strings.get('QueuesColumnQueue')}</th>
          {heads.map((key) => (
            <th scope="col" key={key}>
              {strings.get(key)}
            </th>
          ))}
          {columns.map((c) => (
            <th scope="col" key={c.key}>
              {c.label ?? c.key}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {queues.length === 0 && (
          <tr>
            <td colSpan={7 + columns.length}>{strings.get('QueuesNone')}</td>
          </tr>
        )}
        {queues.map((queue, i) => (
          <tr key={queue.queueSid} data-queue-sid={queue.queueSid}>
            <th scope="row">{queue.name}</th>
            <td>{queue.waitingTasks}</td>
            <td>
              <LongestWait queue={queue} />
            </td>
            <td>{queue.reservedTasks}</td>
            <td>{queue.availableWorkers}</td>
            <td>{queue.eligibleWorkers}</td>
            <td>{queue.activeTasks}</td>
            {columns.map((c) => (
              <PluginCell
                key={c.key}
                slot="QueuesStatsView.Columns"
                contribution={cells[i]!.get(c.key)}
                props={rowProps[i]!}
              />
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The filters: an activity (of the contact center's list) and a search by name. */
function TeamFilters() {
  const strings = useStrings();
  const { activity, search, setActivity, setSearch } = useContext(FiltersContext);
  const activities = useDesktop((d) => d.activities);
  const id = useId();
  return (
    <div className="sb-team-filters" role="search">
      <label htmlFor={`${id}-activity`}>{strings.get('TeamsFilterActivity')}</label>
      <select id={`${id}-activity`} value={activity} onChange={(e) => setActivity(e.target.value)}>
        <option value="">{strings.get('TeamsFilterAllActivities')}</option>
        {activities.map((a) => (
          <option key={a.sid} value={a.name}>
            {a.name}
          </option>
        ))}
      </select>
      <input
        type="search"
        aria-label={strings.get('TeamsFilterSearch')}
        placeholder={strings.get('TeamsFilterSearch')}
        value={search}
        onChange={(e) => setSearch(e.target.value)}
      />
    </div>
  );
}

/** The monitor panel, while a task is monitored. */
function MonitorSlot() {
  const monitoring = useSelector(selectMonitoring);
  const props = useMemo(() => (monitoring ? { monitoring } : undefined), [monitoring]);
  return props ? <Slot name="MonitorPanel" props={props} defaults={MONITOR_PANEL_CHILDREN} /> : null;
}

/** The children of `MonitorPanel`, by key: `panel`. */
export const MONITOR_PANEL_CHILDREN: readonly SlotDefault<{
  monitoring: NonNullable<ReturnType<typeof selectMonitoring>>;
}>[] = [{ key: 'panel', component: MonitorPanel, sortOrder: 0 }];
/** The children of `WorkersDataTable`, by key: `table`. */
export const WORKERS_DATA_TABLE_CHILDREN: readonly SlotDefault<Record<string, never>>[] = [
  { key: 'table', component: WorkersTable, sortOrder: 0 },
];
/** The children of `QueuesStatsView`, by key: `table`. */
export const QUEUES_STATS_VIEW_CHILDREN: readonly SlotDefault<Record<string, never>>[] = [
  { key: 'table', component: QueuesTable, sortOrder: 0 },
];
const Workers = () => <Slot name="WorkersDataTable" defaults={WORKERS_DATA_TABLE_CHILDREN} />;
const Queues = () => <Slot name="QueuesStatsView" defaults={QUEUES_STATS_VIEW_CHILDREN} />;
/** The children of `TeamsView`, by key: `monitor` 0, `filters` 10, `workers` 20, `queues` 30. */
export const TEAMS_VIEW_CHILDREN: readonly SlotDefault<Record<string, never>>[] = [
  { key: 'monitor', component: MonitorSlot, sortOrder: 0 },
  { key: 'filters', component: TeamFilters, sortOrder: 10 },
  { key: 'workers', component: Workers, sortOrder: 20 },
  { key: 'queues', component: Queues, sortOrder: 30 },
];

function Providers({ children }: { children: ReactNode }) {
  const now = useTicking();
  const [activity, setActivity] = useState('');
  const [search, setSearch] = useState('');
  const filters = useMemo(() => ({ activity, search, setActivity, setSearch }), [activity, search]);
  return (
    <NowContext.Provider value={now}>
      <FiltersContext.Provider value={filters}>{children}</FiltersContext.Provider>
    </NowContext.Provider>
  );
}

/** The Teams view: the `TeamsView` slot with its children, the time ticking and the filters. */
export function TeamsView() {
  return (
    <div className="sb-teams">
      <h2>
        <Template code="TeamsView" />
      </h2>
      <Providers>
        <Slot name="TeamsView" defaults={TEAMS_VIEW_CHILDREN} />
      </Providers>
    </div>
  );
}
