/** @jest-environment jsdom */
import { render, screen } from '@testing-library/react';
import { HostProvider, Slot, TaskContextProvider, useTask, withTask } from '@switchboard/host';
import type { DesktopTask } from '@switchboard/plugin';
import { desktopTask, makeHost } from '../../test/helpers';

const Customer = () => <span>customer: {useTask()?.customerName ?? 'none'}</span>;

describe('task context', () => {
  it('useTask is the task of the surrounding slot, and undefined outside one', () => {
    const { host } = makeHost({});
    const task = desktopTask({ customerName: 'Ada' });
    host.contributions.add('TaskCanvasHeader', () => <Customer />, { key: 'deep' });
    host.contributions.add('MainHeader', () => <Customer />, { key: 'no-task' });
    render(
      <HostProvider host={host}>
        <Slot name="TaskCanvasHeader" props={{ task }} />
        <Slot name="MainHeader" />
      </HostProvider>,
    );
    expect(screen.getAllByText(/customer:/).map((e) => e.textContent)).toEqual(['customer: Ada', 'customer: none']);
  });

  it('a slot whose task is undefined (CRMContainer with no task) hides an outer task', () => {
    const { host } = makeHost({});
    host.contributions.add('CRMContainer', () => <Customer />, { key: 'crm' });
    render(
      <HostProvider host={host}>
        <TaskContextProvider task={desktopTask({ customerName: 'Outer' })}>
          <Slot name="CRMContainer" props={{ task: undefined }} />
        </TaskContextProvider>
      </HostProvider>,
    );
    expect(screen.getByText(/customer:/).textContent).toBe('customer: none');
  });

  it('withTask passes the task of the context as the task prop; an explicit one wins', () => {
    const Badge = withTask(({ task, prefix }: { task?: DesktopTask; prefix: string }) => (
      <b>
        {prefix} {task?.customerName ?? 'no task'}
      </b>
    ));
    expect(Badge.displayName).toMatch(/^withTask\(/);
    render(
      <>
        <TaskContextProvider task={desktopTask({ customerName: 'Ada' })}>
          <Badge prefix="ctx" />
          <Badge prefix="own" task={desktopTask({ customerName: 'Grace' })} />
        </TaskContextProvider>
        <Badge prefix="out" />
      </>,
    );
    expect([...document.querySelectorAll('b')].map((b) => b.textContent)).toEqual([
      'ctx Ada',
      'own Grace',
      'out no task',
    ]);
  });

  it('withTask refuses, at compile time, a component that cannot do without a task', () => {
    const NeedsTask = ({ task }: { task: DesktopTask }) => <b>{task.sid}</b>;
    // @ts-expect-error the task is undefined outside a task's slot
    withTask(NeedsTask);
    expect(typeof withTask(({ task }: { task?: DesktopTask | undefined }) => <b>{task?.sid}</b>)).toBe('function');
  });
});
