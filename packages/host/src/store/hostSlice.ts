/**
 * The host's slice of the store: plugin statuses, for status panels. A plain reducer (no
 * immer): a boot dispatches three statuses per plugin, and immer's drafts and deep freezes of
 * each status cost more than the rest of the boot's store work.
 */
import { createAction, prepareAutoBatched, type UnknownAction } from '@reduxjs/toolkit';
import type { GuardFigures } from '../plugins/actionGuard';
import type { InvocationRecord } from '../plugins/invocationLog';
import type { PluginMetrics } from '../plugins/pluginMetrics';
import type { PluginStatus } from '../plugins/types';

/** The host's slice of the store. */
export interface HostState {
  /** By id (the name), in manifest order. */
  plugins: Record<string, PluginStatus>;
  /** The latest invocations' provenance (`host.invocations.recent()`), mirrored at most once a second. */
  invocations: InvocationRecord[];
  /** Each plugin's cost (`host.plugins.metrics()`), mirrored at most once a second. */
  pluginMetrics: Record<string, PluginMetrics>;
}

const NAME = 'switchboard';
const initialState: HostState = { plugins: {}, invocations: [], pluginMetrics: {} };

/**
 * A plugin's status changed. Auto-batched (Redux Toolkit's autoBatchEnhancer): the state
 * changes at once, and the store's subscribers hear of a burst of changes (a boot) once.
 */
export const pluginStatusChanged = createAction(`${NAME}/pluginStatusChanged`, prepareAutoBatched<PluginStatus>());
/** The invocation log and the plugins' metrics, as they are now (throttled by the host to ~1/s). */
export const guardFiguresChanged = createAction<GuardFigures>(`${NAME}/guardFiguresChanged`);
/** A plugin left the manifest (unloaded for good). */
export const pluginForgotten = createAction<string>(`${NAME}/pluginForgotten`);

function reducer(state: HostState = initialState, action: UnknownAction): HostState {
  if (pluginStatusChanged.match(action))
    return { ...state, plugins: { ...state.plugins, [action.payload.id]: action.payload } };
  if (guardFiguresChanged.match(action)) return { ...state, ...action.payload };
  if (pluginForgotten.match(action)) {
    if (!(action.payload in state.plugins)) return state;
    const { [action.payload]: _gone, ...plugins } = state.plugins;
    return { ...state, plugins };
  }
  return state;
}

/** The slice: where it lives (`reducerPath`), its reducer and its actions. */
export interface HostSlice {
  readonly name: typeof NAME;
  readonly reducerPath: typeof NAME;
  readonly reducer: (state: HostState | undefined, action: UnknownAction) => HostState;
  readonly actions: {
    pluginStatusChanged: typeof pluginStatusChanged;
    pluginForgotten: typeof pluginForgotten;
    guardFiguresChanged: typeof guardFiguresChanged;
  };
}

export const hostSlice: HostSlice = {
  name: NAME,
  reducerPath: NAME,
  reducer,
  actions: { pluginStatusChanged, pluginForgotten, guardFiguresChanged },
};
