import type { Engagement } from '@switchboard/contact-center';
import type { EngagementStore } from './types';

/** The default storage key for a contact center. */
export const defaultStorageKey = (serverUrl: string): string => `switchboard-webchat:${serverUrl.replace(/\/+$/, '')}`;

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

  clear(): void {
    try {
      this.storage?.removeItem(this.key);
    } catch {
      // nothing stored, nothing to clear
    }
  }
}
