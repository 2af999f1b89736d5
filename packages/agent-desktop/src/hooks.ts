import { isSwitchboardError } from '@switchboard/actions';
import { selectIsActionPending } from '@switchboard/actions/redux';
import { useHost, type DesktopState } from '@switchboard/host';
import { useCallback } from 'react';
import { useSelector } from 'react-redux';

type RootState = { desktop: DesktopState; actions: Parameters<typeof selectIsActionPending>[0]['actions'] };

/** A value of the desktop's state (`state.desktop`). */
export function useDesktop<T>(select: (desktop: DesktopState) => T): T {
  return useSelector((state: RootState) => select(state.desktop));
}

/**
 * Is `action` running for a payload matching `match`? From the Redux bridge, for rendering
 * (a disabled button, "Accepting…"): it shows an invocation still running at the next
 * macrotask (in practice before the next frame), never one that settles sooner. It is
 * not a guard: a second click before the re-render is refused by the action's pending guard
 * (`ACTION_PENDING`, which `useInvoke` ignores). `host.actions.findPendingActions` is the
 * source of truth.
 */
export function usePending(action: string, match?: object): boolean {
  return useSelector((state: RootState) => selectIsActionPending(state, action, match));
}

/**
 * Invokes an action; a failure is shown to the agent as the host's `ActionFailed`
 * notification (an error: it stays until dismissed), except an abort (a plugin or the agent
 * said no) and a duplicate of a running invocation (a double click).
 */
export function useInvoke(): (name: string, payload?: unknown) => Promise<unknown> {
  const host = useHost();
  return useCallback(
    (name: string, payload?: unknown) =>
      host.actions.invokeAction(name, payload).catch((error: unknown) => {
        if (isSwitchboardError(error, 'ACTION_ABORTED') || isSwitchboardError(error, 'ACTION_PENDING'))
          return undefined;
        host.notifications.show('ActionFailed', {
          action: name,
          message: (error as Error)?.message ?? String(error),
        });
        return undefined;
      }),
    [host],
  );
}
