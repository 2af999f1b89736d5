/**
 * Test helpers against a real local contact center: the server in-process on 127.0.0.1
 * (port 0, in-memory database) and an agent played by the real agent client over `ws`, who
 * accepts every reservation.
 */
import {
  createAgentClient,
  type AgentClient,
  type ChatMessage,
  type ReservationInfo,
  type WebSocketConstructor,
} from '@switchboard/contact-center';
import {
  silentLogger,
  startContactCenter,
  type ContactCenterOptions,
  type ContactCenterServer,
} from '@switchboard/contact-center/server';
import WebSocket from 'ws';

/** `ws`'s WebSocket, as the clients take it. */
export const NodeWebSocket = WebSocket as unknown as WebSocketConstructor;

/** Starts a local contact center with agent `alice` (in-memory, silent). */
export function startLocalContactCenter(options: Partial<ContactCenterOptions> = {}): Promise<ContactCenterServer> {
  return startContactCenter({
    dataDir: null,
    port: 0,
    agents: ['alice'],
    reservationTimeoutMs: 60_000,
    logger: silentLogger,
    ...options,
  });
}

/** An agent who is Available and accepts every reservation; records what it sees. */
export interface TestAgent {
  client: AgentClient;
  /** Every message of the agent's channels, by sid. */
  messages: Map<string, ChatMessage>;
  /** Accepted reservations, in order. */
  accepted: ReservationInfo[];
  /** The bodies of a channel's messages, in index order. */
  bodies(channelSid: string): string[];
  stop(): void;
}

export async function startAgent(serverUrl: string, identity = 'alice'): Promise<TestAgent> {
  const client = createAgentClient({ serverUrl, identity, WebSocket: NodeWebSocket, reconnect: false });
  const messages = new Map<string, ChatMessage>();
  const accepted: ReservationInfo[] = [];
  client.on('snapshot', (s) => s.messages.forEach((m) => messages.set(m.sid, m)));
  client.on('messageAdded', (m) => void messages.set(m.sid, m));
  client.on('reservationUpdated', (r) => {
    if (r.status === 'pending') void client.acceptReservation(r.sid).catch(() => {});
    if (r.status === 'accepted') accepted.push(r);
  });
  await client.connect();
  await client.setActivity('Available');
  return {
    client,
    messages,
    accepted,
    bodies: (channelSid) =>
      [...messages.values()]
        .filter((m) => m.channelSid === channelSid)
        .sort((a, b) => a.index - b.index)
        .map((m) => m.body),
    stop: () => client.disconnect(),
  };
}

/** Waits until `check()` holds (polling every 10 ms), or throws after `timeoutMs`. */
export async function until(check: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
