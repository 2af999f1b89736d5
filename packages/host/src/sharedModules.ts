/**
 * The modules the host shares with plugin bundles on `window.Switchboard.modules` (one copy
 * of each on the page), and their versions. The names are `SHARED_MODULES` of
 * `@switchboard/plugin`; a bundle keeps them external (`sharedModuleExternals()`).
 */
import * as ReduxToolkit from '@reduxjs/toolkit';
import toolkitPackage from '@reduxjs/toolkit/package.json' with { type: 'json' };
import * as SwitchboardActions from '@switchboard/actions';
import actionsPackage from '@switchboard/actions/package.json' with { type: 'json' };
import * as SwitchboardActionsEvents from '@switchboard/actions/events';
import * as SwitchboardActionsRedux from '@switchboard/actions/redux';
import * as SwitchboardPlugin from '@switchboard/plugin';
import * as React from 'react';
import * as ReactDOM from 'react-dom';
import * as ReactRedux from 'react-redux';
import reactReduxPackage from 'react-redux/package.json' with { type: 'json' };
import * as JsxRuntime from 'react/jsx-runtime';
import * as Redux from 'redux';
import reduxPackage from 'redux/package.json' with { type: 'json' };
import * as SwitchboardHost from './index';
import { HOST_VERSION } from './version';

/** A module shared with plugin bundles, and its version. */
export interface SharedModule {
  module: unknown;
  version: string;
}

/** The modules every host shares, by import name. */
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
    '@switchboard/plugin': { module: SwitchboardPlugin, version: SwitchboardPlugin.SDK_VERSION },
    '@switchboard/host': { module: SwitchboardHost, version: HOST_VERSION },
  };
}
