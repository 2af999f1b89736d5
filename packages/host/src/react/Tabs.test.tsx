/** @jest-environment jsdom */
import { act, fireEvent, render, screen } from '@testing-library/react';
import { HostProvider, SlotTabs, Tab, useTask, type SlotDefault } from '@switchboard/host';
import type { DesktopTask } from '@switchboard/plugin';
import { useState } from 'react';
import { desktopTask, makeHost } from '../../test/helpers';

type Props = { task: DesktopTask };
const CHAT: readonly SlotDefault<Props>[] = [
  {
    key: 'chat',
    component: ({ task }: Props) => (
      <Tab name="chat" label="Chat">
        chat with {task.customerName}
      </Tab>
    ),
  },
];

function Tabs({ task, initial }: { task: DesktopTask; initial?: string }) {
  const [selected, setSelected] = useState(initial);
  return (
    <SlotTabs
      name="TaskCanvasTabs"
      props={{ task }}
      defaults={CHAT}
      panelSlots={['TaskCanvas.Tabs']}
      selected={selected}
      onSelect={setSelected}
      label="Task views"
    />
  );
}

const tabNames = () => screen.getAllByRole('tab').map((t) => t.textContent);
const panel = () => screen.getByRole('tabpanel').textContent;

describe('<SlotTabs> and <Tab>', () => {
  const task = desktopTask({ customerName: 'Ada' });

  it('shows the default tab, contributed <Tab>s in order, then the first kind of tab (panel + label)', () => {
    const { host } = makeHost({});
    host.contributions.add(
      'TaskCanvasTabs',
      () => (
        <Tab name="notes" label="Notes">
          notes of {useTask()?.customerName}
        </Tab>
      ),
      { key: 'notes', sortOrder: 5 },
    );
    host.contributions.add('TaskCanvasTabs', () => <Tab label="Early">early</Tab>, { key: 'early', sortOrder: -1 });
    host.contributions.add('TaskCanvas.Tabs', ({ task: t }) => <i>crm {t.sid}</i>, { key: 'crm', label: 'CRM' });
    host.contributions.add('TaskCanvas.Tabs', () => <i>bare</i>, { key: 'bare' });
    render(
      <HostProvider host={host}>
        <Tabs task={task} />
      </HostProvider>,
    );
    expect(tabNames()).toEqual(['Early', 'Chat', 'Notes', 'CRM', 'bare']);
    expect(panel()).toBe('early'); // nothing selected: the first tab
    fireEvent.click(screen.getByRole('tab', { name: 'Notes' }));
    expect(panel()).toBe('notes of Ada');
    expect(screen.getByRole('tab', { name: 'Notes' }).getAttribute('aria-selected')).toBe('true');
    fireEvent.click(screen.getByRole('tab', { name: 'CRM' }));
    expect(panel()).toBe('crm WR1');
    const tabpanel = screen.getByRole('tabpanel');
    expect(document.getElementById(tabpanel.getAttribute('aria-labelledby')!)?.textContent).toBe('CRM');
  });

  it('selects by name, falls back to the first tab, and moves with the arrow keys', () => {
    const { host } = makeHost({});
    host.contributions.add('TaskCanvasTabs', () => <Tab label="Two">two</Tab>, { key: 'two' });
    render(
      <HostProvider host={host}>
        <Tabs task={task} initial="two" />
      </HostProvider>,
    );
    expect(panel()).toBe('two');
    fireEvent.keyDown(screen.getByRole('tablist'), { key: 'ArrowRight' });
    expect(panel()).toBe('chat with Ada');
    expect(document.activeElement?.textContent).toBe('Chat');
    fireEvent.keyDown(screen.getByRole('tablist'), { key: 'End' });
    expect(panel()).toBe('two');
    fireEvent.keyDown(screen.getByRole('tablist'), { key: 'Home' });
    expect(panel()).toBe('chat with Ada');
  });

  it('lets plugins remove or replace the default tab, and follows changes', () => {
    const { host } = makeHost({});
    render(
      <HostProvider host={host}>
        <Tabs task={task} />
      </HostProvider>,
    );
    expect(tabNames()).toEqual(['Chat']);
    let removal!: { dispose(): void };
    act(() => {
      removal = host.contributions.remove('TaskCanvasTabs', 'chat');
      host.contributions.add('TaskCanvasTabs', () => <Tab name="mine">mine</Tab>, { key: 'mine' });
    });
    expect(tabNames()).toEqual(['mine']);
    expect(panel()).toBe('mine');
    act(() => removal.dispose());
    expect(tabNames()).toEqual(['Chat', 'mine']);
  });

  it("puts a failing tab's notice in a tab of its own; the other tabs live", () => {
    const { host } = makeHost({});
    const spy = jest.spyOn(console, 'error').mockImplementation(() => {});
    try {
      host.contributions.add(
        'TaskCanvasTabs',
        () => {
          throw new Error('tab exploded');
        },
        { key: 'broken', label: 'Broken' },
      );
      render(
        <HostProvider host={host}>
          <Tabs task={task} initial="broken" />
        </HostProvider>,
      );
      expect(tabNames()).toEqual(['Chat', 'Broken']);
      expect(screen.getByRole('tabpanel').querySelector('.sb-plugin-notice')).toBeTruthy();
    } finally {
      spy.mockRestore();
    }
  });

  it('a <Tab> outside a tabbed slot renders its children', () => {
    render(<Tab name="x">plain</Tab>);
    expect(document.body.textContent).toBe('plain');
  });
});
