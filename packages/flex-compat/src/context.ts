/**
 * One Flex plugin's compat context: its `manager`, `Actions`, store view, SDK clients and
 * providers, all made from its `PluginApi`, so everything it registers is owned by it.
 *
 * Module-level Flex APIs (`Actions`, `Manager.getInstance()`, `Flex.TaskCanvasHeader.Content`
 * imported from `@twilio/flex-ui`) act for the plugin of this copy of the compat layer: the
 * toolchain compiles one copy into each Flex plugin's bundle (see the README), so that is the
 * bundle's own plugin. Where one copy serves several plugins (tests), they act for the one
 * loaded last that is still loaded; the `flex` and `manager` that `init` receives always act
 * for their own plugin.
 */
import type { Disposable } from '@switchboard/actions';
import type { DesktopTask, PluginApi, PluginEventName } from '@switchboard/plugin';
import type { ComponentType, ReactNode } from 'react';
import type { Reducer, UnknownAction } from 'redux';
import { FlexActions } from './actions';
import { SdkClients } from './clients';
import { FlexNoPluginError, unsupported } from './errors';
import { selectCallOfTask } from '@switchboard/host';
import { TaskTranslator, type Invoke } from './itask';
import { FlexStateDeriver, type FlexState, type HostStateLike } from './state';

/** Flex's `manager.events`. */
export interface FlexEvents {
  addListener(event: string, listener: (...args: never[]) => unknown): FlexEvents;
  on(event: string, listener: (...args: never[]) => unknown): FlexEvents;
  removeListener(event: string, listener: (...args: never[]) => unknown): FlexEvents;
  off(event: string, listener: (...args: never[]) => unknown): FlexEvents;
}

/** Flex's `manager.events` with a task (an ITask) as argument. */
const TASK_EVENTS = [
  'taskReceived',
  'taskAccepted',
  'taskUpdated',
  'taskCanceled',
  'taskCompleted',
  'taskRejected',
  'taskRescinded',
  'taskTimeout',
  'taskWrapup',
] as const;
/** Every `manager.events` event: the host's events of the same names (`api.events`). */
export const FLEX_MANAGER_EVENTS: readonly PluginEventName[] = [
  ...TASK_EVENTS,
  'workerActivityUpdated',
  'workerAttributesUpdated',
  'connectionStateChanged',
  'pluginsLoaded',
  'pluginsInitialized',
];

type AnyListener = (...args: never[]) => unknown;

/**
 * Flex's `manager.events` over the plugin's `api.events`: each listener is the plugin's
 * (removed when it unloads), with Flex's arguments: an ITask for the task events, the
 * `workerClient` for the worker's, the connection state, nothing for the plugins'. An event
 * the host does not have throws a `FlexUnsupportedError` naming it.
 */
function managerEvents(context: FlexContext): FlexEvents {
  const registrations = new Map<string, Array<[AnyListener, Disposable]>>();
  const call = (listener: AnyListener, ...args: unknown[]) => {
    void (listener as (...a: unknown[]) => unknown)(...args);
  };
  const self: FlexEvents = {
    addListener: (event, listener) => {
      const api = context.api;
      let registration: Disposable;
      if ((TASK_EVENTS as readonly string[]).includes(event))
        registration = api.events.on(event as (typeof TASK_EVENTS)[number], (task: DesktopTask) =>
          call(listener, context.tasks.toITask(task)),
        );
      else if (event === 'workerActivityUpdated' || event === 'workerAttributesUpdated')
        registration = api.events.on(event, () => call(listener, context.clients.worker));
      else if (event === 'connectionStateChanged')
        registration = api.events.on(event, (state) => call(listener, state));
      else if (event === 'pluginsLoaded' || event === 'pluginsInitialized')
        registration = api.events.on(event, () => call(listener));
      else
        return unsupported(
          `manager.events.addListener("${event}")`,
          `the host has no such event (it has ${FLEX_MANAGER_EVENTS.join(', ')})`,
          api.name,
        );
      registrations.set(event, [...(registrations.get(event) ?? []), [listener, registration]]);
      return self;
    },
    on: (event, listener) => self.addListener(event, listener),
    removeListener: (event, listener) => {
      const list = registrations.get(event) ?? [];
      const at = list.map(([l]) => l).lastIndexOf(listener);
      if (at >= 0) {
        list[at]![1].dispose();
        list.splice(at, 1);
      }
      return self;
    },
    off: (event, listener) => self.removeListener(event, listener),
  };
  return self;
}

/** Flex's store, as `manager.store`: the host's store with `state.flex`. */
export interface FlexStore {
  getState(): HostStateLike & { flex: FlexState };
  dispatch(action: UnknownAction): unknown;
  /** Returns an unsubscribe function, as Redux's. */
  subscribe(listener: () => void): () => void;
  /** Adds the plugin's reducer under `state[name]` (removed when the plugin unloads). */
  addReducer(name: string, reducer: Reducer): Disposable;
  replaceReducer(): never;
}

/** Flex's `manager.configuration`, as far as the local desktop has one. */
export interface FlexConfiguration {
  custom_data: Record<string, unknown>;
  [key: string]: unknown;
}

/** A React component that wraps others (`setProviders`). */
export type ProviderComponent = ComponentType<{ children?: ReactNode }>;

/** Flex's `Manager`: one per plugin here (see the module comment). */
export class Manager {
  /**
   * The manager of this bundle's Flex plugin. Called before the plugin is loaded (a module's
   * top level: `const manager = Manager.getInstance()`), it returns a stand-in that finds the
   * manager when it is used, and throws naming the property if there is still none.
   */
  static getInstance(): Manager {
    return maybeContext()?.manager ?? lateManager;
  }

  readonly store: FlexStore;
  readonly configuration: FlexConfiguration = { custom_data: {}, language: 'en-US', sso: undefined };
  readonly serviceConfiguration = {
    account_sid: 'ACswitchboardlocal',
    attributes: {} as Record<string, unknown>,
    ui_attributes: {} as Record<string, unknown>,
    taskrouter_skills: [] as unknown[],
    taskrouter_offline_activity_sid: 'WAoffline',
    runtime_domain: typeof location === 'undefined' ? 'localhost' : location.host,
    crm_enabled: false,
  };

  constructor(private readonly context: FlexContext) {
    const api = context.api;
    this.store = {
      getState: () => context.deriver.withFlex(api.store.getState() as HostStateLike),
      dispatch: (action) => api.store.dispatch(action),
      subscribe: (listener) => {
        const registration = api.store.subscribe(listener);
        return () => registration.dispose();
      },
      addReducer: (name, reducer) => api.store.addReducer(name, reducer),
      replaceReducer: () =>
        unsupported(
          'manager.store.replaceReducer',
          'the host owns the root reducer: use manager.store.addReducer(name, reducer)',
          api.name,
        ),
    };
  }

  /** The agent: its identity and a token. The token is local: Twilio services will not accept it. */
  get user(): { identity: string | undefined; token: string; isAuthenticated: boolean } {
    const flex = this.store.getState().flex;
    const identity = flex.session.identity;
    return { identity, token: `switchboard-local:${identity ?? 'anonymous'}`, isAuthenticated: identity !== undefined };
  }

  /** TaskRouter's Worker over the host (see `SdkClients.worker`). */
  get workerClient() {
    return this.context.clients.worker;
  }

  /** Twilio Conversations' client over the host's chats. */
  get conversationsClient() {
    return this.context.clients.conversations;
  }

  /** Flex 1's name of the chat client. */
  get chatClient() {
    return this.context.clients.conversations;
  }

  /** Voice has no local equivalent yet. */
  get voiceClient(): never {
    return unsupported('manager.voiceClient', 'the local contact center has no voice yet', this.context.api.name);
  }

  /**
   * Flex's strings: the host's catalogue (`api.strings`), its templates as they are (Flex
   * renders them later, with a context). `manager.strings.Key = 'text'` overrides the key for
   * the whole desktop, owned by the plugin (undone when it unloads); `Object.assign` too.
   */
  get strings(): Record<string, string> {
    return (this.#strings ??= stringsOf(this.context.api));
  }
  #strings: Record<string, string> | undefined;

  /** Flex's `manager.events`: the host's events (`api.events`), see {@link FLEX_MANAGER_EVENTS}. */
  get events(): FlexEvents {
    return (this.#events ??= managerEvents(this.context));
  }
  #events: FlexEvents | undefined;

  /** Merges `partial` into `configuration` (Flex's `updateConfig`). */
  updateConfig(partial: Partial<FlexConfiguration>): void {
    Object.assign(this.configuration, partial);
  }

  /** Reports an error through the plugin's log (the host's failure reporting). */
  reportErrorEvent(error: unknown): void {
    this.context.api.log.error(error instanceof Error ? error.message : String(error), error);
  }
}

/** `manager.strings` over `api.strings`: reads the catalogue, assignments override (owned). */
function stringsOf(api: PluginApi): Record<string, string> {
  const strings = api.strings;
  const overrides = new Map<string, Disposable>();
  return new Proxy({} as Record<string, string>, {
    get: (_t, key) => (typeof key === 'string' ? (strings.template(key) ?? strings.all()[key]) : undefined),
    set: (_t, key, value) => {
      if (typeof key !== 'string') return false;
      // The newest assignment wins; the previous override of the key is undone.
      overrides.get(key)?.dispose();
      overrides.set(key, strings.override({ [key]: String(value) }));
      return true;
    },
    has: (_t, key) => typeof key === 'string' && strings.template(key) !== undefined,
    ownKeys: () => Object.keys(strings.all()),
    getOwnPropertyDescriptor: (_t, key) =>
      typeof key === 'string' && strings.template(key) !== undefined
        ? { value: strings.template(key), writable: true, enumerable: true, configurable: true }
        : undefined,
  });
}

/** One Flex plugin's compat context. */
export class FlexContext {
  readonly tasks: TaskTranslator;
  readonly actions: FlexActions;
  readonly deriver: FlexStateDeriver;
  readonly clients: SdkClients;
  readonly manager: Manager;
  /** What `setProviders` gave, outermost first. */
  providers: ProviderComponent[] = [];

  constructor(readonly api: PluginApi) {
    const invoke: Invoke = (action, payload) => api.actions.invokeAction(action, payload);
    const state = () => api.store.getState() as { desktop?: object };
    this.tasks = new TaskTranslator(invoke, (task) =>
      state().desktop ? selectCallOfTask(state() as never, task) : undefined,
    );
    this.actions = new FlexActions(api.actions, this.tasks, (message) => api.log.warn(message));
    this.deriver = new FlexStateDeriver(this.tasks);
    this.clients = new SdkClients(api, invoke, this.tasks, this.deriver);
    this.manager = new Manager(this);
  }
}

const active: FlexContext[] = [];

/** `Manager.getInstance()` before any Flex plugin of this bundle was loaded. */
const lateManager: Manager = new Proxy({} as Manager, {
  get: (_t, key) => {
    const manager = currentContext(`Manager.getInstance().${String(key)}`).manager;
    const value: unknown = Reflect.get(manager, key, manager);
    return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(manager) : value;
  },
});

/** Makes `context` the one module-level APIs act for, until the plugin unloads. */
export function activate(context: FlexContext): void {
  active.push(context);
  context.api.onDispose(() => {
    const at = active.lastIndexOf(context);
    if (at >= 0) active.splice(at, 1);
  });
}

/** The context module-level APIs act for; throws naming `api` when no Flex plugin is loaded. */
export function currentContext(api: string): FlexContext {
  const context = active[active.length - 1];
  if (!context) throw new FlexNoPluginError(api);
  return context;
}

/** The current context, if any. */
export const maybeContext = (): FlexContext | undefined => active[active.length - 1];

/** What `setProviders` takes: named provider components (Flex: `PasteThemeProvider`, `CustomProvider`). */
export type ProvidersConfig = Partial<
  Record<'PasteThemeProvider' | 'CustomProvider' | (string & {}), ProviderComponent>
>;

/** Records `providers` for `context`: its contributions render inside them (Paste's theme outermost). */
export function setProvidersOf(context: FlexContext, providers: ProvidersConfig): void {
  const { PasteThemeProvider, CustomProvider, ...rest } = providers;
  context.providers = [PasteThemeProvider, ...Object.values(rest), CustomProvider].filter(
    (p): p is ProviderComponent => typeof p === 'function' || (typeof p === 'object' && p !== null),
  );
}
