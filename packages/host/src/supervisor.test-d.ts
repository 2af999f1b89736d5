/**
 * Type-level tests of the supervisor's surface: the actions' payloads and results, the Teams
 * view's slot props, the state. Checked by `npm run typecheck`, never run.
 */
import { expectTypeOf } from 'expect-type';
import type { CallInfo, QueueStats, TeamTask, WorkerInfo } from '@switchboard/contact-center';
import type { MonitoredTask, MonitorPayload, SlotProps, SupervisorActions, TeamRow } from '@switchboard/plugin';
import { selectMonitoring, selectQueueStats, selectTeam, SUPERVISOR_ACTIONS, type SupervisorState } from './index';

expectTypeOf<SupervisorActions['MonitorCall']['result']>().toEqualTypeOf<MonitoredTask>();
expectTypeOf<SupervisorActions['StopMonitoringCall']['payload']>().toEqualTypeOf<MonitorPayload | undefined>();
expectTypeOf<{ sid: string }>().toMatchTypeOf<MonitorPayload>();
expectTypeOf<{ task: TeamTask }>().toMatchTypeOf<MonitorPayload>();
// @ts-expect-error: a payload names a task
expectTypeOf<{ channelSid: string }>().toMatchTypeOf<MonitorPayload>();
expectTypeOf(SUPERVISOR_ACTIONS).toEqualTypeOf<readonly ('MonitorCall' | 'StopMonitoringCall')[]>();
expectTypeOf<MonitoredTask['call']>().toEqualTypeOf<CallInfo | null>();

expectTypeOf<SlotProps<'WorkersDataTable.Columns'>>().toEqualTypeOf<{ member: TeamRow }>();
expectTypeOf<SlotProps<'QueuesStatsView.Columns'>>().toEqualTypeOf<{ queue: QueueStats }>();
expectTypeOf<SlotProps<'MonitorPanel'>>().toEqualTypeOf<{ monitoring: MonitoredTask }>();
expectTypeOf<TeamRow['worker']>().toEqualTypeOf<WorkerInfo>();

expectTypeOf(selectTeam).returns.toEqualTypeOf<TeamRow[]>();
expectTypeOf(selectQueueStats).returns.toEqualTypeOf<QueueStats[]>();
expectTypeOf(selectMonitoring).returns.toEqualTypeOf<MonitoredTask | null>();
expectTypeOf<SupervisorState['monitoring']>().toEqualTypeOf<MonitoredTask | null>();
