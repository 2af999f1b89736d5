/**
 * The native UI actions (see `UiActions` in @switchboard/plugin): NavigateToView, the history
 * actions, SetComponentState and ToggleSidebar. Every host registers them, with or without
 * a contact center.
 */
import type { Store } from '@reduxjs/toolkit';
import {
  DisposableStore,
  InvalidArgumentError,
  toDisposable,
  type ActionsApi,
  type Disposable,
  type OwnerRef,
} from '@switchboard/actions';
import type { UiActionName } from '@switchboard/plugin';
import { HostError } from '../errors';
import { normalizePath, viewOfPath, type HostHistory } from './history';
import { componentStateSet, selectUi, sidebarSet, viewChanged, type UiState } from './uiSlice';
import type { ViewRegistry } from './views';

/** Every native UI action's name. */
export const UI_ACTIONS: readonly UiActionName[] = [
  'NavigateToView',
  'HistoryPush',
  'HistoryReplace',
  'HistoryGo',
  'HistoryGoBack',
  'HistoryGoForward',
  'SetComponentState',
  'ToggleSidebar',
];

const shown = (payload: unknown): string => {
  try {
    return JSON.stringify(payload) ?? String(payload);
  } catch {
    return String(payload);
  }
};

/**
 * Keeps `state.ui.view` on the history's path (now and after every change, Back included)
 * and calls `onSelected` when the selected view changes.
 */
export function followHistory(history: HostHistory, store: Store, onSelected: (viewName: string) => void): Disposable {
  const sync = (path: string) => {
    const before = selectUi(store.getState() as { ui?: UiState }).view;
    const selected = viewOfPath(path);
    if (before.path === path && before.selected === selected) return;
    store.dispatch(viewChanged({ selected, path }));
    if (selected !== before.selected) onSelected(selected);
  };
  const initial = history.path;
  const current = selectUi(store.getState() as { ui?: UiState }).view;
  if (current.path !== initial) store.dispatch(viewChanged({ selected: viewOfPath(initial), path: initial }));
  return history.listen(sync);
}

/** Registers the native UI actions on `actions`; the Disposable unregisters them. */
export function registerUiActions(
  actions: ActionsApi,
  store: Store,
  parts: { history: HostHistory; views: ViewRegistry },
  owner: OwnerRef = { id: 'host', disposables: new DisposableStore() },
): Disposable {
  const { history, views } = parts;
  const scope = actions.scope(owner);
  const ui = () => selectUi(store.getState() as { ui?: UiState });

  scope.registerAction('NavigateToView', (p: unknown) => {
    const viewName = (p as { viewName?: unknown } | undefined)?.viewName;
    if (typeof viewName !== 'string' || !viewName)
      throw new HostError('PAYLOAD_INVALID', `NavigateToView: the payload needs { viewName }, got ${shown(p)}`, {
        action: 'NavigateToView',
        payload: p,
      });
    if (!views.get(viewName)) {
      throw new HostError(
        'VIEW_NOT_FOUND',
        `NavigateToView: no view "${viewName}" is registered (views: ${views
          .list()
          .map((v) => v.name)
          .join(', ')})`,
        { action: 'NavigateToView', payload: p },
      );
    }
    history.push(`/${encodeURIComponent(viewName)}`);
  });
  scope.registerAction('HistoryPush', (p: unknown) => history.push(normalizePath('HistoryPush', p)));
  scope.registerAction('HistoryReplace', (p: unknown) => history.replace(normalizePath('HistoryReplace', p)));
  scope.registerAction('HistoryGo', (p: unknown) => {
    const steps = typeof p === 'number' ? p : (p as { steps?: unknown } | undefined)?.steps;
    if (typeof steps !== 'number' || !Number.isInteger(steps))
      throw new InvalidArgumentError(`HistoryGo: the payload needs { steps } (an integer), got ${shown(p)}`);
    history.go(steps);
  });
  scope.registerAction('HistoryGoBack', () => history.go(-1));
  scope.registerAction('HistoryGoForward', () => history.go(1));
  scope.registerAction('SetComponentState', (p: unknown) => {
    const { name, state } = (p ?? {}) as { name?: unknown; state?: unknown };
    if (typeof name !== 'string' || !name || state === null || typeof state !== 'object' || Array.isArray(state))
      throw new HostError(
        'PAYLOAD_INVALID',
        `SetComponentState: the payload needs { name, state } (state: an object), got ${shown(p)}`,
        { action: 'SetComponentState', payload: p },
      );
    store.dispatch(componentStateSet({ name, state: state as Record<string, unknown> }));
  });
  scope.registerAction('ToggleSidebar', (p: unknown) => {
    const open = (p as { open?: unknown } | undefined)?.open;
    if (open !== undefined && typeof open !== 'boolean')
      throw new InvalidArgumentError(`ToggleSidebar: open must be a boolean when given, got ${shown(p)}`);
    const next = open ?? !ui().sidebar.open;
    store.dispatch(sidebarSet(next));
    return next;
  });
  return toDisposable(() => scope.dispose());
}
