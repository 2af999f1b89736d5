/** @jest-environment jsdom */
import type {
  CallInfo,
  CallMedia,
  CallMediaOptions,
  CallSignal,
  QueueStats,
  TeamTask,
} from '@switchboard/contact-center';
import { HostProvider, supervisorSlice } from '@switchboard/host';
import { definePlugin } from '@switchboard/plugin';
import { act, fireEvent, render, screen, within } from '@testing-library/react';
import { startSupervisedHost, type SupervisedHost } from '../../host/test/fakeSupervision';
import { Desktop } from './Desktop';
import { formatDuration } from './TeamsView';
import { liveMonitorMedia, type MonitorMediaFactory } from './MonitorAudio';

let s: SupervisedHost;
beforeEach(() => window.history.replaceState(null, '', '/'));
afterEach(async () => {
  await s?.dispose();
});

const settle = () => act(() => new Promise((r) => setTimeout(r, 10)));
const sidOf = (identity: string) =>
  Object.values(
    (s.host.store.getState() as { desktop: { workers: Record<string, { sid: string; identity: string }> } }).desktop
      .workers,
  ).find((w) => w.identity === identity)!.sid;
const push: SupervisedHost['fake']['emit'] = (event, ...args) => act(() => s.fake.emit(event, ...args));

const queue = (extra: Partial<QueueStats> = {}): QueueStats => ({
  queueSid: 'WQ1',
  name: 'Everyone',
  waitingTasks: 0,
  reservedTasks: 0,
  longestWaitMs: 0,
  availableWorkers: 2,
  eligibleWorkers: 3,
  activeTasks: 0,
  ...extra,
});
const teamTask = (taskSid: string, customerName: string, channelType: TeamTask['channelType'] = 'chat'): TeamTask => ({
  taskSid,
  channelType,
  status: 'accepted',
  customerName,
  queueSid: 'WQ1',
  since: Date.now() - 65_000,
});

/** A media factory that records what the panel does with it. */
function fakeMedia() {
  const made: Array<{
    options: CallMediaOptions;
    updates: CallInfo[];
    received: CallSignal[];
    closed: boolean;
    fail?: (error: Error) => void;
  }> = [];
  const factory: MonitorMediaFactory = (options) => {
    const record: (typeof made)[number] = { options, updates: [], received: [], closed: false };
    made.push(record);
    const media: CallMedia = {
      update: (call) => void record.updates.push(call),
      receive: (signal) => void record.received.push(signal),
      close: () => {
        record.closed = true;
      },
      playDtmf: () => {},
      stats: async () => ({ inboundBytes: 0, outboundBytes: 0, audioLevel: 0, peers: {} }),
      error: undefined,
      on: (_event, listener) => {
        record.fail = listener;
        return { dispose: () => (record.fail = undefined) };
      },
    };
    return media;
  };
  return { made, factory };
}

async function renderDesktop(callMedia?: MonitorMediaFactory) {
  const view = render(
    <HostProvider host={s.host}>
      <Desktop createCallMedia={callMedia} />
    </HostProvider>,
  );
  await settle();
  return view;
}
async function openTeams() {
  const nav = screen.getByRole('navigation', { name: 'Views' });
  await act(async () => fireEvent.click(within(nav).getByRole('link', { name: /Teams/ })));
  expect(window.location.hash).toBe('#/teams');
}
const rowOf = (table: HTMLElement, name: string) => within(table).getByRole('rowheader', { name }).closest('tr')!;

describe('the Teams view', () => {
  it('is a view of supervisors only', async () => {
    s = await startSupervisedHost('agent');
    const agentView = await renderDesktop();
    const nav = screen.getByRole('navigation', { name: 'Views' });
    expect(within(nav).queryByRole('link', { name: /Teams/ })).toBeNull();
    agentView.unmount();
    await s.dispose();

    s = await startSupervisedHost('supervisor');
    await renderDesktop();
    await openTeams();
    expect(screen.getByRole('main', { name: 'Teams' })).toBeTruthy();
  });

  it('lists every agent with activity and tasks, and every queue with its figures, live', async () => {
    s = await startSupervisedHost('supervisor', { view: { queueStats: [queue()] } });
    await renderDesktop();
    await openTeams();
    const agents = screen.getByRole('table', { name: 'Agents' });
    expect(
      within(agents)
        .getAllByRole('columnheader')
        .map((h) => h.textContent),
    ).toEqual(['Agent', 'Activity', 'Tasks']);
    expect(
      within(agents)
        .getAllByRole('rowheader')
        .map((h) => h.textContent),
    ).toEqual(['Alice', 'Bob', 'Sue']);
    expect(rowOf(agents, 'Bob').textContent).toContain('Available');
    expect(rowOf(agents, 'Bob').textContent).toContain('No tasks');

    // Tasks arrive (teamUpdated): channel, customer, status, age, and the button to monitor.
    await push('teamUpdated', [
      { workerSid: sidOf('alice'), tasks: [teamTask('WT1', 'Ada', 'voice'), teamTask('WT2', 'Cy')] },
    ]);
    const alice = rowOf(agents, 'Alice');
    expect(alice.textContent).toMatch(/Call · Ada · Active · for 1:0\d/);
    expect(within(alice).getByRole('button', { name: "Listen to Ada's call" }).textContent).toBe('Listen');
    expect(within(alice).getByRole('button', { name: "Monitor Cy's chat" }).textContent).toBe('Monitor');

    // An activity change shows since when.
    await act(async () => {
      await s.cc.colleague('bob').setActivity('Busy');
    });
    await settle();
    expect(rowOf(agents, 'Bob').textContent).toMatch(/Busy for 0:0\d/);

    // Filters: by activity, by name.
    await act(async () =>
      fireEvent.change(screen.getByRole('combobox', { name: 'Filter by activity' }), { target: { value: 'Busy' } }),
    );
    expect(
      within(agents)
        .getAllByRole('rowheader')
        .map((h) => h.textContent),
    ).toEqual(['Bob']);
    await act(async () =>
      fireEvent.change(screen.getByRole('combobox', { name: 'Filter by activity' }), { target: { value: '' } }),
    );
    await act(async () =>
      fireEvent.change(screen.getByRole('searchbox', { name: 'Search agents by name' }), { target: { value: 'al' } }),
    );
    expect(
      within(agents)
        .getAllByRole('rowheader')
        .map((h) => h.textContent),
    ).toEqual(['Alice']);

    // The queues.
    const queues = screen.getByRole('table', { name: 'Queues' });
    expect(
      within(queues)
        .getAllByRole('columnheader')
        .map((h) => h.textContent),
    ).toEqual(['Queue', 'Waiting', 'Longest wait', 'Reserved', 'Available agents', 'Eligible agents', 'Active tasks']);
    const cells = () => [...rowOf(queues, 'Everyone').querySelectorAll('td')].map((c) => c.textContent);
    expect(cells()).toEqual(['0', '0:00', '0', '2', '3', '0']);
    await push('queueStatsUpdated', [
      queue({ waitingTasks: 2, reservedTasks: 1, longestWaitMs: 5_000, activeTasks: 4 }),
    ]);
    expect(cells()).toEqual(['2', '0:05', '1', '2', '3', '4']);
    // The longest wait ticks on between two updates (from when the figures arrived: 3 s ago here).
    await act(() => {
      s.host.store.dispatch(
        supervisorSlice.actions.queueStatsUpdated(
          [queue({ waitingTasks: 1, longestWaitMs: 5_000 })],
          Date.now() - 3_000,
        ),
      );
    });
    await act(() => new Promise((r) => setTimeout(r, 1_100)));
    expect(cells()[1]).toMatch(/^0:0[89]$/);
  });

  it('Monitor shows a chat read only: the transcript, no composer; Stop monitoring closes it', async () => {
    s = await startSupervisedHost();
    const task = await s.cc.createTask({ customerName: 'Ada', to: 'alice', message: 'Is my order late?' });
    await renderDesktop();
    await openTeams();
    await push('teamUpdated', [{ workerSid: sidOf('alice'), tasks: [teamTask(task.taskSid, 'Ada')] }]);
    await act(async () => fireEvent.click(screen.getByRole('button', { name: "Monitor Ada's chat" })));
    await settle();
    const panel = screen.getByRole('region', { name: 'Monitoring (read only)' });
    expect(panel.textContent).toContain("Ada's chat with Alice");
    const transcript = within(panel).getByRole('list', { name: 'Transcript' });
    expect(transcript.textContent).toContain('Is my order late?');
    expect(within(panel).queryByRole('textbox')).toBeNull();
    expect((screen.getByRole('button', { name: "Monitor Ada's chat" }) as HTMLButtonElement).disabled).toBe(true);

    const later = await s.cc.customerWrites(task.channelSid, 'Hello?');
    await push('messageAdded', later);
    expect(transcript.textContent).toContain('Hello?');

    await act(async () => fireEvent.click(within(panel).getByRole('button', { name: 'Stop monitoring' })));
    await settle();
    expect(screen.queryByRole('region', { name: 'Monitoring (read only)' })).toBeNull();
    expect(s.fake.calls).toEqual([`monitorTask ${task.taskSid}`, `stopMonitoringTask ${task.taskSid}`]);
  });

  it("Listen plays the call through a receive-only media session as the supervisor's worker; Stop listening ends it", async () => {
    s = await startSupervisedHost();
    const task = await s.cc.createTask({ customerName: 'Ada', to: 'alice' });
    const call: CallInfo = {
      sid: 'CA1',
      taskSid: task.taskSid,
      channelSid: task.channelSid,
      direction: 'inbound',
      status: 'in-progress',
      from: 'Ada',
      to: 'Everyone',
      participants: [],
      createdAt: 1,
      updatedAt: 1,
    };
    s.fake.callsByTask.set(task.taskSid, call);
    const media = fakeMedia();
    await renderDesktop(media.factory);
    await openTeams();
    await push('teamUpdated', [{ workerSid: sidOf('alice'), tasks: [teamTask(task.taskSid, 'Ada', 'voice')] }]);
    await act(async () => fireEvent.click(screen.getByRole('button', { name: "Listen to Ada's call" })));
    await settle();
    const panel = screen.getByRole('region', { name: 'Monitoring (read only)' });
    expect(panel.textContent).toContain("Listening to Ada's call with Alice");
    expect(media.made).toHaveLength(1);
    const session = media.made[0]!;
    expect(session.options).toMatchObject({ self: sidOf('sue'), receiveOnly: true });
    expect(session.updates.map((c) => c.sid)).toEqual(['CA1']);
    expect(liveMonitorMedia.get('CA1')).toBeDefined();

    const signal: CallSignal = { callSid: 'CA1', from: sidOf('alice'), data: { type: 'answer', sdp: 'v=0' } };
    await push('callSignal', signal);
    await push('callSignal', { ...signal, callSid: 'CA-other' });
    expect(session.received).toEqual([signal]);
    await push('callUpdated', { ...call, updatedAt: 2 });
    expect(session.updates).toHaveLength(2);
    // The media's failure shows in the panel.
    await act(() => session.fail!(new Error('the connection failed')));
    expect(within(panel).getByRole('alert').textContent).toBe('No audio: the connection failed');

    // The supervisor keeps listening on another view.
    const nav = screen.getByRole('navigation', { name: 'Views' });
    await act(async () => fireEvent.click(within(nav).getByRole('link', { name: 'Agent Desktop' })));
    expect(screen.queryByRole('region', { name: 'Monitoring (read only)' })).toBeNull();
    expect(session.closed).toBe(false);
    await openTeams();
    expect(media.made).toHaveLength(1);
    const back = screen.getByRole('region', { name: 'Monitoring (read only)' });
    await act(async () => fireEvent.click(within(back).getByRole('button', { name: 'Stop listening' })));
    await settle();
    expect(session.closed).toBe(true);
    expect(liveMonitorMedia.size).toBe(0);
    expect(screen.queryByRole('region', { name: 'Monitoring (read only)' })).toBeNull();
  });

  it('says when the call ended or there is no audio', async () => {
    s = await startSupervisedHost();
    const task = await s.cc.createTask({ customerName: 'Ada', to: 'alice' });
    const call = { sid: 'CA1', taskSid: task.taskSid, status: 'in-progress', participants: [] } as unknown as CallInfo;
    s.fake.callsByTask.set(task.taskSid, call);
    await renderDesktop(); // no media factory
    await openTeams();
    await act(async () => {
      await s.host.actions.invokeAction('MonitorCall', { sid: task.taskSid });
    });
    const panel = screen.getByRole('region', { name: 'Monitoring (read only)' });
    expect(panel.textContent).toContain('Audio is not available in this desktop.');
    await push('callUpdated', { ...call, status: 'ended' });
    expect(panel.textContent).toContain('The call has ended.');
  });

  it('has slots: plugins add above the view and columns to the tables', async () => {
    const plugin = definePlugin({
      name: 'team-extras',
      init(api) {
        api.contributions.add('TeamsView', () => <p>Shift ends at 18:00</p>, { key: 'shift', sortOrder: -1 });
        api.contributions.add('WorkersDataTable.Columns', ({ member }) => <>{member.worker.identity.toUpperCase()}</>, {
          key: 'login',
          label: 'Login',
        });
        api.contributions.add('QueuesStatsView.Columns', ({ queue: q }) => <>{q.waitingTasks > 2 ? 'busy' : 'ok'}</>, {
          key: 'load',
          label: 'Load',
        });
      },
    });
    s = await startSupervisedHost('supervisor', {
      view: { queueStats: [queue({ waitingTasks: 3 })] },
      plugins: [plugin],
    });
    await act(async () => {
      await s.host.plugins.loadManifest([
        { name: 'team-extras', version: '1.0.0', src: 'https://plugins.test/x.js', hostVersion: '*' },
      ]);
    });
    await renderDesktop();
    await openTeams();
    const main = screen.getByRole('main', { name: 'Teams' });
    expect(main.textContent).toContain('Shift ends at 18:00');
    const agents = screen.getByRole('table', { name: 'Agents' });
    expect(
      within(agents)
        .getAllByRole('columnheader')
        .map((h) => h.textContent),
    ).toEqual(['Agent', 'Activity', 'Tasks', 'Login']);
    expect(rowOf(agents, 'Bob').textContent).toContain('BOB');
    const queues = screen.getByRole('table', { name: 'Queues' });
    expect(within(queues).getAllByRole('columnheader').at(-1)!.textContent).toBe('Load');
    expect(rowOf(queues, 'Everyone').textContent).toContain('busy');
  });
});

it('formats durations as m:ss, h:mm:ss', () => {
  expect([0, 5_400, 65_000, 3_600_000 + 61_000].map(formatDuration)).toEqual(['0:00', '0:05', '1:05', '1:01:01']);
});
