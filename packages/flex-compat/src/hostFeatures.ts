/**
 * The seams to the host features that land with issue 12's other parts: notifications,
 * strings and views (part B, on `api.notifications`, `api.strings`, `api.views`) and the
 * host's task and worker events (part A, on `api.events`). Each is read from the plugin's
 * API when the host has it; when it does not, the Flex API that needs it throws a
 * `FlexUnsupportedError` naming itself and the missing feature. Nothing here is a stub that
 * pretends to work.
 *
 * The shapes below are the contracts of /work/issue12-plan.md, as much of them as the compat
 * layer calls; once `@switchboard/plugin`'s `PluginApi` declares them, these local types go
 * and the lookups become plain property reads.
 */
import type { Disposable } from '@switchboard/actions';
import type { PluginApi } from '@switchboard/plugin';
import { unsupported } from './errors';

/** `api.notifications` (part B). */
export interface HostNotifications {
  register(definition: {
    id: string;
    type: 'information' | 'success' | 'warning' | 'error';
    content: unknown;
    timeout?: number;
    closeButton?: boolean;
    actions?: unknown[];
  }): Disposable;
  show(id: string, context?: Record<string, unknown>): unknown;
  dismiss(key: string): void;
  addListener(
    event: 'beforeAddNotification',
    listener: (notification: unknown, cancel: () => void) => unknown,
  ): Disposable;
}

/** `api.strings` (part B). */
export interface HostStrings {
  get(key: string, context?: Record<string, unknown>): string;
  override(values: Record<string, string>): Disposable;
  readonly locale: string;
  /** The whole catalogue, for Flex's `manager.strings` object. */
  all?(): Record<string, string>;
}

/** `api.views` (part B). */
export interface HostViews {
  register(view: { name: string; label: string; component: unknown; sortOrder?: number; icon?: unknown }): Disposable;
}

/** `api.events` (part A): the host's typed task and worker events. */
export interface HostEvents {
  on(event: string, listener: (...args: never[]) => void): Disposable;
}

/** What the compat layer looks for on a plugin's API beyond today's `PluginApi`. */
export interface HostFeatures {
  notifications: HostNotifications;
  strings: HostStrings;
  views: HostViews;
  events: HostEvents;
}

/** Where each feature comes from, for the errors. */
const FEATURE_SOURCE: Record<keyof HostFeatures, string> = {
  notifications: 'notifications (api.notifications)',
  strings: 'a strings catalogue (api.strings)',
  views: 'a view registry (api.views)',
  events: 'task and worker events (api.events)',
};

/** The host feature `name`, when this host has it. */
export function hostFeature<K extends keyof HostFeatures>(api: PluginApi, name: K): HostFeatures[K] | undefined {
  return (api as unknown as Partial<HostFeatures>)[name];
}

/** The host feature `name`, or a `FlexUnsupportedError` naming `flexApi` and the feature. */
export function requireHostFeature<K extends keyof HostFeatures>(
  api: PluginApi,
  name: K,
  flexApi: string,
): HostFeatures[K] {
  return hostFeature(api, name) ?? unsupported(flexApi, `this host has no ${FEATURE_SOURCE[name]}`, api.name);
}
