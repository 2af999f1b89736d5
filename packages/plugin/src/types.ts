import type { ActionsScope, Disposable } from '@switchboard/actions';
import type { ComponentType } from 'react';
import type { Dispatch, Middleware, Reducer } from 'redux';
import type { CallInfo, CallParticipant, ChatMessage } from '@switchboard/contact-center';
import type { DesktopTask } from './nativeActions';
import type { NotificationsApi, StringsApi, ViewsApi } from './ui';
import type { PluginEventsApi } from './events';

/** The least a task has, as contribution slots see it. */
export interface TaskLike {
  sid: string;
  channel?: string;
  status?: string;
  attributes?: Record<string, unknown>;
}

/**
 * The props each contribution slot passes to its components. Hosts declare their own slots
 * by augmenting this interface:
 *
 * @example
 * declare module '@switchboard/plugin' {
 *   interface SlotPropsMap { 'CRM.Sidebar': { contactId: string } }
 * }
 */
export interface SlotPropsMap {
  // The desktop's programmable components (Flex's names). Each has children of its own,
  // which plugins remove or replace by key like any contribution (see the host README).

  /** The main header: children aligned at its `start` (default) or `end` (the `align` option). */
  MainHeader: Record<string, never>;
  /** The side navigation (the views). */
  SideNav: Record<string, never>;
  /** The main container: the selected view. */
  MainContainer: Record<string, never>;
  /** Each item of the task list. */
  TaskListItem: { task: DesktopTask };
  /** The header of the selected task's canvas: the customer, the task's buttons. */
  TaskCanvasHeader: { task: DesktopTask };
  /**
   * The tabs of the selected task's canvas: each child renders a `<Tab name label>` (from
   * `@switchboard/host`) whose children are the tab's panel. The built-in tab is `chat`.
   */
  TaskCanvasTabs: { task: DesktopTask };
  /** The CRM container, beside the task canvas: the selected task, if any. */
  CRMContainer: { task: DesktopTask | undefined };
  /** Each message of a chat (replace per message with `if: ({ message }) => …`). */
  MessageListItem: { task: DesktopTask; message: ChatMessage };
  /** The inside of a message's bubble: author, body, time. */
  MessageBubble: { task: DesktopTask; message: ChatMessage };
  /** Beside the message input: the send button. */
  MessageInputActions: { task: DesktopTask };

  // Voice: the call of a voice task, and the outbound dialer.

  /**
   * The call canvas of a voice task (in the task canvas, above the tabs): `summary` (caller,
   * status, duration), `participants`, `CallCanvasActions`, `Dialpad`, and, while the call
   * is offered, `incoming` (accept / reject). `call` is undefined until the call is known.
   */
  CallCanvas: { task: DesktopTask; call: CallInfo | undefined };
  /** The call's controls: `mute`, `hold`, `hangup`, `transfer` (cold and warm). */
  CallCanvasActions: { task: DesktopTask; call: CallInfo };
  /** Each participant of the call: `info` (name, kind, state), `actions` (hold / unhold, kick). */
  ParticipantCanvas: { task: DesktopTask; call: CallInfo; participant: CallParticipant };
  /** The dial pad of a live call (sends DTMF): `keys`. */
  Dialpad: { task: DesktopTask; call: CallInfo };
  /**
   * The outbound dialer's panel: `number` (the number field), then plugins (a caller-id picker
   * sets `callerId` in a `beforeStartOutboundCall` listener), then `call` (the Call button).
   * `destination` is what the number field holds.
   */
  OutboundDialerPanel: { destination: string };

  // The first slots, kept: each is one child of the component above (its key is the slot's name).

  /** The right end of the main header (a child of `MainHeader`, aligned at the end). */
  'MainHeader.Right': Record<string, never>;
  /** The side panel of the agent desktop, beside the task canvas. */
  'AgentDesktop.Panel': Record<string, never>;
  /** Above everything: dialogs and toasts (render nothing when there is nothing to show). */
  'AgentDesktop.Overlay': Record<string, never>;
  /** Inside each item of the task list, after its title (a child of `TaskListItem`). */
  'TaskList.Item': { task: DesktopTask };
  /** The header of the selected task's canvas, beside its buttons (a child of `TaskCanvasHeader`). */
  'TaskCanvas.Header': { task: DesktopTask };
  /**
   * Tabs of the selected task's canvas, after the `TaskCanvasTabs` ones: each contribution is
   * a tab's panel, labelled with its `label` option (or its key).
   */
  'TaskCanvas.Tabs': { task: DesktopTask };
}

/** A slot name: a declared one, or any other string (whose props are then untyped). */
export type SlotName = (keyof SlotPropsMap & string) | (string & {});
/** The props of slot `S`. */
export type SlotProps<S extends string> = S extends keyof SlotPropsMap ? SlotPropsMap[S] : Record<string, unknown>;

/** Options of a contribution. */
export interface ContributionOptions<P> {
  /** Unique within the slot; other plugins use it to `remove` this contribution. */
  key: string;
  /** Lower first; contributions with equal sortOrder keep their registration order. Default 0. */
  sortOrder?: number;
  /** Render only when this returns true for the slot's props. */
  if?: (props: P) => boolean;
  /** A label, for slots that show one (`TaskCanvas.Tabs`). */
  label?: string;
  /**
   * Where the child goes in a slot laid out in a row with two ends (`MainHeader`): `start`
   * (the default) or `end`. Slots with one list ignore it.
   */
  align?: ContributionAlign;
}

/** The end of a row a contribution goes to (`ContributionOptions.align`). */
export type ContributionAlign = 'start' | 'end';

/**
 * UI contributions to named slots (the Flex `Content.add / replace / remove` model). Every
 * call returns a Disposable; all of a plugin's contributions are undone when it unloads.
 */
export interface ContributionsApi {
  /** Adds `component` to `slot`. */
  add<S extends SlotName>(
    slot: S,
    component: ComponentType<SlotProps<S>>,
    options: ContributionOptions<SlotProps<S>>,
  ): Disposable;
  /** Replaces everything `slot` holds so far with `component` (later additions still show). */
  replace<S extends SlotName>(
    slot: S,
    component: ComponentType<SlotProps<S>>,
    options: ContributionOptions<SlotProps<S>>,
  ): Disposable;
  /** Hides the contribution with `key` from `slot` (when `if` returns true, if given). */
  remove<S extends SlotName>(slot: S, key: string, options?: Pick<ContributionOptions<SlotProps<S>>, 'if'>): Disposable;
}

/** The host's Redux store, as a plugin uses it. Everything it adds is removed on unload. */
export interface PluginStoreApi {
  getState(): unknown;
  dispatch: Dispatch;
  /** Like `store.subscribe`; a listener that throws is reported, not rethrown. */
  subscribe(listener: () => void): Disposable;
  /** Adds a reducer under `state[namespace]`; rejects reserved and taken namespaces. */
  addReducer(namespace: string, reducer: Reducer): Disposable;
  /** Adds a middleware at runtime. */
  addMiddleware(middleware: Middleware): Disposable;
}

/** Logs with the plugin's name attached. */
export interface Logger {
  debug(message: string, ...details: unknown[]): void;
  info(message: string, ...details: unknown[]): void;
  warn(message: string, ...details: unknown[]): void;
  error(message: string, ...details: unknown[]): void;
}

/** What a plugin's `init` receives: the host, scoped to the plugin. */
export interface PluginApi {
  /** The plugin's name, as in the manifest. */
  readonly name: string;
  /** The plugin's version, as in the manifest. */
  readonly version: string;
  /** The host's version (semver). */
  readonly hostVersion: string;
  /** The Actions API; everything registered through it is owned by the plugin. */
  readonly actions: ActionsScope;
  readonly store: PluginStoreApi;
  readonly contributions: ContributionsApi;
  /** Notifications: register, show, dismiss; a plugin's go when it unloads. */
  readonly notifications: NotificationsApi;
  /** The desktop's strings and templates; overrides are undone when the plugin unloads. */
  readonly strings: StringsApi;
  /** Views (pages) in the side nav; a plugin's go when it unloads. */
  readonly views: ViewsApi;
  /** The host's events (tasks, worker, connection, plugins, views); a plugin's listeners go when it unloads. */
  readonly events: PluginEventsApi;
  readonly log: Logger;
  /**
   * Aborted when the plugin unloads, fails, or its `init` times out: pass it to `fetch`,
   * timers and listeners so the plugin's pending work stops with it.
   *
   * @example
   * const res = await fetch(url, { signal: api.signal });
   * api.signal.addEventListener('abort', () => socket.close());
   */
  readonly signal: AbortSignal;
  /** Runs `fn` when the plugin unloads (timers, sockets, anything outside the host). */
  onDispose(fn: () => void): Disposable;
}

/** A plugin, as its bundle registers it. */
export interface PluginDefinition {
  /** Must equal the manifest entry's name. */
  name: string;
  /** May be async; the host waits for it (with a timeout). */
  init(api: PluginApi): void | Promise<void>;
  /**
   * How a hot reload (`host.plugins.reload(name, { keepState: true })`, what
   * `switchboard-plugin start` does on each rebuild) treats the plugin. By default the state of
   * its store namespaces is kept: the new `init`'s `addReducer` of the same namespace starts
   * from it. `keepState: false` opts out (a reload then starts from the reducers' initial state).
   *
   * @example
   * definePlugin({ name: 'wizard', hotReload: { keepState: false }, init(api) { … } });
   */
  hotReload?: PluginHotReload;
}

/** A plugin's hot-reload preferences ({@link PluginDefinition.hotReload}). */
export interface PluginHotReload {
  /** Keep the state of the plugin's store namespaces across a hot reload. Default true. */
  keepState?: boolean;
}

/**
 * What a plugin may touch, as it declares it in its package.json
 * (`"switchboard": { "plugin": { "permissions": { … } } }`); the manifest and the registry
 * carry it, and the host refuses the rest with `PERMISSION_DENIED`. A plugin that declares
 * nothing (`null`, or no declaration) runs unrestricted and is flagged as such.
 *
 * @example
 * const permissions: PluginPermissions = {
 *   actions: ['AcceptTask', 'crm-sync.Lookup'],
 *   slots: ['CRMContainer'],
 *   origins: ['https://crm.example.com'],
 * };
 */
export interface PluginPermissions {
  /**
   * Actions it hooks (`before`/`after` listeners, `replaceAction`, `blockAction`), invokes or
   * registers, by name, e.g. `'AcceptTask'`. `'*'` = any (and the lifecycle events, which see
   * every action).
   */
  actions: string[];
  /** Slots it fills (`contributions.add` / `replace` / `remove`), e.g. `'TaskCanvasTabs'`. `'*'` = any. */
  slots: string[];
  /** Origins it calls (fetch / XHR / WebSocket), e.g. `'https://crm.example.com'`: the desktop's CSP `connect-src`. */
  origins: string[];
}

/**
 * What a bundle says about itself when it registers: the registration contract it was built
 * for, so a later host can still load it (through an adapter for that contract) or refuse it
 * with a clear reason. `loadPlugin` sends it; a bundle that sends none is taken as contract 1.
 */
export interface PluginRegistration {
  /** The registration contract (`PLUGIN_CONTRACT` of the SDK the bundle was built with). */
  contract: number;
  /** The version of `@switchboard/plugin` the bundle was built with. */
  sdkVersion?: string;
}

/** The global a host installs for plugin bundles (`window.Switchboard`). */
export interface SwitchboardGlobal {
  /** The host's version. */
  readonly version: string;
  /** Registration: a plugin bundle calls `Plugins.init(plugin, registration)` when it runs. */
  readonly Plugins: { init(plugin: PluginDefinition, registration?: PluginRegistration): void };
  /** The registration contracts this host accepts (a range, inclusive). */
  readonly contracts?: { readonly min: number; readonly max: number };
  /**
   * Modules the host shares with plugin bundles, by import name: `react`,
   * `react/jsx-runtime`, `react-dom`, `redux`, `react-redux`, `@reduxjs/toolkit` and
   * `@switchboard/*` (see `SHARED_MODULES`). A bundle keeps them external.
   */
  readonly modules: Record<string, unknown>;
  /** The version of each shared module, by the same names (when known). */
  readonly versions?: Readonly<Record<string, string>>;
}

declare global {
  // The host's registration global; undefined outside a host page.
  var Switchboard: SwitchboardGlobal | undefined;
}
