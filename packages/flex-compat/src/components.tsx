/**
 * Flex's named components (`Flex.TaskCanvasHeader.Content.add(<X key="x" />, { sortOrder,
 * if })`) over the plugin's `api.contributions`, and the React helpers that go with them:
 * the task context, `withTaskContext`, `useFlexSelector`, `Tab`, `View`, `IconButton`,
 * `Template`.
 *
 * A contribution renders the element with the slot's props added (the task as an ITask), as
 * Flex does, inside the plugin's providers (`setProviders`), the task context, and a Redux
 * provider whose state has `state.flex` (so `connect` and `useSelector` read it).
 */
import type { Disposable } from '@switchboard/actions';
import type { ContributionOptions, DesktopTask, ViewProps } from '@switchboard/plugin';
import {
  cloneElement,
  createContext,
  createElement,
  isValidElement,
  useContext,
  type ComponentType,
  type ReactElement,
  type ReactNode,
} from 'react';
import { Provider as ReduxProvider, useSelector } from 'react-redux';
import { Tab as HostTab, useSelectedView, useTask } from '@switchboard/host';
import { currentContext, maybeContext, type FlexContext } from './context';
import { FlexError, ErrorType, unsupported } from './errors';
import { isDesktopTask, type ITask } from './itask';
import {
  FLEX_COMPONENTS_WITHOUT_SLOT,
  FLEX_SLOTS,
  type FlexComponentName,
  type FlexComponentWithoutSlot,
} from './slots';
import type { FlexState, HostStateLike } from './state';

/** Options of `Content.add` / `Content.replace`. */
export interface ContentOptions {
  sortOrder?: number;
  /** Renders the element only when this returns true for the component's props (the task as an ITask). */
  if?: (props: FlexProps) => boolean;
  /** Where in the component (`MainHeader`: `start` or `end`). */
  align?: 'start' | 'end';
}

/** Props as Flex components pass them: the slot's, with `task` as an ITask. */
export type FlexProps = Record<string, any>;

/** A component's `Content`: Flex's add / replace / remove. */
export interface FlexContent {
  add(element: ReactElement, options?: ContentOptions): Disposable;
  replace(element: ReactElement, options?: ContentOptions): Disposable;
  remove(key: string, options?: Pick<ContentOptions, 'if'>): Disposable;
}

/** A Flex programmable component, as plugins reach it (`Flex.TaskCanvasHeader`). */
export interface FlexComponent {
  readonly Content: FlexContent;
  readonly defaultProps: Record<string, unknown>;
}

/** The task of the component being rendered (Flex's task context). */
export const TaskContext = createContext<{ task?: ITask; conversationSid?: string }>({});

/** Flex's props for slot props: `task` as an ITask. */
function flexProps(context: FlexContext, props: Record<string, unknown>): FlexProps {
  return isDesktopTask(props.task)
    ? { ...props, task: context.tasks.toITask(props.task), conversationSid: props.task.channelSid }
    : props;
}

const reduxStores = new WeakMap<FlexContext, object>();

/** A store view for react-redux: the host's store, with `state.flex` (one per plugin). */
function reduxStore(context: FlexContext): object {
  let view = reduxStores.get(context);
  if (!view) {
    const store = context.manager.store;
    view = { getState: store.getState, dispatch: store.dispatch, subscribe: store.subscribe };
    reduxStores.set(context, view);
  }
  return view;
}

/** Wraps `node` in the plugin's providers, its task context and its store view. */
function wrap(context: FlexContext, node: ReactNode, props: FlexProps): ReactNode {
  let wrapped: ReactNode = createElement(
    TaskContext.Provider,
    { value: { task: props.task as ITask | undefined, conversationSid: props.conversationSid as string | undefined } },
    node,
  );
  for (const Provider of [...context.providers].reverse()) wrapped = createElement(Provider, null, wrapped);
  return createElement(ReduxProvider, { store: reduxStore(context) as never, children: wrapped });
}

/** The slot component of one Flex element. */
function contribution(
  context: FlexContext,
  element: ReactElement,
  name: string,
): ComponentType<Record<string, unknown>> {
  const own = element.props as Record<string, unknown>;
  const FlexContribution = (slotProps: Record<string, unknown>) => {
    const props = flexProps(context, slotProps);
    return wrap(context, cloneElement(element, { ...props, ...own }), props);
  };
  FlexContribution.displayName = `Flex.${name}(${String(element.key)})`;
  if (name !== 'SideNav') return FlexContribution;
  // Flex's side nav gives its children the selected view (`isActive={props.activeView === 'x'}`).
  const FlexSideNavItem = (slotProps: Record<string, unknown>) =>
    createElement(FlexContribution, { ...slotProps, activeView: useSelectedView().selected });
  FlexSideNavItem.displayName = FlexContribution.displayName;
  return FlexSideNavItem;
}

function checkElement(api: string, element: unknown): asserts element is ReactElement & { key: string } {
  if (!isValidElement(element))
    throw new FlexError(`${api}: expects a React element, like <MyComponent key="my-key" />`, {
      type: ErrorType.Plugin,
    });
  if (element.key === null)
    throw new FlexError(
      `${api}: the element needs a key (<MyComponent key="my-key" />): other plugins remove it by its key`,
      { type: ErrorType.Plugin },
    );
}

/** Contribution options for the host. */
function hostOptions(context: FlexContext, key: string, element: ReactElement, options: ContentOptions) {
  const own = element.props as { label?: unknown };
  const condition = options.if;
  const result: ContributionOptions<Record<string, unknown>> & { align?: 'start' | 'end' } = {
    key,
    ...(options.sortOrder === undefined ? {} : { sortOrder: options.sortOrder }),
    ...(condition ? { if: (props: Record<string, unknown>) => condition(flexProps(context, props)) } : {}),
    ...(typeof own.label === 'string' ? { label: own.label } : {}),
    ...(options.align ? { align: options.align } : {}),
  };
  return result;
}

/** `Flex.<name>` acting for the plugin `getContext` returns. */
export function flexComponent(name: FlexComponentName, getContext: (api: string) => FlexContext): FlexComponent {
  // Flex components pass their props untyped: the slot is addressed as an untyped name.
  const slot: string = FLEX_SLOTS[name];
  const Content: FlexContent = {
    add(element, options = {}) {
      const api = `${name}.Content.add`;
      checkElement(api, element);
      const context = getContext(api);
      return context.api.contributions.add(
        slot,
        contribution(context, element, name),
        hostOptions(context, element.key, element, options),
      );
    },
    replace(element, options = {}) {
      const api = `${name}.Content.replace`;
      checkElement(api, element);
      const context = getContext(api);
      return context.api.contributions.replace(
        slot,
        contribution(context, element, name),
        hostOptions(context, element.key, element, options),
      );
    },
    remove(key, options = {}) {
      const context = getContext(`${name}.Content.remove`);
      const condition = options.if;
      return context.api.contributions.remove(
        slot,
        key,
        condition ? { if: (props) => condition(flexProps(context, props)) } : {},
      );
    },
  };
  return Object.freeze({ Content, defaultProps: defaultPropsOf(name, slot, getContext) });
}

/** A CRM iframe for `CRMContainer.defaultProps.uriCallback`. */
function crmFrame(context: FlexContext, uriCallback: (task: ITask | undefined) => unknown) {
  const FlexCrmFrame = (props: Record<string, unknown>) => {
    const uri = uriCallback(flexProps(context, props).task as ITask | undefined);
    return typeof uri === 'string' && uri
      ? createElement('iframe', { src: uri, title: 'CRM', style: { width: '100%', height: '100%', border: 0 } })
      : null;
  };
  return FlexCrmFrame;
}

/**
 * A component's `defaultProps`. `CRMContainer.defaultProps.uriCallback = (task) => url` shows
 * that URL in an iframe in the CRM container (owned by the plugin); any other assignment is
 * kept (reads give it back) and logged as a warning naming it: the desktop's built-in
 * components take no Flex props.
 */
function defaultPropsOf(name: string, slot: string, getContext: (api: string) => FlexContext): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  const frames = new Map<FlexContext, Disposable>();
  return new Proxy(values, {
    set: (target, key, value) => {
      const api = `${name}.defaultProps.${String(key)}`;
      const context = getContext(api);
      target[key as string] = value;
      if (name === 'CRMContainer' && key === 'uriCallback' && typeof value === 'function') {
        frames.get(context)?.dispose();
        frames.set(
          context,
          context.api.contributions.replace(slot, crmFrame(context, value as (task: ITask | undefined) => unknown), {
            key: 'flex-crm-uri',
          }),
        );
      } else {
        context.api.log.warn(
          `${api} has no effect on Switchboard: the desktop's built-in components take no Flex props (use Content.add/replace/remove)`,
        );
      }
      return true;
    },
  });
}

/** A component with no place in the desktop: its Content throws naming it. */
function placeless(name: string, why: string): FlexComponent {
  const fail = (): never => unsupported(`${name}.Content`, why);
  return Object.freeze({ Content: { add: fail, replace: fail, remove: fail }, defaultProps: {} });
}

/** Flex 2.17's components the desktop has no place for: each `Content` call throws naming it. */
export function componentsWithoutSlot(): Record<FlexComponentWithoutSlot, FlexComponent> {
  return Object.fromEntries(
    FLEX_COMPONENTS_WITHOUT_SLOT.map((name) => [
      name,
      placeless(name, 'the desktop has no such component (see COMPATIBILITY.md)'),
    ]),
  ) as Record<FlexComponentWithoutSlot, FlexComponent>;
}

/** `Flex.AgentDesktopView`, with its panels. */
export type AgentDesktopViewComponent = FlexComponent & {
  readonly Panel1: FlexComponent;
  readonly Panel2: FlexComponent;
};

/** The named components of the top level (`AgentDesktopView` with `.Panel1` and `.Panel2`). */
export type FlexComponents = Record<Exclude<FlexComponentName, `${string}.${string}`>, FlexComponent> & {
  AgentDesktopView: AgentDesktopViewComponent;
};

/** Every named component, acting for the plugin `getContext` returns. */
export function flexComponents(getContext: (api: string) => FlexContext): FlexComponents {
  const all = Object.fromEntries(
    (Object.keys(FLEX_SLOTS) as FlexComponentName[]).map((name) => [name, flexComponent(name, getContext)]),
  ) as Record<FlexComponentName, FlexComponent>;
  const { 'AgentDesktopView.Panel2': Panel2, AgentDesktopView, ...rest } = all;
  return {
    ...rest,
    AgentDesktopView: Object.freeze({
      ...AgentDesktopView,
      Panel1: placeless('AgentDesktopView.Panel1', "the task list's panel takes no contributions; use TaskListItem"),
      Panel2,
    }),
  };
}

/**
 * Flex's `withTaskContext(Component)`: passes the task of the component being rendered as
 * `task` (an ITask) and its `conversationSid`. The task is the host's (`useTask()`: the slot's
 * or `TaskContextProvider`'s), else that of a Flex contribution around it, else the `task` prop.
 */
export function withTaskContext<P extends { task?: ITask }>(
  Component: ComponentType<P>,
): ComponentType<Omit<P, 'task'> & { task?: ITask }> {
  const WithTaskContext = (props: Omit<P, 'task'> & { task?: ITask }) => {
    const hostTask = useTask();
    const flex = useContext(TaskContext);
    const context = maybeContext();
    const task = hostTask && context ? context.tasks.toITask(hostTask) : (flex.task ?? props.task);
    return createElement(Component, {
      ...props,
      task,
      conversationSid: hostTask?.channelSid ?? flex.conversationSid ?? task?.conversationSid,
    } as unknown as P);
  };
  WithTaskContext.displayName = `withTaskContext(${Component.displayName ?? Component.name ?? 'Component'})`;
  return WithTaskContext;
}

/** Flex's `useFlexSelector`: react-redux's `useSelector` over the host's store with `state.flex`. */
export function useFlexSelector<T>(selector: (state: HostStateLike & { flex: FlexState }) => T): T {
  return useSelector((state: HostStateLike) => {
    if ('flex' in state) return selector(state as HostStateLike & { flex: FlexState });
    return selector(currentContext('useFlexSelector').deriver.withFlex(state));
  });
}

/**
 * Flex's `Tab` (a child of `TaskCanvasTabs`): the host's `Tab`, named by `uniqueName` (else the
 * element's key), titled by `label`; its children are the panel.
 */
export function Tab(props: { label?: string; uniqueName?: string; icon?: ReactNode; children?: ReactNode }): ReactNode {
  return createElement(
    HostTab,
    { ...(props.uniqueName ? { name: props.uniqueName } : {}), ...(props.label ? { label: props.label } : {}) },
    props.children,
  );
}

/** Flex's `View` (a child of `ViewCollection`): `name` is the view's name, its children the content. */
export function View(props: { name: string; label?: string; children?: ReactNode }): ReactNode {
  return props.children ?? null;
}

/** Flex's `IconButton`: a button named by its `title`. */
export function IconButton(props: {
  icon?: ReactNode;
  title?: string;
  onClick?: () => void;
  disabled?: boolean;
  className?: string;
}): ReactNode {
  return createElement(
    'button',
    {
      type: 'button',
      'aria-label': props.title,
      title: props.title,
      onClick: props.onClick,
      disabled: props.disabled,
      className: props.className,
    },
    typeof props.icon === 'string' ? null : props.icon,
  );
}

/** Flex's `SideLink` (a child of `SideNav`): a button that shows its children and calls `onClick`. */
export function SideLink(props: {
  onClick?: () => void;
  isActive?: boolean;
  icon?: ReactNode;
  iconActive?: ReactNode;
  showLabel?: boolean;
  children?: ReactNode;
}): ReactNode {
  return createElement(
    'button',
    { type: 'button', onClick: props.onClick, 'aria-current': props.isActive ? 'page' : undefined },
    typeof props.icon === 'string' ? null : props.icon,
    props.children,
  );
}

/** Flex's `ContentFragment`: its children, as they are. */
export function ContentFragment(props: { children?: ReactNode }): ReactNode {
  return props.children ?? null;
}

/** Flex's `Icon`: a component icon is drawn; Flex's icon names (strings) are not. */
export function Icon(props: { icon?: ReactNode }): ReactNode {
  return typeof props.icon === 'string' ? null : (props.icon ?? null);
}

/** Flex's `Template`: the host's string `code` (`api.strings`), rendered with the other props as its context. */
export function Template({ code, ...context }: { code: string; [key: string]: unknown }): ReactNode {
  return (maybeContext() ?? currentContext(`<Template code="${code}">`)).api.strings.get(code, context);
}

/**
 * Flex's `ViewCollection`: `Content.add(<View name="x" key="x">…</View>)` registers a view
 * with the host's view registry (`api.views`), owned by the plugin: the side nav lists it and
 * `NavigateToView {viewName: 'x'}` shows it. Options: `sortOrder`; the element's `label` and
 * `icon` props.
 */
export function viewCollection(getContext: (api: string) => FlexContext): FlexComponent {
  const register = (api: string, element: ReactElement, options: ContentOptions = {}) => {
    checkElement(api, element);
    const context = getContext(api);
    const props = element.props as { name?: string; label?: string; icon?: ReactNode };
    const name = props.name ?? element.key;
    return context.api.views.register({
      name,
      label: props.label ?? name,
      component: contribution(context, element, 'ViewCollection') as unknown as ComponentType<ViewProps>,
      ...(options.sortOrder === undefined ? {} : { sortOrder: options.sortOrder }),
      ...(props.icon === undefined || typeof props.icon === 'string' ? {} : { icon: props.icon }),
    });
  };
  return Object.freeze({
    Content: {
      add: (element: ReactElement, options?: ContentOptions) =>
        register('ViewCollection.Content.add', element, options),
      replace: (element: ReactElement, options?: ContentOptions) =>
        register('ViewCollection.Content.replace', element, options),
      remove: (key: string) =>
        unsupported('ViewCollection.Content.remove', `the host's built-in views stay (asked to remove "${key}")`),
    },
    defaultProps: {},
  });
}

export type { DesktopTask };
