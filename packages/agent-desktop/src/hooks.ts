import { isSwitchboardError } from '@switchboard/actions';
import { selectIsActionPending } from '@switchboard/actions/redux';
import { useHost, type AbortedBy, type DesktopState, type Host } from '@switchboard/host';
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
 * Who stopped an aborted invocation, for the agent: `Stopped by plugin "<name>": <reason>` when
 * a plugin's before-listener aborted it (the host puts `abortedBy` on the rejection); undefined
 * for an abort by the desktop itself (the agent said no in a dialog).
 */
export function stoppedByPlugin(host: Host, error: unknown): string | undefined {
  if (!isSwitchboardError(error, 'ACTION_ABORTED')) return undefined;
  const by = (error as { abortedBy?: AbortedBy }).abortedBy ?? (error.owner ? { plugin: error.owner } : undefined);
  if (!by || !host.plugins.get(by.plugin)) return undefined;
  return `Stopped by plugin "${by.plugin}"${by.reason ? `: ${by.reason}` : ''}`;
}

/**
 * Invokes an action; a failure is shown to the agent as the host's `ActionFailed`
 * notification (an error: it stays until dismissed), and so is an abort by a plugin (`Stopped by
 * plugin "<name>": <reason>`), but not an abort by the desktop (the agent said no) nor a
 * duplicate of a running invocation (a double click).
 */
export function useInvoke(): (name: string, payload?: unknown) => Promise<unknown> {
  const host = useHost();
  return useCallback(
    (name: string, payload?: unknown) =>
      host.actions.invokeAction(name, payload).catch((error: unknown) => {
        const stopped = stoppedByPlugin(host, error);
        if ((!stopped && isSwitchboardError(error, 'ACTION_ABORTED')) || isSwitchboardError(error, 'ACTION_PENDING'))
          return undefined;
        host.notifications.show('ActionFailed', {
          action: name,
          message: stopped ?? (error as Error)?.message ?? String(error),
        });
        return undefined;
      }),
    [host],
  );
}
