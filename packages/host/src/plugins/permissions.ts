import type { ActionsScope, OwnerRef } from '@switchboard/actions';
import type { ContributionsApi, Logger, PluginPermissions } from '@switchboard/plugin';
import { HostError } from '../errors';

/** The host's lifecycle events of the actions framework: they see every action, so they need `'*'`. */
const LIFECYCLE_EVENTS: ReadonlySet<string> = new Set([
  'invocationBegin',
  'invocationAwaiting',
  'invocationEnd',
  'actionBlockedChanged',
]);
const ACTION_EVENT = /^(before|after)(.+)$/;

/** What one plugin may touch: its declaration, or unrestricted when it declared none. */
export class PluginPermissionCheck {
  private readonly actions: ReadonlySet<string>;
  private readonly slots: ReadonlySet<string>;

  /** `permissions` null or absent: the plugin declared nothing and may touch anything. */
  constructor(
    readonly plugin: string,
    readonly permissions: PluginPermissions | null | undefined,
  ) {
    this.actions = new Set(permissions?.actions ?? []);
    this.slots = new Set(permissions?.slots ?? []);
  }

  /** Whether the plugin declared its permissions (otherwise it runs unrestricted). */
  get declared(): boolean {
    return this.permissions != null;
  }

  /** Throws `PERMISSION_DENIED` unless the plugin may use action `name` (`'*'` for every action). */
  action(name: string): void {
    if (!this.declared || this.actions.has('*') || this.actions.has(name)) return;
    throw this.denied('action', name, 'actions');
  }

  /** Throws `PERMISSION_DENIED` unless the plugin may fill `slot`. */
  slot(slot: string): void {
    if (!this.declared || this.slots.has('*') || this.slots.has(slot)) return;
    throw this.denied('slot', slot, 'slots');
  }

  /** Throws `PERMISSION_DENIED` unless the plugin may listen to `event` (`beforeX`/`afterX`: action X). */
  event(event: string): void {
    if (typeof event !== 'string') return; // the actions framework names that mistake
    const m = ACTION_EVENT.exec(event);
    if (m) return this.action(m[2]!);
    if (LIFECYCLE_EVENTS.has(event) && this.declared && !this.actions.has('*')) {
      throw new HostError(
        'PERMISSION_DENIED',
        `plugin "${this.plugin}" has no permission for the lifecycle event "${event}", which sees every action (declare "*" in package.json switchboard.plugin.permissions.actions)`,
        { owner: this.plugin },
      );
    }
  }

  private denied(kind: 'action' | 'slot', name: string, list: 'actions' | 'slots'): HostError {
    return new HostError(
      'PERMISSION_DENIED',
      `plugin "${this.plugin}" has no permission for ${kind} "${name}" (declare it in package.json switchboard.plugin.permissions.${list})`,
      { owner: this.plugin, ...(kind === 'action' ? { action: name } : {}) },
    );
  }
}

/**
 * The plugin's actions scope, refusing (with `PERMISSION_DENIED`) what its declaration does
 * not allow: `addListener` / `on` of `beforeX` / `afterX` (and of the lifecycle events, which
 * need `'*'`), `replaceAction`, `registerAction`, `blockAction` and `invokeAction` of an
 * undeclared action X. Reading (`describe`, `find…`) and removing its own listeners are free.
 * A plugin that declared nothing gets `scope` itself (no wrapper, no cost).
 */
export function restrictActions(scope: ActionsScope, check: PluginPermissionCheck): ActionsScope {
  if (!check.declared) return scope;
  const restricted: ActionsScope = {
    get owner() {
      return scope.owner;
    },
    get disposed() {
      return scope.disposed;
    },
    dispose: () => scope.dispose(),
    registerAction: (name, fn, payloadUpdate) => {
      check.action(name);
      return scope.registerAction(name, fn, payloadUpdate);
    },
    invokeAction: ((name: string, ...payload: unknown[]) => {
      try {
        check.action(name);
      } catch (error) {
        // Like any refusal of an invocation: a rejected promise, never a synchronous throw.
        return Promise.reject(error);
      }
      return (scope.invokeAction as (name: string, ...payload: unknown[]) => Promise<unknown>)(name, ...payload);
    }) as ActionsScope['invokeAction'],
    replaceAction: (name, replacement) => {
      check.action(name);
      return scope.replaceAction(name, replacement);
    },
    addListener: ((event: never, listener: never) => {
      check.event(event);
      return scope.addListener(event, listener);
    }) as ActionsScope['addListener'],
    on: ((event: never, listener: never) => {
      check.event(event);
      return scope.on(event, listener);
    }) as ActionsScope['on'],
    removeListener: (event, listener) => scope.removeListener(event, listener),
    off: (event, listener) => scope.off(event, listener),
    blockAction: (name, pattern) => {
      check.action(name);
      return scope.blockAction(name, pattern);
    },
    unblockAction: (name, pattern) => {
      check.action(name);
      scope.unblockAction(name, pattern);
    },
    findPendingActions: (names, match) => scope.findPendingActions(names, match),
    findBlockedActions: (names, match) => scope.findBlockedActions(names, match),
    // A sub-scope of the plugin is held to the same declaration.
    scope: (child: string | OwnerRef) => restrictActions(scope.scope(child), check),
    describe: ((name?: string) =>
      name === undefined ? scope.describe() : scope.describe(name)) as ActionsScope['describe'],
    onError: (handler) => scope.onError(handler),
    onWarning: (handler) => scope.onWarning(handler),
    listenerCount: (event) => scope.listenerCount(event),
  };
  return Object.freeze(restricted);
}

/** The plugin's contributions API, refusing (with `PERMISSION_DENIED`) slots it did not declare. */
export function restrictContributions(contributions: ContributionsApi, check: PluginPermissionCheck): ContributionsApi {
  if (!check.declared) return contributions;
  return Object.freeze({
    add: (slot, component, options) => {
      check.slot(slot);
      return contributions.add(slot, component, options);
    },
    replace: (slot, component, options) => {
      check.slot(slot);
      return contributions.replace(slot, component, options);
    },
    remove: (slot, key, options) => {
      check.slot(slot);
      return contributions.remove(slot, key, options);
    },
  } satisfies ContributionsApi);
}

/**
 * Makes each activation's {@link PluginPermissionCheck} from its manifest entry, and says
 * once per plugin (not on every reload), in the plugin's log, that a plugin declaring nothing
 * runs unrestricted.
 */
export function createPermissionChecks(): (
  entry: { name: string; permissions?: PluginPermissions | null },
  log: Logger,
) => PluginPermissionCheck {
  const warned = new Set<string>();
  return (entry, log) => {
    const check = new PluginPermissionCheck(entry.name, entry.permissions);
    if (!check.declared && !warned.has(entry.name)) {
      warned.add(entry.name);
      log.warn(
        `plugin "${entry.name}" declares no permissions: it may hook any action and fill any slot (declare them in package.json switchboard.plugin.permissions)`,
      );
    }
    return check;
  };
}
