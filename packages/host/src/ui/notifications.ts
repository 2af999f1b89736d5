/**
 * The notifications (`host.notifications`, `api.notifications`): registered definitions, by
 * id, owned by who registered them; shown ones in `state.ui.notifications`, dismissed after
 * their timeout, by their close button, or when the plugin that registered or showed them
 * unloads.
 */
import type { Store } from '@reduxjs/toolkit';
import { InvalidArgumentError, ListenerList, toDisposable, type Disposable, type OwnerRef } from '@switchboard/actions';
import type {
  NotificationDefinition,
  NotificationEvents,
  NotificationsApi,
  NotificationType,
  ShownNotification,
  TemplateContext,
} from '@switchboard/plugin';
import { isValidElement } from 'react';
import { HostError } from '../errors';
import { owned } from './owned';
import { notificationShown, notificationsDismissed, selectNotifications, type UiState } from './uiSlice';

const TYPES: readonly NotificationType[] = ['information', 'success', 'warning', 'error'];

/** How long a notification stays by default: information and success go, warnings and errors stay. */
export const DEFAULT_NOTIFICATION_TIMEOUT: Readonly<Record<NotificationType, number>> = Object.freeze({
  information: 5000,
  success: 5000,
  warning: 0,
  error: 0,
});

/** A registered notification, with who registered it. */
export interface RegisteredNotification extends NotificationDefinition {
  readonly type: NotificationType;
  readonly owner: string;
}

/** The host's notifications (`host.notifications`): a plugin's API, and the registered definitions. */
export interface HostNotifications extends NotificationsApi {
  /** The registered definition of `id`, with its owner. */
  get(id: string): RegisteredNotification | undefined;
  /** The registered notifications, in registration order. */
  list(): RegisteredNotification[];
}

/** The host's notifications: {@link NotificationsApi}, with an owner for each registration and show. */
export class NotificationRegistry implements HostNotifications {
  readonly #definitions = new Map<string, RegisteredNotification>();
  readonly #timers = new Map<string, ReturnType<typeof setTimeout>>();
  /** What undoes a plugin's shown notification when it unloads, by key. */
  readonly #ownedShows = new Map<string, Disposable>();
  readonly #before = new ListenerList<NotificationEvents['beforeAddNotification']>();
  readonly #store: Store;
  readonly #onListenerError: (error: unknown, owner: OwnerRef | undefined) => void;
  #count = 0;

  constructor(store: Store, onListenerError: (error: unknown, owner: OwnerRef | undefined) => void) {
    this.#store = store;
    this.#onListenerError = onListenerError;
  }

  register(definition: NotificationDefinition, owner?: OwnerRef): Disposable {
    const who = owner === undefined ? '' : ` (plugin "${owner.id}")`;
    const def = definition as Partial<NotificationDefinition> | undefined;
    if (!def || typeof def.id !== 'string' || !def.id)
      throw new InvalidArgumentError(`notifications.register${who}: the definition needs an id (a non-empty string)`);
    const what = `notifications.register("${def.id}")${who}`;
    const taken = this.#definitions.get(def.id);
    if (taken)
      throw new HostError('NOTIFICATION_DUPLICATE', `${what}: "${def.id}" is registered already by "${taken.owner}"`, {
        owner: owner?.id,
      });
    const type = def.type ?? 'information';
    if (!TYPES.includes(type))
      throw new InvalidArgumentError(`${what}: type must be one of ${TYPES.join(', ')}, got ${String(type)}`);
    const kinds = [def.content !== undefined, def.templateKey !== undefined].filter(Boolean).length;
    if (kinds !== 1) throw new InvalidArgumentError(`${what}: give exactly one of content and templateKey`);
    const { content } = def;
    if (
      content !== undefined &&
      typeof content !== 'string' &&
      typeof content !== 'function' &&
      !isValidElement(content)
    )
      throw new InvalidArgumentError(`${what}: content must be a string (a template), a component or an element`);
    if (def.templateKey !== undefined && (typeof def.templateKey !== 'string' || !def.templateKey))
      throw new InvalidArgumentError(`${what}: templateKey must be a key of the strings catalogue`);
    if (def.timeout !== undefined && !(def.timeout >= 0 && Number.isFinite(def.timeout)))
      throw new InvalidArgumentError(`${what}: timeout must be a number of ms (0: stays), got ${String(def.timeout)}`);
    for (const action of def.actions ?? []) {
      if (typeof action?.label !== 'string' || typeof action.onClick !== 'function')
        throw new InvalidArgumentError(`${what}: each action needs a label (a string) and an onClick function`);
    }
    const entry: RegisteredNotification = Object.freeze({ ...def, id: def.id, type, owner: owner?.id ?? 'host' });
    this.#definitions.set(entry.id, entry);
    return owned(
      toDisposable(() => {
        if (this.#definitions.get(entry.id) !== entry) return;
        this.#definitions.delete(entry.id);
        this.dismissById(entry.id);
      }),
      owner,
    );
  }

  show(id: string, context: TemplateContext = {}, owner?: OwnerRef): ShownNotification | undefined {
    const def = this.#definitions.get(id);
    if (!def) {
      const known = [...this.#definitions.keys()];
      throw new HostError(
        'NOTIFICATION_NOT_FOUND',
        `notifications.show: no notification "${id}" is registered${known.length ? ` (registered: ${known.join(', ')})` : ''}`,
        { owner: owner?.id },
      );
    }
    if (context === null || typeof context !== 'object')
      throw new InvalidArgumentError(`notifications.show("${id}"): the context must be an object`);
    const notification: ShownNotification = Object.freeze({
      key: `${id}#${++this.#count}`,
      id,
      type: def.type,
      context,
      shownAt: Date.now(),
      timeout: def.timeout ?? DEFAULT_NOTIFICATION_TIMEOUT[def.type],
      closeButton: def.closeButton ?? true,
      ...(owner ? { owner: owner.id } : {}),
    });
    let cancelled = false;
    const cancel = () => {
      cancelled = true;
    };
    this.#before.call([notification, cancel], (error, r) => this.#onListenerError(error, r.owner));
    if (cancelled) return undefined;
    this.#store.dispatch(notificationShown(notification));
    if (notification.timeout > 0) {
      const timer = setTimeout(() => this.dismiss(notification.key), notification.timeout);
      // In Node, a notification's timer keeps no process alive.
      (timer as { unref?: () => void }).unref?.();
      this.#timers.set(notification.key, timer);
    }
    if (owner?.disposables) {
      const { key } = notification;
      // Undone when the plugin unloads; a no-op once dismissed otherwise (#dismiss forgets it first).
      const undo = toDisposable(() => void (this.#ownedShows.has(key) && this.dismiss(key)));
      this.#ownedShows.set(key, owned(undo, owner));
    }
    return notification;
  }

  dismiss(key: string | ShownNotification): boolean {
    return this.#dismiss([typeof key === 'string' ? key : key?.key]) > 0;
  }

  dismissById(id: string): number {
    return this.#dismiss(
      this.shown()
        .filter((n) => n.id === id)
        .map((n) => n.key),
    );
  }

  get(id: string): RegisteredNotification | undefined {
    return this.#definitions.get(id);
  }

  /** The registered notifications, in registration order. */
  list(): RegisteredNotification[] {
    return [...this.#definitions.values()];
  }

  shown(): readonly ShownNotification[] {
    return selectNotifications(this.#store.getState() as { ui?: UiState });
  }

  addListener<E extends keyof NotificationEvents>(
    event: E,
    listener: NotificationEvents[E],
    owner?: OwnerRef,
  ): Disposable {
    if (event !== 'beforeAddNotification')
      throw new InvalidArgumentError(
        `notifications.addListener: unknown event "${String(event)}" (the event is beforeAddNotification)`,
      );
    if (typeof listener !== 'function')
      throw new InvalidArgumentError('notifications.addListener: the listener must be a function');
    return this.#before.add(listener, owner);
  }

  /** Dismisses everything and stops the timers (the host's dispose). */
  dispose(): void {
    this.#dismiss(this.shown().map((n) => n.key));
    this.#definitions.clear();
  }

  #dismiss(keys: Array<string | undefined>): number {
    const shown = new Set(this.shown().map((n) => n.key));
    const gone = keys.filter((k): k is string => k !== undefined && shown.has(k));
    for (const key of keys) {
      if (key === undefined) continue;
      clearTimeout(this.#timers.get(key));
      this.#timers.delete(key);
      const d = this.#ownedShows.get(key);
      this.#ownedShows.delete(key);
      d?.dispose();
    }
    if (gone.length) this.#store.dispatch(notificationsDismissed(gone));
    return gone.length;
  }
}
