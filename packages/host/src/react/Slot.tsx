import type { ContributionAlign, DesktopTask, SlotName, SlotProps } from '@switchboard/plugin';
import { memo, useMemo, useSyncExternalStore, type ComponentType, type ReactElement, type ReactNode } from 'react';
import type { ResolvedContribution, SlotDefault } from '../contributions/ContributionRegistry';
import type { Host } from '../createHost';
import { useHost } from './HostProvider';
import { PluginBoundary, PluginNotice } from './PluginBoundary';
import { TaskContext } from './TaskContext';

const NO_PROPS = Object.freeze({});
const NO_DEFAULTS: readonly SlotDefault<never>[] = Object.freeze([]);

/** `props` is optional for slots whose props are empty. */
export type SlotElementProps<S extends SlotName> = {
  name: S;
  /**
   * The component's own children (constant: define the list once, outside the render): they
   * come first among equal sortOrders, and plugins remove or replace them by key.
   */
  defaults?: readonly SlotDefault<SlotProps<S>>[];
  /** Renders only the children with this `align` (a row's two ends: two `<Slot>`s). */
  align?: ContributionAlign;
} & (Record<string, never> extends SlotProps<S> ? { props?: SlotProps<S> } : { props: SlotProps<S> });

/**
 * The contributions of slot `name` for `props` (with the component's own `defaults`), in
 * order, following registrations. `props` and `defaults` should keep their identity between
 * renders (memoize them): each new object resolves the slot again.
 */
export function useSlotContributions(
  name: string,
  props: object,
  defaults: readonly SlotDefault<never>[] = NO_DEFAULTS,
): ResolvedContribution[] {
  const registry = useHost().contributions;
  const version = useSyncExternalStore(
    (onChange) => registry.subscribe(name, onChange),
    () => registry.version(name),
    () => registry.version(name),
  );
  // eslint-disable-next-line react-hooks/exhaustive-deps -- `version` is what changes
  return useMemo(() => registry.resolve(name, props, defaults), [registry, name, version, props, defaults]);
}

/**
 * Renders the contributions of slot `name` (in sortOrder, then registration order), each
 * in its own error boundary, passing each `props`. When `props` has a `task`, the slot
 * provides it to everything inside (`useTask()`, `withTask`).
 *
 * @example
 * <Slot name="TaskCanvasHeader" props={{ task }} defaults={HEADER_CHILDREN} />
 */
export function Slot<S extends SlotName>({ name, props, defaults, align }: SlotElementProps<S>) {
  const host = useHost();
  const slotProps = (props ?? NO_PROPS) as object;
  const all = useSlotContributions(name, slotProps, defaults as readonly SlotDefault<never>[] | undefined);
  const items = useMemo(() => (align === undefined ? all : all.filter((c) => c.align === align)), [all, align]);
  return withTaskOf(
    slotProps,
    items.map((item) => (
      <SlotItem
        key={itemKey(item)}
        host={host}
        slot={name}
        owner={item.owner}
        component={item.component}
        failure={item.failure}
        props={slotProps}
      />
    )),
  );
}

/** The React key of a contribution: its owner and key (a notice is another element). */
export const itemKey = ({ owner, key, failure }: ResolvedContribution) =>
  `${owner ?? ''}:${key}${failure === undefined ? '' : ':failed'}`;

/** `children`, inside the task context when the slot's props have a `task`. */
export function withTaskOf(props: object, children: ReactNode): ReactElement {
  return 'task' in props ? (
    <TaskContext.Provider value={(props as { task: DesktopTask | undefined }).task}>{children}</TaskContext.Provider>
  ) : (
    <>{children}</>
  );
}

interface SlotItemProps {
  host: Host;
  slot: string;
  owner: string | undefined;
  component: ComponentType<object>;
  failure: string | undefined;
  props: object;
  /** Where a failed contribution's notice goes (default: in its place). */
  wrapNotice?: ((notice: ReactElement) => ReactNode) | undefined;
}

/**
 * One contribution in its error boundary (or the notice of a failed one). Memoized: when a
 * slot gains a contribution, the others do not render again (twenty plugins booting add
 * twenty contributions one by one: twenty renders, not two hundred).
 */
export const SlotItem = memo(function SlotItem({
  host,
  slot,
  owner,
  component: Contribution,
  failure,
  props,
  wrapNotice,
}: SlotItemProps) {
  if (failure !== undefined) {
    const notice = <PluginNotice plugin={owner} slot={slot} reason={failure} />;
    return wrapNotice ? wrapNotice(notice) : notice;
  }
  return (
    <PluginBoundary host={host} plugin={owner} slot={slot} wrapNotice={wrapNotice}>
      <Contribution {...props} />
    </PluginBoundary>
  );
});
