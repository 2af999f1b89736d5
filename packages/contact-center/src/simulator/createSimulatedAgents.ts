import WebSocket from 'ws';
import { createAgentClient, type AgentClient } from '../client/createAgentClient';
import type { WebSocketConstructor } from '../client/RpcSocket';
import { Timers } from './Timers';

/** Options of {@link createSimulatedAgents}. */
export interface SimulatedAgentsOptions {
  serverUrl: string;
  /** Agents to log in (they must exist on the server). */
  identities: string[];
  /** Default: `ws`'s WebSocket. */
  WebSocket?: WebSocketConstructor;
  /** Accept every offered reservation (default true), after `acceptDelayMs` (default 0). */
  autoAccept?: boolean;
  acceptDelayMs?: number;
  /** Greet the customer after accepting (default: no message). */
  greeting?: string;
  /** Answer each customer message with this (default: no answer). */
  reply?: string;
  /** Complete each task this long after accepting it (default: never). */
  completeAfterMs?: number;
  /** Failures (the agents go on). Default: ignored. */
  onError?: (error: unknown, identity: string) => void;
}

/** Agents that log in, go Available and work on their own. */
export interface SimulatedAgents {
  readonly agents: readonly AgentClient[];
  /** Sets every agent Offline and disconnects. */
  stop(): Promise<void>;
}

/**
 * Logs agents in, sets them Available and lets them accept (and optionally answer and
 * complete) whatever they are offered: the other half of a demo or a load test.
 *
 * @example
 * const team = await createSimulatedAgents({ serverUrl: cc.url, identities: ['alice', 'bob'], greeting: 'Hi!' });
 * await team.stop();
 */
export async function createSimulatedAgents(options: SimulatedAgentsOptions): Promise<SimulatedAgents> {
  const timers = new Timers();
  const later = (ms: number, fn: () => void) => timers.later(ms, fn);
  const agents = await Promise.all(
    options.identities.map(async (identity) => {
      const report = (e: unknown) => options.onError?.(e, identity);
      const agent = createAgentClient({
        serverUrl: options.serverUrl,
        identity,
        WebSocket: options.WebSocket ?? WebSocket,
      });
      agent.on('reservationUpdated', (r) => {
        if (r.status !== 'pending' || options.autoAccept === false) return;
        later(
          options.acceptDelayMs ?? 0,
          () =>
            void agent.acceptReservation(r.sid).then(async () => {
              const task = taskChannel.get(r.taskSid);
              if (options.greeting && task) await agent.sendMessage(task, options.greeting);
              if (options.completeAfterMs !== undefined)
                later(options.completeAfterMs, () => void agent.completeTask(r.taskSid).catch(report));
            }, report),
        );
      });
      // Which channel each offered task uses (from taskUpdated / the snapshot).
      const taskChannel = new Map<string, string>();
      agent.on('taskUpdated', (t) => taskChannel.set(t.sid, t.channelSid));
      agent.on('snapshot', (s) => s.tasks.forEach((t) => taskChannel.set(t.sid, t.channelSid)));
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
    async stop() {
      timers.stop();
      await Promise.all(agents.map((a) => a.logout().catch(() => a.disconnect())));
    },
  };
}
