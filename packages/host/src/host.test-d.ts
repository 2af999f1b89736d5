/**
 * Type-level tests of the host's public surface: checked by `npm run typecheck`, never run.
 */
import { expectTypeOf } from 'expect-type';
import type { Disposable } from '@switchboard/actions';
import type { Activity, CallInfo, CallParticipant, ChatMessage, ConnectionState } from '@switchboard/contact-center';
import type {
  DesktopTask,
  NativeActions,
  PluginApi,
  PluginDefinition,
  PluginPermissions,
  ShownNotification,
  SlotProps,
  StringsApi,
  UiActions,
  ViewsApi,
} from '@switchboard/plugin';
import { useTask, withTask, type Contributions, type Host, type PluginStatus, type SlotDefault } from './index';

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
// The programmable components: typed props, align, and the task context.

expectTypeOf<SlotProps<'MessageListItem'>>().toEqualTypeOf<{ task: DesktopTask; message: ChatMessage }>();
expectTypeOf<SlotProps<'CRMContainer'>>().toEqualTypeOf<{ task: DesktopTask | undefined }>();
api.contributions.add('MainHeader', () => null, { key: 'clock', align: 'end' });
// @ts-expect-error align is start or end
api.contributions.add('MainHeader', () => null, { key: 'clock', align: 'middle' });
api.contributions.replace('MessageListItem', ({ message }) => message.body, {
  key: 'card',
  if: ({ message }) => message.body.startsWith('/card'),
});
// @ts-expect-error a CRMContainer may have no task
api.contributions.add('CRMContainer', ({ task }: { task: DesktopTask }) => task.sid, { key: 'crm' });
expectTypeOf(useTask).returns.toEqualTypeOf<DesktopTask | undefined>();
// withTask removes `task` from the props it needs (it may still be given).
const _Badge = withTask(({ task, size }: { task?: DesktopTask; size: number }) => `${task?.sid}${size}`);
expectTypeOf<Parameters<typeof _Badge>[0]>().toEqualTypeOf<
  Omit<{ task?: DesktopTask; size: number }, 'task'> & { task?: DesktopTask | undefined }
>();
expectTypeOf<SlotDefault<{ task: DesktopTask }>['align']>().toEqualTypeOf<'start' | 'end' | undefined>();
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

// api.events: the host's events, typed by PluginEvents; the host's HostEvents give the same arguments.
expectTypeOf(
  api.events.on('taskAccepted', (task) => expectTypeOf(task).toEqualTypeOf<DesktopTask>()),
).toEqualTypeOf<Disposable>();
api.events.on('connectionStateChanged', (state) => expectTypeOf(state).toEqualTypeOf<ConnectionState>());
api.events.on('pluginsInitialized', (statuses) =>
  expectTypeOf(statuses[0]!.state).toEqualTypeOf<PluginStatus['state']>(),
);
api.events.on('selectedViewChanged', (view) => expectTypeOf(view).toEqualTypeOf<string>());
// @ts-expect-error the host's own events (logs, plugin errors) are not a plugin's
api.events.on('log', () => {});
// @ts-expect-error a task listener gets a task
api.events.on('taskReceived', (task: number) => task);

// The voice actions: Flex's names and payloads, in NativeActions; the voice slots' props.
expectTypeOf<NativeActions['StartOutboundCall']['payload']>().toEqualTypeOf<{
  destination: string;
  callerId?: string;
  queueSid?: string;
  taskAttributes?: Record<string, unknown>;
}>();
expectTypeOf<NativeActions['HangupCall']['result']>().toEqualTypeOf<CallInfo>();
expectTypeOf<NonNullable<NativeActions['TransferTask']['payload']['options']>['mode']>().toEqualTypeOf<
  'COLD' | 'WARM' | undefined
>();
expectTypeOf<SlotProps<'ParticipantCanvas'>>().toEqualTypeOf<{
  task: DesktopTask;
  call: CallInfo;
  participant: CallParticipant;
}>();
expectTypeOf<SlotProps<'OutboundDialerPanel'>>().toEqualTypeOf<{ destination: string }>();
// @ts-expect-error a participant action's payload names the task
expectTypeOf<NativeActions['HoldParticipant']['payload']>().toEqualTypeOf<{ targetSid: string }>();

// A new release applies in place; the result names the plugins by what happened to them.
expectTypeOf(host.plugins.update).returns.resolves.toEqualTypeOf<{
  loaded: string[];
  reloaded: string[];
  unloaded: string[];
  unchanged: string[];
}>();
// A hot reload may keep the plugin's store state; a plugin opts out in its definition.
void host.plugins.reload('crm', { keepState: true, src: '/crm.js?v=2' });
// @ts-expect-error keepState is a boolean
void host.plugins.reload('crm', { keepState: 'yes' });
expectTypeOf<PluginStatus['permissions']>().toEqualTypeOf<PluginPermissions | undefined>();
expectTypeOf<PluginDefinition['hotReload']>().toEqualTypeOf<{ keepState?: boolean } | undefined>();
