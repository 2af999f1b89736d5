/**
 * Type-level tests of the host's public surface: checked by `npm run typecheck`, never run.
 */
import { expectTypeOf } from 'expect-type';
import type { Activity, ConnectionState } from '@switchboard/contact-center';
import type { DesktopTask, NativeActions, PluginApi } from '@switchboard/plugin';
import type { Contributions, Host, PluginStatus } from './index';

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

// The desktop's events are typed: a task event gets a DesktopTask, a worker event a WorkerInfo.
host.events.on('taskAccepted', (task) => expectTypeOf(task).toEqualTypeOf<DesktopTask>());
host.events.on('workerAttributesUpdated', (worker) =>
  expectTypeOf(worker.attributes).toEqualTypeOf<Record<string, unknown>>(),
);
host.events.on('connectionStateChanged', (state) => expectTypeOf(state).toEqualTypeOf<ConnectionState>());
host.events.on('pluginsInitialized', (statuses) => expectTypeOf(statuses).toEqualTypeOf<PluginStatus[]>());
// @ts-expect-error there is no such event
host.events.on('taskExploded', () => {});

// The new native actions' payloads.
expectTypeOf<NativeActions['SetActivity']['payload']>().toEqualTypeOf<
  { activityName: Activity } | { activitySid: string }
>();
expectTypeOf<NativeActions['SetTaskAttributes']['result']>().toEqualTypeOf<DesktopTask>();
