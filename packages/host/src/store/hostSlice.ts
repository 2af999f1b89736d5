import { createSlice, type PayloadAction } from '@reduxjs/toolkit';
import type { PluginStatus } from '../plugins/types';

/** The host's slice of the store: plugin statuses, for status panels. */
export interface HostState {
  /** By id (the name), in manifest order. */
  plugins: Record<string, PluginStatus>;
}

const initialState: HostState = { plugins: {} };

export const hostSlice = createSlice({
  name: 'switchboard',
  initialState,
  reducers: {
    pluginStatusChanged(state, { payload }: PayloadAction<PluginStatus>) {
      state.plugins[payload.id] = payload;
    },
    pluginForgotten(state, { payload }: PayloadAction<string>) {
      delete state.plugins[payload];
    },
  },
});

export const { pluginStatusChanged, pluginForgotten } = hostSlice.actions;
