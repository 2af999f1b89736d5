/** Selectors over the bridge's slice, for components (`useSelector`) and tests. */
import { createSelector } from '@reduxjs/toolkit';
import { matchesPattern } from '@switchboard/actions';
import { actionsSlice, type ActionsState, type BlockState, type OutcomeState } from './slice';

type WithActions = { [K in typeof actionsSlice.reducerPath]: ActionsState };
const selectSlice = (state: WithActions): ActionsState => state[actionsSlice.reducerPath];

/** Every running invocation, oldest first (memoized). */
export const selectPendingInvocations = createSelector([(s: WithActions) => selectSlice(s).pending], (pending) =>
  Object.values(pending).sort((a, b) => a.id - b.id),
);

/** Is an invocation of `action` running whose payload snapshot matches `match`? */
export function selectIsActionPending(state: WithActions, action: string, match?: unknown): boolean {
  return Object.values(selectSlice(state).pending).some(
    (p) => p.action === action && matchesPattern(match, p.payload, action),
  );
}

/** The current blocks of `action`. */
export function selectActionBlocks(state: WithActions, action: string): BlockState[] {
  return selectSlice(state).blocked[action] ?? [];
}

/**
 * Would a block stop `action` with `payload`? Predicate blocks cannot run in a selector and
 * count as blocking; ask `actions.findBlockedActions` for an exact answer.
 */
export function selectIsActionBlocked(state: WithActions, action: string, payload?: unknown): boolean {
  return selectActionBlocks(state, action).some(
    (b) => b.kind === 'any' || b.kind === 'predicate' || matchesPattern(b.pattern, payload, action),
  );
}

/** How the latest invocation of `action` ended, if any did. */
export function selectLastOutcome(state: WithActions, action: string): OutcomeState | undefined {
  return selectSlice(state).last[action];
}
