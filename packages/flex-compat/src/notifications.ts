/**
 * Flex's `Notifications` over the host's notifications (issue 12 part B, `api.notifications`):
 * registered and shown notifications are owned by the plugin. Until the host has them, every
 * call throws a `FlexUnsupportedError` naming it.
 */
import type { Disposable } from '@switchboard/actions';
import type { FlexContext } from './context';
import { requireHostFeature } from './hostFeatures';

/** Flex's notification types (the host's names). */
export enum NotificationType {
  info = 'information',
  success = 'success',
  warning = 'warning',
  error = 'error',
}

/** Flex's notification definition. */
export interface FlexNotification {
  id: string;
  type?: NotificationType | `${NotificationType}`;
  content: unknown;
  timeout?: number;
  closeButton?: boolean;
  actions?: unknown[];
}

/** Flex's `Notifications`. */
export interface FlexNotifications {
  registerNotification(notification: FlexNotification): Disposable;
  showNotification(id: string, context?: Record<string, unknown>): unknown;
  dismissNotificationById(key: string): void;
  dismissNotification(notification: { key?: string; id?: string } | string): void;
  addListener(
    event: 'beforeAddNotification',
    listener: (notification: unknown, cancel: () => void) => unknown,
  ): Disposable;
}

/** `Notifications` acting for the plugin `getContext` returns. */
export function flexNotifications(getContext: (api: string) => FlexContext): FlexNotifications {
  const host = (api: string) =>
    requireHostFeature(getContext(`Notifications.${api}`).api, 'notifications', `Notifications.${api}`);
  return Object.freeze({
    registerNotification: (n: FlexNotification) =>
      host('registerNotification').register({ ...n, type: n.type ?? NotificationType.info }),
    showNotification: (id: string, context?: Record<string, unknown>) => host('showNotification').show(id, context),
    dismissNotificationById: (key: string) => host('dismissNotificationById').dismiss(key),
    dismissNotification: (n: { key?: string; id?: string } | string) =>
      host('dismissNotification').dismiss(typeof n === 'string' ? n : (n.key ?? n.id ?? '')),
    addListener: (event: 'beforeAddNotification', listener: (notification: unknown, cancel: () => void) => unknown) =>
      host('addListener').addListener(event, listener),
  });
}
