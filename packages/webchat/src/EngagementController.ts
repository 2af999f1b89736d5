import type { Disposable } from '@switchboard/actions';
import type {
  ChannelInfo,
  ChatMessage,
  CustomerSession,
  Engagement,
  EngagementFormData,
} from '@switchboard/contact-center';
import type { EngagementStorage } from './EngagementStorage';
import { NO_ENGAGEMENT, type WebChatStore } from './WebChatStore';
import type { EngagementInfo, OutgoingMessage, WebChatClient, WebChatState } from './types';

/** Errors after which a stored engagement cannot be resumed: start over with the form. */
const GONE = new Set(['CC_UNAUTHORIZED', 'CC_FORBIDDEN', 'CC_NOT_FOUND']);

const codeOf = (error: unknown): string =>
  typeof (error as { code?: unknown } | null)?.code === 'string' ? (error as { code: string }).code : 'UNKNOWN';

/** How a failure is kept in the state for the customer to see. */
export const shownError = (error: unknown): WebChatState['error'] => ({
  code: codeOf(error),
  message: error instanceof Error ? error.message : String(error),
});

const infoOf = ({ channelSid, taskSid, identity, friendlyName }: Engagement): EngagementInfo => ({
  channelSid,
  taskSid,
  identity,
  friendlyName,
});

/** Inserts `message` in index order unless a message with its sid is there already. */
function withMessage(messages: readonly ChatMessage[], message: ChatMessage): readonly ChatMessage[] {
  if (messages.some((m) => m.sid === message.sid)) return messages;
  const last = messages[messages.length - 1];
  if (!last || last.index < message.index) return [...messages, message];
  return [...messages, message].sort((a, b) => a.index - b.index);
}

/**
 * Runs the engagement: starts one (or resumes the stored one), keeps the state in step with
 * its session's events, and ends it. The native actions call it; nothing else writes the
 * engagement part of the state.
 */
export class EngagementController {
  #session: CustomerSession | undefined;
  #subscriptions: Disposable[] = [];
  #typingTimer: ReturnType<typeof setTimeout> | undefined;
  /** Bumped whenever the engagement changes hands, so late answers of an old one are ignored. */
  #epoch = 0;

  constructor(
    private readonly store: WebChatStore,
    private readonly client: WebChatClient,
    private readonly storage: EngagementStorage,
    private readonly typingIndicatorMs: number,
  ) {}

  /** The session of the current engagement, if there is one. */
  get session(): CustomerSession | undefined {
    return this.#session;
  }

  /** Sends the form, stores the engagement and connects to its channel. */
  async start(formData: EngagementFormData): Promise<EngagementInfo> {
    this.#end()?.disconnect(); // an ended chat's session
    const epoch = this.#epoch;
    this.store.update({ ...NO_ENGAGEMENT, phase: 'starting', error: undefined });
    let engagement: Engagement;
    try {
      engagement = await this.client.startEngagement(formData);
    } catch (error) {
      if (epoch === this.#epoch) this.store.update({ phase: 'form', error: shownError(error) });
      throw error;
    }
    if (epoch !== this.#epoch) {
      // Restarted (or destroyed) while the form was on its way: this engagement is not wanted.
      const orphan = this.client.session(engagement);
      void orphan
        .connect()
        .then(() => orphan.leave())
        .catch(() => {})
        .finally(() => orphan.disconnect());
      return infoOf(engagement);
    }
    this.storage.save(engagement);
    this.#attach(engagement);
    return infoOf(engagement);
  }

  /** Resumes the stored engagement, if any (after a page reload); false when there is none. */
  resume(): boolean {
    const stored = this.storage.load();
    if (!stored || this.#session) return false;
    this.#attach(stored, this.storage.loadOutbox());
    return true;
  }

  /**
   * Sends a message on the current engagement: it is in the outbox (and in storage, for a
   * reload) until the contact center stores it — however long it is away — or refuses it,
   * which rejects with the reason.
   */
  async send(body: string, clientId: string): Promise<ChatMessage> {
    const session = this.#session;
    if (!session) throw new Error('send: there is no engagement');
    const epoch = this.#epoch;
    this.#queue({ clientId, body, queuedAt: Date.now() });
    try {
      return await session.sendMessage(body, { clientId });
    } finally {
      if (epoch === this.#epoch) this.#unqueue(clientId);
    }
  }

  /**
   * Ends the engagement and goes back to the form: leaves the channel when it is still open
   * (the task is canceled if no agent completed it), forgets the stored engagement.
   */
  async restart(): Promise<void> {
    const session = this.#session;
    const open = this.store.state.phase === 'chat';
    this.#end();
    this.storage.clear();
    this.store.update({ ...NO_ENGAGEMENT, error: undefined });
    if (!session) return;
    if (!open) return session.disconnect();
    try {
      await session.leave();
    } catch (error) {
      // Unreachable contact center: the customer still gets a fresh form; the old task times out there.
      console.warn('[webchat] could not leave the channel:', error);
    }
  }

  /** Disconnects without leaving (a reload resumes the engagement). */
  dispose(): void {
    this.#end()?.disconnect();
  }

  #attach(engagement: Engagement, outbox: readonly OutgoingMessage[] = []): void {
    const session = this.client.session(engagement);
    const epoch = ++this.#epoch;
    const current = () => epoch === this.#epoch;
    this.#session = session;
    this.#subscriptions = [
      session.on(
        'connectionStateChanged',
        (connection) =>
          current() &&
          this.store.update(connection === 'connected' ? { connection, error: undefined } : { connection }),
      ),
      session.on('snapshot', ({ channel, messages }) => {
        if (!current()) return;
        const stored = new Set(messages.map((m) => m.clientId));
        this.store.update({
          messages: [...messages].sort((a, b) => a.index - b.index),
          outbox: this.#withoutStored(stored),
        });
        this.#channel(channel);
      }),
      session.on('messageAdded', (message) => {
        if (!current() || message.channelSid !== engagement.channelSid) return;
        const messages = withMessage(this.store.state.messages, message);
        // Stored: it leaves the outbox in the same update (it never shows twice).
        const outbox = this.#withoutStored(new Set([message.clientId]));
        // The agent's message is what the typing was for.
        this.store.update(
          message.authorRole === 'agent' ? { messages, outbox, agentTyping: undefined } : { messages, outbox },
        );
      }),
      session.on('typing', (event) => {
        if (!current() || event.role === 'customer' || event.channelSid !== engagement.channelSid) return;
        clearTimeout(this.#typingTimer);
        this.#typingTimer = setTimeout(
          () => current() && this.store.update({ agentTyping: undefined }),
          this.typingIndicatorMs,
        );
        this.store.update({ agentTyping: event.name });
      }),
      session.on(
        'channelUpdated',
        (channel) => current() && channel.sid === engagement.channelSid && this.#channel(channel),
      ),
    ];
    this.store.update({
      ...NO_ENGAGEMENT,
      phase: 'chat',
      engagement: infoOf(engagement),
      connection: session.connectionState,
      outbox,
      error: undefined,
    });
    // What was on its way when the page went away goes out again, with the same keys (once).
    for (const o of outbox) {
      this.send(o.body, o.clientId).catch(
        (error: unknown) => current() && this.store.update({ error: shownError(error) }),
      );
    }
    session.connect().catch((error: unknown) => {
      if (!current()) return;
      if (GONE.has(codeOf(error))) {
        // The token expired or the channel is gone: this engagement cannot come back.
        this.#end()?.disconnect();
        this.storage.clear();
        this.store.update({ ...NO_ENGAGEMENT, error: shownError(error) });
      } else {
        this.store.update({ error: shownError(error) });
      }
    });
  }

  #queue(message: OutgoingMessage): void {
    const { outbox } = this.store.state;
    if (outbox.some((o) => o.clientId === message.clientId)) return;
    this.#setOutbox([...outbox, message]);
  }

  #unqueue(clientId: string): void {
    const { outbox } = this.store.state;
    if (outbox.some((o) => o.clientId === clientId)) this.#setOutbox(outbox.filter((o) => o.clientId !== clientId));
  }

  /** The outbox without the messages whose keys are stored (the same array when none is). */
  #withoutStored(clientIds: ReadonlySet<string | null>): readonly OutgoingMessage[] {
    const { outbox } = this.store.state;
    const left = outbox.filter((o) => !clientIds.has(o.clientId));
    if (left.length !== outbox.length) this.storage.saveOutbox(left);
    return left.length === outbox.length ? outbox : left;
  }

  #setOutbox(outbox: readonly OutgoingMessage[]): void {
    this.store.update({ outbox });
    this.storage.saveOutbox(outbox);
  }

  /** A new view of the channel: closed means the agent completed the task, the chat ended. */
  #channel(channel: ChannelInfo): void {
    if (channel.status !== 'closed') return this.store.update({ channel });
    clearTimeout(this.#typingTimer);
    this.store.update({ channel, phase: 'ended', agentTyping: undefined, inputText: '' });
    // Nothing more can arrive on a closed channel; the stored engagement stays so a reload
    // still shows the transcript, until the customer starts again.
    this.#session?.disconnect();
  }

  /** Detaches the current session (returned, still connected) and ignores its late events. */
  #end(): CustomerSession | undefined {
    const session = this.#session;
    this.#epoch++;
    this.#session = undefined;
    for (const s of this.#subscriptions) s.dispose();
    this.#subscriptions = [];
    clearTimeout(this.#typingTimer);
    return session;
  }
}
