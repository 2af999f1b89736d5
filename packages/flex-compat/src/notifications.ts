/**
 * Flex's `Notifications` over the host's notifications (`api.notifications`): registered and
 * shown notifications are owned by the plugin and go when it unloads.
 *
 * Flex's shape, translated: `content` as text (a template over the context), as a key of the
 * strings catalogue (Flex's templates), as a component or an element; `actions` as elements
 * with `label` and `onClick` props (Flex's `NotificationBar.Action`) or as plain objects.
 */
import type { Disposable } from '@switchboard/actions';
import type {
  NotificationAction,
  NotificationDefinition,
  ShownNotification,
  StringsApi,
  TemplateContext,
} from '@switchboard/plugin';
import { isValidElement, type ComponentType, type ReactElement } from 'react';
import type { FlexContext } from './context';
import { FlexError, ErrorType } from './errors';

/** Flex's notification types (the host's names). */
export enum NotificationType {
  info = 'information',
  success = 'success',
  warning = 'warning',
  error = 'error',
}

/** A button of a Flex notification: an element with `label` and `onClick` props, or the same as an object. */
export type FlexNotificationAction =
  ReactElement | { label: string; onClick?: (notification: ShownNotification) => void; keepOpen?: boolean };

/** Flex's notification definition. */
export interface FlexNotification {
  id: string;
  type?: NotificationType | `${NotificationType}`;
  /** Text (a template: `{{name}}` reads the context), a key of the strings catalogue, a component or an element. */
  content: string | ComponentType<never> | ReactElement;
  /** Milliseconds; 0 keeps it until dismissed. */
  timeout?: number;
  closeButton?: boolean;
  actions?: FlexNotificationAction[];
}

/** Flex's `Notifications`. */
export interface FlexNotifications {
  registerNotification(notification: FlexNotification): Disposable;
  showNotification(id: string, context?: Record<string, unknown>): ShownNotification | undefined;
  dismissNotificationById(id: string): void;
  dismissNotification(notification: ShownNotification | { key?: string; id?: string } | string): void;
  addListener(
    event: 'beforeAddNotification',
    listener: (notification: ShownNotification, cancel: () => void) => unknown,
  ): Disposable;
}

const TYPES = new Set<string>(Object.values(NotificationType));

/** A Flex action button as the host's. */
function hostAction(action: FlexNotificationAction, id: string): NotificationAction {
  const props = (isValidElement(action) ? action.props : action) as {
    label?: unknown;
    title?: unknown;
    onClick?: (n: ShownNotification) => void;
    keepOpen?: boolean;
  };
  const label = typeof props.label === 'string' ? props.label : props.title;
  if (typeof label !== 'string')
    throw new FlexError(`Notifications.registerNotification("${id}"): each action needs a string label`, {
      type: ErrorType.Plugin,
    });
  return { label, onClick: (n) => props.onClick?.(n), ...(props.keepOpen ? { keepOpen: true } : {}) };
}

/** A Flex notification as the host's definition. */
export function hostNotification(n: FlexNotification, strings: StringsApi): NotificationDefinition {
  const type = n.type ?? NotificationType.info;
  if (!TYPES.has(type))
    throw new FlexError(
      `Notifications.registerNotification("${n.id}"): type "${String(type)}" is not one of ${[...TYPES].join(', ')}`,
      { type: ErrorType.Plugin },
    );
  const content = n.content;
  return {
    id: n.id,
    type,
    // A string naming a key of the catalogue is Flex's template by name; any other string is text.
    ...(typeof content === 'string' && strings.template(content) !== undefined
      ? { templateKey: content }
      : { content: content as NotificationDefinition['content'] }),
    ...(n.timeout === undefined ? {} : { timeout: n.timeout }),
    ...(n.closeButton === undefined ? {} : { closeButton: n.closeButton }),
    ...(n.actions ? { actions: n.actions.map((a) => hostAction(a, n.id)) } : {}),
  };
}

/** `Notifications` acting for the plugin `getContext` returns. */
export function flexNotifications(getContext: (api: string) => FlexContext): FlexNotifications {
  const host = (api: string) => getContext(`Notifications.${api}`).api;
  return Object.freeze({
    registerNotification: (n: FlexNotification) => {
      const api = host('registerNotification');
      return api.notifications.register(hostNotification(n, api.strings));
    },
    showNotification: (id: string, context?: Record<string, unknown>) =>
      host('showNotification').notifications.show(id, context as TemplateContext | undefined),
    dismissNotificationById: (id: string) => void host('dismissNotificationById').notifications.dismissById(id),
    dismissNotification: (n: ShownNotification | { key?: string; id?: string } | string) => {
      const notifications = host('dismissNotification').notifications;
      if (typeof n === 'string') notifications.dismiss(n);
      else if (n.key) notifications.dismiss(n.key);
      else if (n.id) notifications.dismissById(n.id);
    },
    addListener: (
      event: 'beforeAddNotification',
      listener: (notification: ShownNotification, cancel: () => void) => unknown,
    ) => host('addListener').notifications.addListener(event, (n, cancel) => void listener(n, cancel)),
  });
}
