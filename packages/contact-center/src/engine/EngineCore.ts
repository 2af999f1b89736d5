/**
 * What the contact center's parts beside the core operations (calls, supervision) use of the
 * engine: its state, its serial queue, its commit and its pushes. The engine hands them this,
 * so each part lives in its own file and the rules stay one engine's.
 */
import type { QueueInfo, ReservationInfo, TaskInfo } from '../types';
import type { EngineState } from './EngineState';
import type { Push, PushPlanner } from './PushPlanner';
import type { Changes } from './Repository';

export interface EngineCore {
  readonly state: EngineState;
  readonly planner: PushPlanner;
  /** Runs a state change in the engine's serial queue (never call it from inside a job). */
  run<T>(job: () => Promise<T> | T): Promise<T>;
  /** Writes changes (one transaction) and applies them to the state. */
  commit(changes: Changes): Promise<void>;
  push(push: Push): void;
  withStatus(r: ReservationInfo, status: ReservationInfo['status'], now: number): ReservationInfo;
  newReservation(taskSid: string, workerSid: string, now: number): ReservationInfo;
  scheduleRoute(): void;
  listQueues(): QueueInfo[];
  onError(message: string, error: unknown): void;
}

/** A task's customer-facing name (what an offer and the Teams view show). */
export const customerNameOf = (task: TaskInfo): string =>
  typeof task.attributes.customerName === 'string' ? task.attributes.customerName : 'Customer';
