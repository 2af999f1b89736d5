import type { SlotName, SlotProps } from '@switchboard/plugin';
import { memo, useMemo, useSyncExternalStore, type ComponentType } from 'react';
import type { Host } from '../createHost';
import { useHost } from './HostProvider';
import { PluginBoundary, PluginNotice } from './PluginBoundary';

const NO_PROPS = Object.freeze({});

/** `props` is optional for slots whose props are empty. */
export type SlotElementProps<S extends SlotName> = { name: S } & (Record<string, never> extends SlotProps<S>
  ? { props?: SlotProps<S> }
  : { props: SlotProps<S> });

/**
 * Renders the contributions of slot `name` (in sortOrder, then registration order), each
 * in its own error boundary, passing each `props`.
 *
 * @example
 * <Slot name="TaskCanvas.Header" props={{ task }} />
 */
export function Slot<S extends SlotName>({ name, props }: SlotElementProps<S>) {
  const host = useHost();
  const registry = host.contributions;
  const version = useSyncExternalStore(
    (onChange) => registry.subscribe(name, onChange),
    () => registry.version(name),
    () => registry.version(name),
  );
  const slotProps = (props ?? NO_PROPS) as object;
  // eslint-disable-next-line react-hooks/exhaustive-deps -- `version` is what changes
  const items = useMemo(() => registry.resolve(name, slotProps), [registry, name, version, slotProps]);
  return (
    <>
      {items.map(({ key, owner, component, failure }) => (
        <SlotItem
          key={`${owner ?? ''}:${key}${failure === undefined ? '' : ':failed'}`}
          host={host}
          owner={owner}
          slot={name}
          component={component}
          failure={failure}
          props={slotProps}
        />
      ))}
    </>
  );
}

interface SlotItemProps {
  host: Host;
  owner: string | undefined;
  slot: string;
  component: ComponentType<object>;
  failure: string | undefined;
  props: object;
}

/**
 * One contribution in its error boundary (or the notice of a failed one). Memoized: when a
 * slot gains a contribution, the others do not render again (twenty plugins booting add
 * twenty contributions one by one: twenty renders, not two hundred).
 */
const SlotItem = memo(function SlotItem({ host, owner, slot, component: Contribution, failure, props }: SlotItemProps) {
  return failure === undefined ? (
    <PluginBoundary host={host} plugin={owner} slot={slot}>
      <Contribution {...props} />
    </PluginBoundary>
  ) : (
    <PluginNotice plugin={owner} slot={slot} reason={failure} />
  );
});
