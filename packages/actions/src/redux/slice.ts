/**
 * The bridge's slice of the store: its state, the Redux actions the bridge dispatches, and a
 * plain reducer (no immer: it runs on the action path, and each case copies only what it
 * changes).
 */
import { createAction, type UnknownAction } from '@reduxjs/toolkit';

/** A serializable, shallow copy of a payload: its primitive own fields. */
export type PayloadSnapshot = string | number | boolean | null | { [field: string]: string | number | boolean | null };

/** An invocation that is running. */
export interface PendingInvocationState {
  id: number;
  action: string;
  /** Snapshot taken when the bridge mirrored it (at the boundary). */
  payload: PayloadSnapshot;
  owner: string | null;
  /** `Date.now()` when it began to wait, to the resolution of a task (one clock read per macrotask). */
  startedAt: number;
}

/** One block of an action, as the store can describe it. */
export interface BlockState {
  /** `any`: blocks every payload; `fields`/`value`: blocks matching payloads; `predicate`: a function decides. */
  kind: 'any' | 'fields' | 'value' | 'predicate';
  pattern: PayloadSnapshot;
}

/** How the latest invocation of an action ended. */
export interface OutcomeState {
  id: number;
  status: 'succeeded' | 'failed' | 'aborted';
  error: { code: string | null; name: string; message: string } | null;
  /** `Date.now()` when it ended (folded outcomes: to the resolution of a task). */
  endedAt: number;
}

/** The bridge's slice of the store. */
export interface ActionsState {
  /**
   * Running invocations by id: those still running at the bridge's macrotask boundary (one
   * that settles before it never appears here).
   */
  pending: Record<string, PendingInvocationState>;
  /** Current blocks by action name (absent when none). */
  blocked: Record<string, BlockState[]>;
  /**
   * Latest outcome by action name. Outcomes of invocations never shown as pending arrive
   * folded, once per macrotask.
   */
  last: Record<string, OutcomeState>;
}

const initialState: ActionsState = { pending: {}, blocked: {}, last: {} };

const NAME = 'actions';

/** Redux actions the bridge dispatches (for reducers of your own that react to them). */
export const invocationStarted = createAction<PendingInvocationState>(`${NAME}/invocationStarted`);
export const invocationEnded = createAction<OutcomeState & { action: string }>(`${NAME}/invocationEnded`);
/** The outcomes of invocations never shown as pending, folded: latest per action, one dispatch per macrotask. */
export const outcomesRecorded = createAction<Record<string, OutcomeState>>(`${NAME}/outcomesRecorded`);
export const blocksChanged = createAction<{ action: string; blocks: BlockState[] }>(`${NAME}/blocksChanged`);
export const blocksReset = createAction<Record<string, BlockState[]>>(`${NAME}/blocksReset`);

/**
 * The bridge's reducer: a plain one (no immer), since it is on the action path. Each case
 * copies only what it changes.
 */
function actionsReducer(state: ActionsState = initialState, action: UnknownAction): ActionsState {
  if (invocationStarted.match(action)) {
    return { ...state, pending: { ...state.pending, [action.payload.id]: action.payload } };
  }
  if (invocationEnded.match(action)) {
    const { action: name, ...outcome } = action.payload;
    const { [outcome.id]: _ended, ...pending } = state.pending;
    return { ...state, pending, last: { ...state.last, [name]: outcome } };
  }
  if (outcomesRecorded.match(action)) return { ...state, last: { ...state.last, ...action.payload } };
  if (blocksChanged.match(action)) {
    const { [action.payload.action]: _old, ...blocked } = state.blocked;
    if (action.payload.blocks.length) blocked[action.payload.action] = action.payload.blocks;
    return { ...state, blocked };
  }
  if (blocksReset.match(action)) return { ...state, blocked: action.payload };
  return state;
}

/** The bridge's slice of the store: where it lives (`reducerPath`), its reducer and actions. */
export interface ActionsSlice {
  readonly name: typeof NAME;
  readonly reducerPath: typeof NAME;
  readonly reducer: (state: ActionsState | undefined, action: UnknownAction) => ActionsState;
  readonly actions: {
    invocationStarted: typeof invocationStarted;
    invocationEnded: typeof invocationEnded;
    outcomesRecorded: typeof outcomesRecorded;
    blocksChanged: typeof blocksChanged;
    blocksReset: typeof blocksReset;
  };
}

/** The slice; its `reducerPath` is where the bridge expects its state. */
export const actionsSlice: ActionsSlice = {
  name: NAME,
  reducerPath: NAME,
  reducer: actionsReducer,
  actions: { invocationStarted, invocationEnded, outcomesRecorded, blocksChanged, blocksReset },
};

const isPrimitive = (v: unknown): v is string | number | boolean | null =>
  v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';

/** A serializable snapshot of a payload or pattern: primitive own fields only. */
export function snapshotPayload(value: unknown): PayloadSnapshot {
  if (isPrimitive(value)) return value;
  if (typeof value !== 'object' || value === null) return value === undefined ? null : String(value);
  const out: Record<string, string | number | boolean | null> = {};
  for (const key of Object.keys(value)) {
    const field = (value as Record<string, unknown>)[key];
    if (isPrimitive(field)) out[key] = field;
  }
  return out;
}
