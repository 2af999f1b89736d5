/**
 * Type-level tests of the host's public surface: checked by `npm run typecheck`, never run.
 */
import { expectTypeOf } from 'expect-type';
import type { Contributions, Host } from './index';
import type { Disposable } from '@switchboard/actions';
import type { PluginApi, ShownNotification, StringsApi, UiActions, ViewsApi } from '@switchboard/plugin';

declare const host: Host;

// host.contributions is the public interface, not the registry class behind it.
expectTypeOf(host.contributions).toEqualTypeOf<Contributions>();
// @ts-expect-error notices are the host's business
host.contributions.tombstone('crm', 'failed');
// @ts-expect-error tombstones are the host's business
host.contributions.clearTombstones('crm');

// A plugin's pending work can stop with it.
declare const api: PluginApi;
expectTypeOf(api.signal).toEqualTypeOf<AbortSignal>();

// The UI framework: the host's are the public interfaces, not the registries behind them.
expectTypeOf(host.strings).toEqualTypeOf<StringsApi>();
expectTypeOf(host.views).toEqualTypeOf<ViewsApi>();
// @ts-expect-error the registry's teardown is the host's business
host.notifications.dispose();
expectTypeOf(api.notifications.show('Saved', { task: { sid: 'WR1' } })).toEqualTypeOf<ShownNotification | undefined>();
expectTypeOf(api.strings.override({ NoTasks: 'None' })).toEqualTypeOf<Disposable>();
// @ts-expect-error a view needs a component
api.views.register({ name: 'crm', label: 'CRM' });
// @ts-expect-error beforeAddNotification is the one event
api.notifications.addListener('afterAddNotification', () => {});
expectTypeOf<UiActions['ToggleSidebar']['result']>().toEqualTypeOf<boolean>();
expectTypeOf<UiActions['NavigateToView']['payload']>().toEqualTypeOf<{ viewName: string }>();
