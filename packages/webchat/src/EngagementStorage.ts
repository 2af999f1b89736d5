import type { Engagement } from '@switchboard/contact-center';
import type { EngagementStore, OutgoingMessage } from './types';

/** The default storage key for a contact center. */
export const defaultStorageKey = (serverUrl: string): string => `switchboard-webchat:${serverUrl.replace(/\/+$/, '')}`;

const isOutgoing = (value: unknown): value is OutgoingMessage => {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.clientId === 'string' && typeof v.body === 'string' && typeof v.queuedAt === 'number';
};

const isEngagement = (value: unknown): value is Engagement => {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return ['channelSid', 'taskSid', 'identity', 'friendlyName', 'token'].every(
    (key) => typeof v[key] === 'string' && v[key] !== '',
  );
};

/**
 * Keeps the engagement (with its token) across page loads. Storage may be missing or throw
 * (private browsing, blocked cookies, a full quota): then the chat simply does not survive a
 * reload, and nothing else breaks. What is read back is checked, since anything may have
 * written under the key.
 */
export class EngagementStorage {
  constructor(
    private readonly storage: EngagementStore | undefined,
    readonly key: string,
  ) {}

  /** The stored engagement; a value that is not one is removed. */
  load(): Engagement | undefined {
    let text: string | null | undefined;
    try {
      text = this.storage?.getItem(this.key);
    } catch {
      return undefined;
    }
    if (!text) return undefined;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      value = undefined;
    }
    if (isEngagement(value)) {
      const { channelSid, taskSid, identity, friendlyName, token } = value;
      return { channelSid, taskSid, identity, friendlyName, token };
    }
    this.clear();
    return undefined;
  }

  save(engagement: Engagement): void {
    try {
      this.storage?.setItem(this.key, JSON.stringify(engagement));
    } catch (e) {
      console.warn('[webchat] could not store the engagement; it will not survive a reload:', e);
    }
  }

  /** The messages that were on their way when the page went away (entries that are not, dropped). */
  loadOutbox(): OutgoingMessage[] {
    try {
      const value: unknown = JSON.parse(this.storage?.getItem(this.outboxKey) ?? '[]');
      return Array.isArray(value)
        ? value.filter(isOutgoing).map(({ clientId, body, queuedAt }) => ({ clientId, body, queuedAt }))
        : [];
    } catch {
      return [];
    }
  }

  /** Keeps the messages on their way, so a reload resends them (their clientIds make that harmless). */
  saveOutbox(outbox: readonly OutgoingMessage[]): void {
    try {
      if (outbox.length) this.storage?.setItem(this.outboxKey, JSON.stringify(outbox));
      else this.storage?.removeItem(this.outboxKey);
    } catch (e) {
      console.warn('[webchat] could not store the messages being sent; they will not survive a reload:', e);
    }
  }

  clear(): void {
    try {
      this.storage?.removeItem(this.key);
      this.storage?.removeItem(this.outboxKey);
    } catch {
      // nothing stored, nothing to clear
    }
  }

  private get outboxKey(): string {
    return `${this.key}:outbox`;
  }
}
