/**
 * Group commit of chat messages. Messages submitted in the same event-loop turn are stored in
 * one transaction; only after it commits are they acknowledged to their senders and pushed
 * to everyone else, in index order. One transaction per turn instead of one per message is
 * what lets a single SQLite file take thousands of messages a second.
 */
import { ContactCenterError } from '../errors';
import type { ChatMessage } from '../types';
import type { LiveChannel } from './EngineState';
import { afterThisTurn } from './macrotask';

/** Who is writing, as the committer needs it. */
export interface Author {
  identity: string;
  role: 'agent' | 'customer';
  name: string;
}

/** Called once per submitted message: with the stored message, or with why it was refused. */
export type CommitCallback = (error: ContactCenterError | null, message: ChatMessage | null) => void;

export interface Submission {
  channelSid: string;
  author: Author;
  body: string;
  clientId: string;
  done: CommitCallback;
  /** The sender's connection: it gets the ack, not the push. */
  origin: unknown;
}

export interface MessageCommitterHooks<S extends Submission> {
  /** Runs the batch inside the engine's serial queue. */
  run(job: () => Promise<void>): Promise<void>;
  /** Re-checks a submission against the state at commit time: the live channel, or the refusal. */
  check(submission: S): LiveChannel | ContactCenterError;
  /** Stores the messages in one transaction. */
  store(messages: ChatMessage[]): Promise<void>;
  /** After the commit: remember and push each message (in index order). */
  committed(message: ChatMessage, origin: unknown): void;
  newSid(): string;
}

export class MessageCommitter<S extends Submission = Submission> {
  private batch: S[] = [];
  private scheduled = false;
  private inFlight: Promise<void> = Promise.resolve();

  constructor(private readonly hooks: MessageCommitterHooks<S>) {}

  submit(submission: S): void {
    this.batch.push(submission);
    if (this.scheduled) return;
    this.scheduled = true;
    // After the I/O callbacks of this turn, so every frame read in it joins.
    afterThisTurn(() => {
      this.scheduled = false;
      const batch = this.batch;
      this.batch = [];
      this.inFlight = this.hooks.run(() => this.commit(batch));
    });
  }

  /** Resolves once everything submitted so far is committed (or refused). */
  async flush(): Promise<void> {
    while (this.scheduled || this.batch.length) await new Promise<void>((resolve) => afterThisTurn(resolve));
    await this.inFlight;
  }

  private async commit(batch: S[]): Promise<void> {
    const now = Date.now();
    const accepted: { s: S; message: ChatMessage; live: LiveChannel }[] = [];
    // Resends of a key inside this very batch get the first one's message.
    const inBatch = new Map<string, ChatMessage>();
    const duplicates: { s: S; key: string }[] = [];
    const firstIndex = new Map<LiveChannel, number>();
    for (const s of batch) {
      const live = this.hooks.check(s);
      if (live instanceof ContactCenterError) {
        s.done(live, null);
        continue;
      }
      const stored = live.byClientId.get(s.clientId);
      if (stored) {
        s.done(null, stored);
        continue;
      }
      const key = `${s.channelSid}\n${s.clientId}`;
      if (inBatch.has(key)) {
        duplicates.push({ s, key });
        continue;
      }
      if (!firstIndex.has(live)) firstIndex.set(live, live.nextIndex);
      const message: ChatMessage = {
        sid: this.hooks.newSid(),
        channelSid: s.channelSid,
        index: live.nextIndex++,
        author: s.author.identity,
        authorRole: s.author.role,
        authorName: s.author.name,
        body: s.body,
        createdAt: now,
        clientId: s.clientId,
      };
      inBatch.set(key, message);
      accepted.push({ s, message, live });
    }
    if (!accepted.length) return;
    try {
      await this.hooks.store(accepted.map((a) => a.message));
    } catch (cause) {
      for (const [live, index] of firstIndex) live.nextIndex = index;
      const error = new ContactCenterError('CC_INTERNAL', 'The message could not be stored', { cause });
      for (const a of accepted) a.s.done(error, null);
      for (const d of duplicates) d.s.done(error, null);
      return;
    }
    for (const { s, message } of accepted) {
      this.hooks.committed(message, s.origin);
      s.done(null, message);
    }
    for (const d of duplicates) d.s.done(null, inBatch.get(d.key)!);
  }
}
