/**
 * The host's UI framework as a plugin uses it: notifications, strings and templates, views.
 * Everything a plugin registers through these APIs is owned by it and undone when it unloads.
 * Types only.
 */
import type { Disposable } from '@switchboard/actions';
import type { ComponentType, ReactElement, ReactNode } from 'react';

/** How a notification looks and how long it stays by default. */
export type NotificationType = 'information' | 'success' | 'warning' | 'error';

/** The context a notification, a string or a template is rendered with (plain data). */
export type TemplateContext = Readonly<Record<string, unknown>>;

/** A notification on screen: one `show` of a registered notification. Plain data (it is in `state.ui`). */
export interface ShownNotification {
  /** Unique per `show` (`${id}#${n}`): what `dismiss` takes. */
  readonly key: string;
  /** The registered notification's id. */
  readonly id: string;
  readonly type: NotificationType;
  /** The context `show` was given (templates read it: `{{task.customerName}}`). */
  readonly context: TemplateContext;
  /** When it was shown (ms since the epoch). */
  readonly shownAt: number;
  /** Dismissed after this many ms; 0: it stays until dismissed. */
  readonly timeout: number;
  /** Whether it shows a close button. */
  readonly closeButton: boolean;
  /** Who showed it (a plugin's id), when not the host. */
  readonly owner?: string;
}

/** The props of a notification's content component. */
export interface NotificationContentProps {
  notification: ShownNotification;
  /** The notification's context, spread for convenience. */
  context: TemplateContext;
  /** Dismisses this notification. */
  dismiss(): void;
}

/** A button of a notification. */
export interface NotificationAction {
  /** The button's text: a template over the notification's context. */
  label: string;
  /** Runs on click; the notification is dismissed afterwards unless `keepOpen`. */
  onClick(notification: ShownNotification): void;
  keepOpen?: boolean;
}

/**
 * A notification to register; give one of `content` (a template over the context, or a
 * component) and `templateKey` (a key of the strings catalogue, rendered with the context).
 *
 * @example
 * api.notifications.register({ id: 'CrmSaved', type: 'success', content: 'Saved {{contact.name}}' });
 * api.notifications.show('CrmSaved', { contact });
 */
export interface NotificationDefinition {
  /** Unique among the host's notifications. */
  id: string;
  /** Default `information`. */
  type?: NotificationType;
  /** Text (a template: `{{a.b}}` reads the context), a component, or an element (as Flex allows). */
  content?: string | ComponentType<NotificationContentProps> | ReactElement;
  /** A key of the strings catalogue, rendered with the context (follows overrides and the locale). */
  templateKey?: string;
  /**
   * Dismissed after this many ms; 0: stays until dismissed. Default: 5000 for `information`
   * and `success`, 0 for `warning` and `error`.
   */
  timeout?: number;
  /** Show a close button. Default true. */
  closeButton?: boolean;
  /** Buttons shown with the content. */
  actions?: NotificationAction[];
}

/** Listeners of the notifications: `beforeAddNotification` runs synchronously before one shows. */
export interface NotificationEvents {
  /** Before a notification shows: `cancel()` keeps it from showing. Synchronous. */
  beforeAddNotification: (notification: ShownNotification, cancel: () => void) => void;
}

/** The notifications (Flex's `Notifications`), owned by the plugin. */
export interface NotificationsApi {
  /** Registers a notification; the Disposable unregisters it and dismisses its shown ones. */
  register(definition: NotificationDefinition): Disposable;
  /**
   * Shows a registered notification with `context`; returns what is shown, or `undefined`
   * when a `beforeAddNotification` listener cancelled it. Throws for an unknown id.
   */
  show(id: string, context?: TemplateContext): ShownNotification | undefined;
  /** Dismisses a shown notification by its key (or the notification itself); false if not shown. */
  dismiss(key: string | ShownNotification): boolean;
  /** Dismisses every shown notification of a registered id; returns how many. */
  dismissById(id: string): number;
  /** The registered definition of `id`. */
  get(id: string): NotificationDefinition | undefined;
  /** What is on screen, oldest first. */
  shown(): readonly ShownNotification[];
  addListener<E extends keyof NotificationEvents>(event: E, listener: NotificationEvents[E]): Disposable;
}

/** Texts by key; values are templates (`'Hello {{worker.fullName}}'`). */
export type StringCatalogue = Readonly<Record<string, string>>;

/** The desktop's strings and templates (Flex's `manager.strings`, `Template`). */
export interface StringsApi {
  /** The text of `key` rendered with `context`; an unknown key renders as the key itself. */
  get(key: string, context?: TemplateContext): string;
  /** The template of `key` (unrendered), or undefined. */
  template(key: string): string | undefined;
  /** Renders any template text with `context` (`{{a.b}}`; missing values render empty). */
  render(template: string, context?: TemplateContext): string;
  /** Every key and template in effect (the locale's catalogue with the overrides). */
  all(): StringCatalogue;
  /** Overrides some texts; the Disposable undoes exactly these (owned: undone when the plugin unloads). */
  override(values: StringCatalogue): Disposable;
  /** The current locale (`en` by default). */
  readonly locale: string;
  /** Switches the locale; `catalogue` gives (or adds to) its texts (keys it lacks stay in English). */
  setLocale(locale: string, catalogue?: StringCatalogue): void;
  /** Called after any change (override, locale). */
  subscribe(listener: () => void): Disposable;
}

/** The props a view's component receives. */
export interface ViewProps {
  /** The view's name. */
  name: string;
  /** The full path after `#` (`/crm/123`), for views with their own routes. */
  path: string;
}

/** A view to register: a page of the desktop, listed in the side nav. */
export interface ViewDefinition {
  /** In the URL (`#/name`): letters, digits, `-` and `_`. */
  name: string;
  /** The side nav's text: a key of the strings catalogue or plain text. */
  label: string;
  component: ComponentType<ViewProps>;
  /** Lower first in the side nav. Default 100 (the built-in `agent-desktop` is 0). */
  sortOrder?: number;
  /** Shown before the label in the side nav (a short text or an element). */
  icon?: ReactNode;
}

/** A registered view, as listed. */
export interface ViewInfo {
  readonly name: string;
  readonly label: string;
  readonly sortOrder: number;
  readonly icon?: ReactNode;
  /** Undefined for the built-in `agent-desktop`, whose body the shell renders. */
  readonly component?: ComponentType<ViewProps>;
  /** Who registered it: a plugin's id, or `host`. */
  readonly owner: string;
}

/** The views (pages) of the desktop: navigate with the `NavigateToView` action. */
export interface ViewsApi {
  /** Registers a view; the Disposable unregisters it (and leaves it if it was selected). */
  register(view: ViewDefinition): Disposable;
  /** The views in side-nav order. */
  list(): readonly ViewInfo[];
  get(name: string): ViewInfo | undefined;
  /** The selected view's name (from the URL). */
  readonly selected: string;
  /** Called when a view is registered or unregistered. */
  subscribe(listener: () => void): Disposable;
}
