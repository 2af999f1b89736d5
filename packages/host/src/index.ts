/**
 * @switchboard/host: the plugin host runtime. `createHost()` gives an Actions instance, a
 * Redux store, the plugin manager (manifest, parallel load, phased init, unload/reload), the
 * contribution registry with `<Slot>`, host events and a logger. The exports are listed in
 * `publicApi.ts`.
 */
import * as SwitchboardHost from './publicApi';
import { shareHostModule } from './sharedModules';

// Plugin bundles keep `@switchboard/host` external and get this very module from
// `window.Switchboard.modules`. The shared-module table cannot import it itself: createHost
// uses the table, and the table importing the module that exports createHost is a cycle. So
// the entry hands it over (package.json lists this file under "sideEffects" for that call).
shareHostModule(SwitchboardHost);

export * from './publicApi';
