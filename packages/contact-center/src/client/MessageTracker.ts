import type { ChatMessage } from '../types';

/**
 * Remembers the highest message index seen per channel, so a message is emitted once even
 * when it reaches the client twice (an ack after a resend, an event racing a snapshot). The
 * server sends each connection a channel's messages in index order, so "not above the last
 * index" means "already seen".
 */
export class MessageTracker {
  private readonly last = new Map<string, number>();

  /** Forgets everything and records the messages of a snapshot. */
  reset(messages: readonly ChatMessage[]): void {
    this.last.clear();
    for (const m of messages) this.isNew(m);
  }

  /** True the first time a message (or a later one of its channel) is seen. */
  isNew(message: ChatMessage): boolean {
    const last = this.last.get(message.channelSid) ?? -1;
    if (message.index <= last) return false;
    this.last.set(message.channelSid, message.index);
    return true;
  }
}

/** A fresh idempotency key (works without a secure context, unlike `crypto.randomUUID`). */
export function newClientId(): string {
  const bytes = new Uint8Array(16);
  globalThis.crypto.getRandomValues(bytes);
  let id = '';
  for (const b of bytes) id += b.toString(16).padStart(2, '0');
  return id;
}
