/**
 * What the native actions' payloadUpdates share: the PAYLOAD_INVALID error that says what a
 * payload needs, and a task action's task resolved from the store.
 */
import type { DesktopTask } from '@switchboard/plugin';
import { HostError } from '../errors';
import type { DesktopState } from './desktopSlice';

type Payload = Record<string, unknown>;

/** A short, safe description of a payload for error messages. */
const shown = (payload: unknown): string => {
  if (payload === undefined) return 'nothing';
  try {
    const text = JSON.stringify(payload);
    return text.length > 80 ? `${text.slice(0, 77)}...` : text;
  } catch {
    return String(payload);
  }
};

/** A PAYLOAD_INVALID error of `action`, saying what the payload needs and what it got. */
export const invalid = (action: string, what: string, payload: unknown) =>
  new HostError('PAYLOAD_INVALID', `${action}: the payload needs ${what}, got ${shown(payload)}`, { action, payload });

/**
 * A task action's payload (`{ sid }` or `{ task }`) with its task resolved from `state`:
 * `{ ...payload, sid, task }`; TASK_NOT_FOUND names the tasks this agent has.
 */
export function resolveTaskPayload(state: DesktopState, action: string, raw: unknown): Payload & TaskRef {
  const payload = (raw ?? {}) as Payload;
  const ref = (payload.task as { sid?: unknown } | undefined)?.sid ?? payload.sid;
  if (typeof ref !== 'string' || !ref) throw invalid(action, '{ sid } or { task }', raw);
  const { tasks } = state;
  const task = tasks[ref] ?? Object.values(tasks).find((t) => t.taskSid === ref);
  if (!task) {
    const known = Object.keys(tasks);
    throw new HostError(
      'TASK_NOT_FOUND',
      `${action}: this agent has no task "${ref}"${known.length ? ` (its tasks: ${known.join(', ')})` : ' (it has none)'}`,
      { action, payload: raw },
    );
  }
  return { ...payload, sid: task.sid, task };
}
type TaskRef = { sid: string; task: DesktopTask };
