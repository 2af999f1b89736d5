/**
 * `state.ui`: the host's UI state, serializable: the notifications on screen, the selected
 * view, the component state of named components, the side nav. Registered by every host.
 */
import { createSlice, type PayloadAction } from '@reduxjs/toolkit';
import type { ShownNotification } from '@switchboard/plugin';

/** The name of the built-in view: the agent desktop's body. */
export const DEFAULT_VIEW = 'agent-desktop';

/** The host's UI state (`state.ui`). */
export interface UiState {
  /** On screen, oldest first. */
  notifications: ShownNotification[];
  /** The selected view (the first segment of the URL's hash path) and the whole path. */
  view: { selected: string; path: string };
  /** Named components' state (`SetComponentState`), e.g. `TaskCanvasTabs.selectedTabName`. */
  componentState: Record<string, Record<string, unknown>>;
  /** The side nav. */
  sidebar: { open: boolean };
}

export const initialUiState: UiState = {
  notifications: [],
  view: { selected: DEFAULT_VIEW, path: `/${DEFAULT_VIEW}` },
  componentState: {},
  sidebar: { open: true },
};

export const uiSlice = createSlice({
  name: 'ui',
  initialState: initialUiState,
  reducers: {
    notificationShown(state, action: PayloadAction<ShownNotification>) {
      state.notifications.push(action.payload as never);
    },
    notificationsDismissed(state, action: PayloadAction<string[]>) {
      const keys = new Set(action.payload);
      state.notifications = state.notifications.filter((n) => !keys.has(n.key));
    },
    viewChanged(state, action: PayloadAction<{ selected: string; path: string }>) {
      state.view = action.payload;
    },
    componentStateSet(state, action: PayloadAction<{ name: string; state: Record<string, unknown> }>) {
      const { name, state: values } = action.payload;
      state.componentState[name] = { ...state.componentState[name], ...values };
    },
    sidebarSet(state, action: PayloadAction<boolean>) {
      state.sidebar.open = action.payload;
    },
  },
});

export const { notificationShown, notificationsDismissed, viewChanged, componentStateSet, sidebarSet } =
  uiSlice.actions;

type WithUi = { ui?: UiState };

/** `state.ui` (the initial UI state before the host added its reducer). */
export const selectUi = (state: WithUi): UiState => state.ui ?? initialUiState;
/** The notifications on screen, oldest first. */
export const selectNotifications = (state: WithUi): ShownNotification[] => selectUi(state).notifications;
/** The selected view's name. */
export const selectSelectedView = (state: WithUi): string => selectUi(state).view.selected;
/** Whether the side nav is open. */
export const selectSidebarOpen = (state: WithUi): boolean => selectUi(state).sidebar.open;

const NO_STATE: Readonly<Record<string, unknown>> = Object.freeze({});
/** The component state of `name` (`{}` when none was set). */
export const selectComponentState = (state: WithUi, name: string): Readonly<Record<string, unknown>> =>
  selectUi(state).componentState[name] ?? NO_STATE;
