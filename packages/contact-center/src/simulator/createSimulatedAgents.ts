import WebSocket from 'ws';
import { createAgentClient, type AgentClient } from '../client/createAgentClient';
import type { WebSocketConstructor } from '../client/RpcSocket';
import type { TaskInfo } from '../types';
import { Timers } from './Timers';

/** Options of {@link createSimulatedAgents}. */
export interface SimulatedAgentsOptions {
  serverUrl: string;
  /** Agents to log in (they must exist on the server). */
  identities: string[];
  /**
   * Their passwords, by identity: needed where the one-click development sign-in is off (a
   * server on PostgreSQL or on a network address). An identity without one signs in by one click.
   */
  passwords?: Record<string, string>;
  /** Default: `ws`'s WebSocket. */
  WebSocket?: WebSocketConstructor;
  /** Accept every offered reservation (default true), after `acceptDelayMs` (default 0). */
  autoAccept?: boolean;
  acceptDelayMs?: number;
  /** Greet the customer after accepting (default: no message). */
  greeting?: string;
  /** Answer each customer message with this (default: no answer). */
  reply?: string;
  /** Complete each chat task this long after accepting it (default: never). */
  completeAfterMs?: number;
  /**
   * Calls (voice tasks): once accepted (the agent joins the call), stay on it this long,
   * picked in [min, max] ms, then hang up (default: stay until the caller hangs up).
   */
  callTalkMs?: [number, number];
  /** Calls: once the call ended (the task wrapping), complete the task after this long (default 0 ms; `null`: never). */
  wrapUpMs?: number | null;
  /** Random numbers in [0, 1) for `callTalkMs` (default Math.random). */
  random?: () => number;
  /** Failures (the agents go on). Default: ignored. */
  onError?: (error: unknown, identity: string) => void;
}

/** Counts over every simulated agent. */
export interface SimulatedAgentStats {
  /** Reservations accepted (chats and calls). */
  accepted: number;
  /** Calls joined (a voice task's reservation accepted). */
  callsAnswered: number;
  /** Calls the agent hung up (after `callTalkMs`). */
  callsHungUp: number;
  /** Tasks completed. */
  completed: number;
  errors: number;
}

/** Agents that log in, go Available and work on their own. */
export interface SimulatedAgents {
  readonly agents: readonly AgentClient[];
  /** What they did so far. */
  stats(): SimulatedAgentStats;
  /** Sets every agent Offline and disconnects. */
  stop(): Promise<void>;
}

/**
 * Logs agents in, sets them Available and lets them accept (and optionally answer and
 * complete) whatever they are offered: the other half of a demo or a load test. On a call
 * they stay `callTalkMs`, hang up, and complete the task `wrapUpMs` after the call ended.
 *
 * @example
 * const team = await createSimulatedAgents({ serverUrl: cc.url, identities: ['alice', 'bob'], greeting: 'Hi!', callTalkMs: [2000, 4000] });
 * console.log(team.stats()); // { accepted, callsAnswered, callsHungUp, completed, errors }
 * await team.stop();
 */
export async function createSimulatedAgents(options: SimulatedAgentsOptions): Promise<SimulatedAgents> {
  const timers = new Timers();
  const later = (ms: number, fn: () => void) => timers.later(ms, fn);
  const random = options.random ?? Math.random;
  const stats: SimulatedAgentStats = { accepted: 0, callsAnswered: 0, callsHungUp: 0, completed: 0, errors: 0 };
  const agents = await Promise.all(
    options.identities.map(async (identity) => {
      const report = (e: unknown) => {
        stats.errors++;
        options.onError?.(e, identity);
      };
      const password = options.passwords?.[identity];
      const agent = createAgentClient({
        serverUrl: options.serverUrl,
        identity,
        ...(password === undefined ? {} : { password }),
        WebSocket: options.WebSocket ?? WebSocket,
      });
      agent.on('reservationUpdated', (r) => {
        if (r.status !== 'pending' || options.autoAccept === false) return;
        later(
          options.acceptDelayMs ?? 0,
          () =>
            void agent.acceptReservation(r.sid).then(async () => {
              stats.accepted++;
              const callSid = callOf(r.taskSid);
              if (callSid) return onCall(r.taskSid, callSid);
              const task = tasks.get(r.taskSid);
              if (options.greeting && task) await agent.sendMessage(task.channelSid, options.greeting);
              if (options.completeAfterMs !== undefined) later(options.completeAfterMs, () => void complete(r.taskSid));
            }, report),
        );
      });
      // The tasks offered (from taskUpdated / the snapshot), and the calls of voice tasks.
      const tasks = new Map<string, TaskInfo>();
      const calls = new Map<string, string>();
      const callOf = (taskSid: string) => tasks.get(taskSid)?.callSid ?? calls.get(taskSid);
      const completing = new Set<string>();
      const complete = async (taskSid: string) => {
        if (completing.has(taskSid)) return;
        completing.add(taskSid);
        try {
          await agent.completeTask(taskSid);
          stats.completed++;
        } catch (e) {
          completing.delete(taskSid);
          report(e);
        }
      };
      /** On a call: talk, hang up (the task wraps), wrap up, complete. */
      const onCall = (taskSid: string, callSid: string) => {
        stats.callsAnswered++;
        if (!options.callTalkMs) return;
        const [min, max] = options.callTalkMs;
        later(min + random() * (max - min), () => {
          if (tasks.get(taskSid)?.status !== 'assigned') return; // the caller hung up already
          void agent.voice!.hangupCall(callSid).then(() => void stats.callsHungUp++, report);
        });
      };
      const seenTask = (t: TaskInfo) => {
        tasks.set(t.sid, t);
        if (t.channelType !== 'voice') return;
        // The call ended (either side hung up): wrap up, then complete.
        if (t.status === 'wrapping' && options.wrapUpMs !== null)
          later(options.wrapUpMs ?? 0, () => void complete(t.sid));
        if (t.status === 'completed' || t.status === 'canceled') {
          tasks.delete(t.sid);
          calls.delete(t.sid);
          completing.delete(t.sid);
        }
      };
      agent.on('taskUpdated', seenTask);
      agent.on('callUpdated', (c) => calls.set(c.taskSid, c.sid));
      agent.on('snapshot', (s) => {
        s.tasks.forEach(seenTask);
        s.calls?.forEach((c) => calls.set(c.taskSid, c.sid));
      });
      if (options.reply) {
        agent.on('messageAdded', (m) => {
          if (m.authorRole === 'customer') void agent.sendMessage(m.channelSid, options.reply!).catch(report);
        });
      }
      await agent.connect();
      await agent.setActivity('Available');
      return agent;
    }),
  );
  return {
    agents,
    stats: () => ({ ...stats }),
    async stop() {
      timers.stop();
      await Promise.all(agents.map((a) => a.logout().catch(() => a.disconnect())));
    },
  };
}
