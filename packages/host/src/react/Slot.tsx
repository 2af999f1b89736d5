import type { SlotName, SlotProps } from '@switchboard/plugin';
import { useMemo, useSyncExternalStore } from 'react';
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
      {items.map(({ key, owner, component: Contribution, failure }) =>
        failure === undefined ? (
          <PluginBoundary key={`${owner ?? ''}:${key}`} host={host} plugin={owner} slot={name}>
            <Contribution {...slotProps} />
          </PluginBoundary>
        ) : (
          <PluginNotice key={`${owner ?? ''}:${key}:failed`} plugin={owner} slot={name} reason={failure} />
        ),
      )}
    </>
  );
}
