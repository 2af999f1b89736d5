/**
 * The modules the host shares with plugin bundles on `window.Switchboard.modules` (one copy
 * of each on the page), and their versions. The names are `SHARED_MODULES` of
 * `@switchboard/plugin`; a bundle keeps them external (`sharedModuleExternals()`).
 *
 * `@switchboard/host` itself is handed over by the package entry (`index.ts` calls
 * {@link shareHostModule}): importing it from here would close the cycle
 * index → createHost → sharedModules → index.
 */
import * as ReduxToolkit from '@reduxjs/toolkit';
import toolkitPackage from '@reduxjs/toolkit/package.json' with { type: 'json' };
import * as SwitchboardActions from '@switchboard/actions';
import actionsPackage from '@switchboard/actions/package.json' with { type: 'json' };
import * as SwitchboardActionsEvents from '@switchboard/actions/events';
import * as SwitchboardActionsRedux from '@switchboard/actions/redux';
import * as SwitchboardActionsRuntime from '@switchboard/actions/runtime';
import * as SwitchboardPlugin from '@switchboard/plugin';
import * as React from 'react';
import * as ReactDOM from 'react-dom';
import * as ReactRedux from 'react-redux';
import reactReduxPackage from 'react-redux/package.json' with { type: 'json' };
import * as JsxRuntime from 'react/jsx-runtime';
import * as Redux from 'redux';
import reduxPackage from 'redux/package.json' with { type: 'json' };
import { HOST_VERSION } from './version';

/** A module shared with plugin bundles, and its version. */
export interface SharedModule {
  module: unknown;
  version: string;
}

let hostModule: SharedModule | undefined;

/** Shares `module`, the host's public module, as `@switchboard/host` (called once, by `index.ts`). */
export function shareHostModule(module: object): void {
  hostModule = { module, version: HOST_VERSION };
}

/**
 * The modules every host shares, by import name. `@switchboard/host` is among them once the
 * package entry was evaluated, that is, whenever `createHost` came from `@switchboard/host`.
 */
export function defaultSharedModules(): Record<string, SharedModule> {
  return {
    react: { module: React, version: React.version },
    'react/jsx-runtime': { module: JsxRuntime, version: React.version },
    'react-dom': { module: ReactDOM, version: ReactDOM.version },
    redux: { module: Redux, version: reduxPackage.version },
    'react-redux': { module: ReactRedux, version: reactReduxPackage.version },
    '@reduxjs/toolkit': { module: ReduxToolkit, version: toolkitPackage.version },
    '@switchboard/actions': { module: SwitchboardActions, version: actionsPackage.version },
    '@switchboard/actions/redux': { module: SwitchboardActionsRedux, version: actionsPackage.version },
    '@switchboard/actions/events': { module: SwitchboardActionsEvents, version: actionsPackage.version },
    '@switchboard/actions/runtime': { module: SwitchboardActionsRuntime, version: actionsPackage.version },
    '@switchboard/plugin': { module: SwitchboardPlugin, version: SwitchboardPlugin.SDK_VERSION },
    ...(hostModule && { '@switchboard/host': hostModule }),
  };
}
