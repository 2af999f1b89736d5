import type { DesktopTask } from '@switchboard/plugin';
import {
  createContext,
  useContext,
  type ComponentType,
  type FunctionComponent,
  type ReactElement,
  type ReactNode,
} from 'react';

/**
 * The task of the surrounding UI: every slot whose props have a `task` provides it (the task
 * list's items, the task canvas and its header and tabs, the chat's messages, the CRM
 * container), so a component deep inside one reads it without the props being passed down.
 * Undefined outside a task (the main header, the side nav, the CRM container with no task
 * selected).
 */
export const TaskContext = createContext<DesktopTask | undefined>(undefined);
TaskContext.displayName = 'TaskContext';

/** Provides `task` to the components inside (what slots with a task do). */
export function TaskContextProvider({ task, children }: { task: DesktopTask | undefined; children?: ReactNode }) {
  return <TaskContext.Provider value={task}>{children}</TaskContext.Provider>;
}

/**
 * The task of the surrounding slot, or undefined outside one.
 *
 * @example
 * function CustomerId() {
 *   const task = useTask();
 *   return task ? <span>{String(task.attributes.customerId ?? '')}</span> : null;
 * }
 */
export function useTask(): DesktopTask | undefined {
  return useContext(TaskContext);
}

/** The `task` prop `withTask` passes: the surrounding slot's task, possibly undefined. */
export interface TaskProps {
  task?: DesktopTask | undefined;
}

/** What `withTask` refuses, as a type error: a component that cannot do without a task. */
type AcceptsNoTask<P extends TaskProps> = undefined extends P['task']
  ? unknown
  : 'withTask: the component must accept `task?: DesktopTask` (it is undefined outside a task)';

/**
 * Wraps `Component` so that it gets the surrounding slot's task as its `task` prop (Flex's
 * `withTaskContext`). A `task` passed explicitly wins. The component must cope with no task
 * (`task?: DesktopTask`): outside a task's slot there is none.
 *
 * @example
 * const Badge = withTask(({ task }: { task?: DesktopTask }) => (task ? <b>{task.customerName}</b> : null));
 * api.contributions.add('MainHeader', Badge, { key: 'badge' }); // no props needed
 */
export function withTask<P extends TaskProps>(
  Component: ComponentType<P> & AcceptsNoTask<P>,
): FunctionComponent<Omit<P, 'task'> & TaskProps> {
  const Inner = Component as ComponentType<P>;
  function WithTask(props: Omit<P, 'task'> & TaskProps): ReactElement {
    const fromContext = useContext(TaskContext);
    const task = props.task ?? fromContext;
    return <Inner {...(props as P)} task={task} />;
  }
  WithTask.displayName = `withTask(${Inner.displayName || Inner.name || 'Component'})`;
  return WithTask;
}
