/**
 * The native UI actions of the host: navigation, history, component state and the sidebar.
 * The host registers them always, with or without a contact center; plugins observe, replace
 * and invoke them like any action (`api.actions.addListener('beforeNavigateToView', …)`).
 * Types only.
 */

/** A path for the history actions: `'/view-name'` (the leading `/` is optional), or `{ path }`. */
export type HistoryPath = string | { path: string };

/** The native UI actions: name → `{ payload, result }`. */
export interface UiActions {
  /**
   * Shows a registered view: pushes `#/viewName` onto the browser history (so the view
   * survives a reload and Back returns). Rejects with `VIEW_NOT_FOUND`, naming the view and
   * the registered ones, for an unknown view.
   */
  NavigateToView: { payload: { viewName: string }; result: void };
  /** Pushes a path (`'/crm/123'`: the first segment is the view) onto the history. */
  HistoryPush: { payload: HistoryPath; result: void };
  /** Replaces the current history entry with a path. */
  HistoryReplace: { payload: HistoryPath; result: void };
  /** Moves `steps` entries through the history (negative: back). */
  HistoryGo: { payload: { steps: number }; result: void };
  /** Goes one entry back. */
  HistoryGoBack: { payload: undefined; result: void };
  /** Goes one entry forward. */
  HistoryGoForward: { payload: undefined; result: void };
  /**
   * Merges `state` into the component state of `name` (`state.ui.componentState[name]`),
   * e.g. `{ name: 'TaskCanvasTabs', state: { selectedTabName: 'crm' } }`.
   */
  SetComponentState: { payload: { name: string; state: Record<string, unknown> }; result: void };
  /** Opens or closes the side nav (`open` omitted: toggles); resolves with whether it is open. */
  ToggleSidebar: { payload: { open?: boolean } | undefined; result: boolean };
}

/** The name of a native UI action. */
export type UiActionName = keyof UiActions;
