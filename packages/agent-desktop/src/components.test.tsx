/** @jest-environment jsdom */
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { HostProvider, Tab, useTask, withTask } from '@switchboard/host';
import { createTestHost, type TestHost } from '@switchboard/host/testing';
import { definePlugin, isChatBasedTask, type DesktopTask } from '@switchboard/plugin';
import type { Reducer } from 'redux';
import { CRMContainer } from './CRMContainer';
import { Header } from './Header';
import { selectSelectedTabName, TaskCanvas } from './TaskCanvas';
import { TaskList } from './TaskList';

const CustomerOfContext = withTask(({ task }: { task?: DesktopTask }) => <i>ctx {task?.customerName}</i>);

/** A plugin using the programmable components the way Flex plugins use Content.add. */
const components = definePlugin({
  name: 'components',
  init(api) {
    api.contributions.add('MainHeader', () => <b>clock</b>, { key: 'clock', align: 'end', sortOrder: 25 });
    api.contributions.remove('MainHeader', 'notifications');
    api.contributions.add('MainHeader.Right', () => <b>old right</b>, { key: 'old-right' });
    api.contributions.add('TaskListItem', CustomerOfContext, { key: 'ctx' });
    api.contributions.add('TaskList.Item', ({ task }) => <b>old item {task.status}</b>, { key: 'old-item' });
    api.contributions.add('TaskCanvasHeader', () => <b>header of {useTask()?.customerName}</b>, {
      key: 'mine',
      sortOrder: 15,
      if: ({ task }) => isChatBasedTask(task),
    });
    api.contributions.add('TaskCanvas.Header', () => <b>old header</b>, { key: 'old-header' });
    api.contributions.add(
      'TaskCanvasTabs',
      ({ task }) => (
        <Tab name="notes" label="Notes">
          notes on {task.customerName}
        </Tab>
      ),
      { key: 'notes', sortOrder: 10 },
    );
    api.contributions.add('TaskCanvas.Tabs', () => <p>old tab panel</p>, { key: 'old-tab', label: 'Old' });
    api.contributions.replace('MessageListItem', ({ message }) => <em className="card">card {message.body}</em>, {
      key: 'card',
      if: ({ message }) => message.body.startsWith('/card'),
    });
    api.contributions.add('MessageBubble', () => <small>✓</small>, { key: 'tick', sortOrder: 30 });
    api.contributions.add('MessageInputActions', () => <button type="button">Emoji</button>, {
      key: 'emoji',
      sortOrder: -1,
    });
  },
});

async function accepted(t: TestHost, message = 'Hi') {
  const { reservationSid, channelSid } = await t.contactCenter.createTask({ customerName: 'Ada', message });
  await t.invoke('AcceptTask', { sid: reservationSid });
  return { reservationSid, channelSid };
}

describe('the programmable components of the agent desktop', () => {
  let t: TestHost;
  beforeEach(async () => {
    t = await createTestHost({ plugins: [components] });
  });
  afterEach(async () => {
    cleanup(); // before the plugins go: their contributions' removal would render again
    await t.dispose();
  });

  const show = (ui: React.ReactNode) => render(<HostProvider host={t.host}>{ui}</HostProvider>);

  it('MainHeader: own children at both ends, plugins beside them or removing them; MainHeader.Right still there', () => {
    const { container } = show(<Header />);
    const start = container.querySelector('.sb-header-start')!;
    const end = container.querySelector('.sb-header-end')!;
    expect(start.querySelector('.sb-title')).toBeTruthy();
    expect(start.querySelector('.sb-agent-name')).toBeTruthy();
    // The dialer (the test kit's contact center has voice) comes first at the end.
    expect(end.textContent).toBe('Dialerold rightclockSign out');
  });

  it('TaskListItem: the task in context, the old TaskList.Item inside, Accept and Reject for an incoming task', async () => {
    await t.contactCenter.createTask({ customerName: 'Ada', message: 'Hi' });
    show(<TaskList />);
    const item = screen.getByRole('listitem');
    expect(within(item).getByText('ctx Ada')).toBeTruthy();
    expect(within(item).getByText('old item pending')).toBeTruthy();
    expect(within(item).getByRole('button', { name: 'Accept chat from Ada' })).toBeTruthy();
  });

  it('TaskCanvasHeader and TaskCanvasTabs: own children, plugin children, the old slots; tabs switch', async () => {
    await accepted(t);
    await act(() => t.settle());
    const { container } = show(<TaskCanvas />);
    const header = container.querySelector('.sb-canvas-header')!;
    expect(header.querySelector('h2')?.textContent).toBe('Ada');
    expect(within(header as HTMLElement).getByText('old header')).toBeTruthy();
    expect(within(header as HTMLElement).getByText('header of Ada')).toBeTruthy();
    expect(within(header as HTMLElement).getByRole('button', { name: 'Wrap up' })).toBeTruthy();
    expect(screen.getAllByRole('tab').map((b) => b.textContent)).toEqual(['Chat', 'Notes', 'Old']);
    expect(screen.getByRole('tabpanel').querySelector('.sb-chat')).toBeTruthy();
    fireEvent.click(screen.getByRole('tab', { name: 'Notes' }));
    expect(screen.getByRole('tabpanel').textContent).toBe('notes on Ada');
    fireEvent.click(screen.getByRole('tab', { name: 'Old' }));
    expect(screen.getByRole('tabpanel').textContent).toBe('old tab panel');
  });

  it('MessageListItem is replaced per message; MessageBubble and MessageInputActions take children', async () => {
    const { channelSid } = await accepted(t);
    await t.invoke('SendMessage', { channelSid, body: '/card 42' });
    await act(() => t.settle());
    const { container } = show(<TaskCanvas />);
    const items = [...container.querySelectorAll('.sb-messages > li')];
    expect(items.map((li) => li.querySelector('.sb-message-body')?.textContent ?? li.textContent)).toEqual([
      'Hi',
      'card /card 42',
    ]);
    expect(items[0]!.querySelector('.sb-message')?.textContent).toMatch(/^AdaHi.*✓$/);
    const actions = container.querySelector('.sb-input-actions')!;
    expect([...actions.querySelectorAll('button')].map((b) => b.textContent)).toEqual(['Emoji', 'Send']);
  });

  it('CRMContainer: the selected task, or none; nothing at all without contributions', async () => {
    const { rerender, container } = show(<CRMContainer />);
    expect(container.innerHTML).toBe('');
    act(() => {
      t.host.contributions.add('CRMContainer', ({ task }) => <p>crm {task?.customerName ?? 'idle'}</p>, { key: 'crm' });
    });
    expect(screen.getByRole('region', { name: 'CRM' }).textContent).toBe('crm idle');
    await accepted(t);
    await act(() => t.settle());
    rerender(
      <HostProvider host={t.host}>
        <CRMContainer />
      </HostProvider>,
    );
    expect(screen.getByRole('region', { name: 'CRM' }).textContent).toBe('crm Ada');
  });

  it('selects the tab in component state (TaskCanvasTabs.selectedTabName) through SetComponentState when the host has it', async () => {
    // The host's `ui` reducer and SetComponentState come with the UI framework; stand in for
    // them when this host has neither.
    const calls: unknown[] = [];
    if (!t.host.actions.describe('SetComponentState')?.registered) {
      type Ui = { componentState: Record<string, Record<string, unknown>> };
      const ui: Reducer<Ui> = (s = { componentState: {} }, a) =>
        a.type === 'test/componentState'
          ? { componentState: { ...s.componentState, ...(a as unknown as { payload: Ui['componentState'] }).payload } }
          : s;
      t.host.store.addReducer('ui', ui);
      t.host.actions.registerAction('SetComponentState', (p: unknown) => {
        calls.push(p);
        const { name, state } = p as { name: string; state: Record<string, unknown> };
        t.host.store.dispatch({ type: 'test/componentState', payload: { [name]: state } });
      });
    }
    await accepted(t);
    await act(() => t.settle());
    show(<TaskCanvas />);
    fireEvent.click(screen.getByRole('tab', { name: 'Notes' }));
    await act(() => t.settle());
    expect(selectSelectedTabName(t.state())).toBe('notes');
    if (calls.length) expect(calls).toEqual([{ name: 'TaskCanvasTabs', state: { selectedTabName: 'notes' } }]);
    // A plugin selects a tab through the action: the canvas follows.
    await act(async () => {
      await t.host.actions.invokeAction('SetComponentState', {
        name: 'TaskCanvasTabs',
        state: { selectedTabName: 'old-tab' },
      });
      await t.settle();
    });
    expect(screen.getByRole('tabpanel').textContent).toBe('old tab panel');
    expect(screen.getByRole('tab', { name: 'Old' }).getAttribute('aria-selected')).toBe('true');
  });
});

describe('selectSelectedTabName', () => {
  it('reads the component state defensively', () => {
    expect(selectSelectedTabName(undefined)).toBeUndefined();
    expect(selectSelectedTabName({})).toBeUndefined();
    expect(selectSelectedTabName({ ui: { componentState: {} } })).toBeUndefined();
    expect(
      selectSelectedTabName({ ui: { componentState: { TaskCanvasTabs: { selectedTabName: 3 } } } }),
    ).toBeUndefined();
    expect(selectSelectedTabName({ ui: { componentState: { TaskCanvasTabs: { selectedTabName: 'crm' } } } })).toBe(
      'crm',
    );
  });
});
