/**
 * Whether the agent is between tasks, for applying a new release: plugins are never reloaded
 * under an agent's hands in a live call, and preferably not while a task is open.
 */
import type { DesktopState } from '@switchboard/host';

/**
 * - `live-call`: a voice task accepted (or wrapping) whose call has not ended — never touch it;
 * - `busy`: an accepted or wrapping task (a chat, or a call that ended) — wait, up to a limit;
 * - `idle`: no accepted or wrapping task (an offer that rings is not work yet).
 */
export type AgentWork = 'live-call' | 'busy' | 'idle';

/**
 * What the agent is doing, from the desktop's state (`state.desktop`).
 *
 * @example
 * agentWork(host.store.getState().desktop as DesktopState); // 'idle'
 */
export function agentWork(desktop: DesktopState | undefined): AgentWork {
  if (!desktop) return 'idle';
  let busy = false;
  for (const task of Object.values(desktop.tasks)) {
    if (task.status !== 'accepted' && task.status !== 'wrapping') continue;
    busy = true;
    if (task.channel !== 'voice') continue;
    const call =
      (task.callSid ? desktop.calls[task.callSid] : undefined) ??
      Object.values(desktop.calls).find((c) => c.taskSid === task.taskSid);
    // An accepted voice task whose call the desktop has not heard of yet is about to be live.
    if (!call ? task.status === 'accepted' : call.status !== 'ended') return 'live-call';
  }
  return busy ? 'busy' : 'idle';
}
