/**
 * Test doubles: a fake contact-center client whose sessions the tests drive (snapshots,
 * agent messages, typing, the channel closing), an in-memory Storage, and small waits.
 */
import { Emitter } from '@switchboard/actions/events';
import {
  ContactCenterError,
  type ChannelInfo,
  type ChatMessage,
  type ConnectionState,
  type CustomerEvents,
  type CustomerSession,
  type Engagement,
  type EngagementFormData,
} from '@switchboard/contact-center';
import type { EngagementStore, WebChatClient } from './types';

let seq = 0;

/** One fake session: what the widget sees of a channel. */
export class FakeSession implements CustomerSession {
  readonly events = new Emitter<CustomerEvents>((error) => {
    throw error;
  });
  connectionState: ConnectionState = 'idle';
  readonly sent: ChatMessage[] = [];
  typingCount = 0;
  left = false;
  disconnected = false;
  /** Set to make connect() reject (e.g. an expired token). */
  connectError: Error | undefined;
  /** Set to make sendMessage() reject. */
  sendError: Error | undefined;
  /** While set, sendMessage() waits for it (the contact center is away): what was asked is in `asked`. */
  sendGate: Promise<void> | undefined;
  /** Every sendMessage() call: its body and key. */
  readonly asked: Array<{ body: string; clientId: string | undefined }> = [];

  constructor(
    readonly engagement: Engagement,
    readonly channel: ChannelInfo,
    readonly messages: ChatMessage[],
  ) {}

  on<K extends keyof CustomerEvents>(event: K, listener: CustomerEvents[K]) {
    return this.events.on(event, listener);
  }

  #state(state: ConnectionState): void {
    this.connectionState = state;
    this.events.emit('connectionStateChanged', state);
  }

  async connect() {
    this.#state('connecting');
    await Promise.resolve();
    if (this.connectError) {
      this.#state('closed');
      throw this.connectError;
    }
    const snapshot = { channel: this.channel, task: {} as never, messages: [...this.messages] };
    this.#state('connected');
    this.events.emit('snapshot', snapshot);
    return snapshot;
  }

  disconnect(): void {
    this.disconnected = true;
    if (this.connectionState !== 'closed') this.#state('closed');
  }

  async sendMessage(body: string, options?: { clientId?: string }): Promise<ChatMessage> {
    this.asked.push({ body, clientId: options?.clientId });
    await Promise.resolve();
    await this.sendGate;
    if (this.sendError) throw this.sendError;
    const stored = options?.clientId && this.messages.find((m) => m.clientId === options.clientId);
    if (stored) return stored;
    const message = this.message(body, 'customer', options?.clientId ?? null);
    this.sent.push(message);
    this.events.emit('messageAdded', message);
    return message;
  }

  sendTyping(): void {
    this.typingCount++;
  }

  async getMessages(): Promise<ChatMessage[]> {
    return [...this.messages];
  }

  async leave(): Promise<void> {
    this.left = true;
    this.disconnect();
  }

  /** A message of this channel, stored (so a later snapshot has it). */
  message(body: string, role: 'agent' | 'customer', clientId: string | null = null): ChatMessage {
    const message: ChatMessage = {
      sid: `IM${++seq}`,
      channelSid: this.channel.sid,
      index: this.messages.length,
      author: role === 'agent' ? 'alice' : this.engagement.identity,
      authorRole: role,
      authorName: role === 'agent' ? 'Alice' : this.engagement.friendlyName,
      body,
      createdAt: Date.now(),
      clientId,
    };
    this.messages.push(message);
    return message;
  }

  /** The agent writes. */
  agentSays(body: string): ChatMessage {
    const message = this.message(body, 'agent');
    this.events.emit('messageAdded', message);
    return message;
  }

  agentTypes(): void {
    this.events.emit('typing', {
      channelSid: this.channel.sid,
      identity: 'alice',
      role: 'agent',
      name: 'Alice',
      at: Date.now(),
    });
  }

  /** The agent completes the task. */
  close(): void {
    Object.assign(this.channel, { status: 'closed' });
    this.events.emit('channelUpdated', { ...this.channel });
  }

  /** The connection drops and comes back with a snapshot. */
  reconnect(): void {
    this.#state('reconnecting');
    this.#state('connected');
    this.events.emit('snapshot', { channel: this.channel, task: {} as never, messages: [...this.messages] });
  }
}

/** A fake contact center: engagements, their channels and messages, kept across sessions. */
export class FakeClient implements WebChatClient {
  readonly started: EngagementFormData[] = [];
  readonly sessions: FakeSession[] = [];
  readonly channels = new Map<string, { channel: ChannelInfo; messages: ChatMessage[] }>();
  /** Set to make startEngagement() reject. */
  startError: Error | undefined;
  /** Hold startEngagement() until this resolves. */
  gate: Promise<void> | undefined;
  /** The `sendGate` of the sessions made from now on. */
  sendGate: Promise<void> | undefined;

  async startEngagement(formData: EngagementFormData): Promise<Engagement> {
    this.started.push(formData);
    await this.gate;
    if (this.startError) throw this.startError;
    const n = ++seq;
    const friendlyName = formData.friendlyName ?? formData.name ?? 'Customer';
    const engagement: Engagement = {
      channelSid: `CH${n}`,
      taskSid: `WT${n}`,
      identity: `customer-${n}`,
      friendlyName,
      token: `token-${n}`,
    };
    const channel: ChannelInfo = {
      sid: engagement.channelSid,
      taskSid: engagement.taskSid,
      status: 'open',
      customer: { identity: engagement.identity, friendlyName },
      createdAt: 0,
      updatedAt: 0,
    };
    this.channels.set(channel.sid, { channel, messages: [] });
    const first = new FakeSession(engagement, channel, []);
    if (formData.question) first.message(formData.question, 'customer');
    this.channels.get(channel.sid)!.messages = first.messages;
    return engagement;
  }

  session(engagement: Engagement): FakeSession {
    const known = this.channels.get(engagement.channelSid);
    const session = known
      ? new FakeSession(engagement, known.channel, known.messages)
      : new FakeSession(engagement, { sid: engagement.channelSid } as ChannelInfo, []);
    if (!known) session.connectError = new ContactCenterError('CC_UNAUTHORIZED', 'The token is not valid');
    session.sendGate = this.sendGate;
    this.sessions.push(session);
    return session;
  }

  /** The latest session. */
  get last(): FakeSession {
    const s = this.sessions[this.sessions.length - 1];
    if (!s) throw new Error('no session yet');
    return s;
  }
}

/** An in-memory Storage. */
export class MemoryStorage implements EngagementStore {
  readonly items = new Map<string, string>();
  getItem(key: string): string | null {
    return this.items.get(key) ?? null;
  }
  setItem(key: string, value: string): void {
    this.items.set(key, value);
  }
  removeItem(key: string): void {
    this.items.delete(key);
  }
}

/** Lets pending promise callbacks run. */
export const flush = async (times = 5): Promise<void> => {
  for (let i = 0; i < times; i++) await Promise.resolve();
};

/** Waits until `check()` holds (polling), or throws after `timeoutMs`. */
export async function until(check: () => boolean, timeoutMs = 3000, what = 'condition'): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error(`${what} not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 5));
  }
}
