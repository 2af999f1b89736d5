/**
 * The repository in plain maps: no native module, no I/O. What the in-process contact center
 * runs on by default (tests, the plugin test kit); the same rules as SQLite, down to the
 * unique keys of messages, so a test that passes here passes on the server.
 */
import type { ChannelInfo, ChatMessage, ReservationInfo, TaskInfo } from '../types';
import { ACTIVE_TASK_STATUSES, type Changes, type Repository, type WorkerRecord } from './Repository';

/**
 * Copies cross the boundary, as rows do: nobody holds a reference into the store. (JSON, as
 * the SQL columns hold attributes; structuredClone is missing from jsdom.)
 */
const copy = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;
const byIndex = (a: ChatMessage, b: ChatMessage) => a.index - b.index;
const HELD = new Set(['accepted', 'wrapping', 'completed']);

export class MemoryRepository implements Repository {
  private readonly workerRows = new Map<string, WorkerRecord>();
  private readonly taskRows = new Map<string, TaskInfo>();
  private readonly reservationRows = new Map<string, ReservationInfo>();
  private readonly channelRows = new Map<string, ChannelInfo>();
  /** Channel sid → its messages, in index order. */
  private readonly messageRows = new Map<string, ChatMessage[]>();

  async persist(changes: Changes): Promise<void> {
    // Checked before anything is written: all of it or none, as a transaction.
    this.checkReferences(changes);
    this.checkMessages(changes.messages ?? []);
    for (const w of changes.workers ?? []) this.workerRows.set(w.sid, copy(w));
    for (const c of changes.channels ?? []) this.channelRows.set(c.sid, copy(c));
    for (const t of changes.tasks ?? []) this.taskRows.set(t.sid, copy(t));
    for (const r of changes.reservations ?? []) this.reservationRows.set(r.sid, copy(r));
    this.insertMessages(changes.messages ?? []);
  }

  async appendMessages(messages: ChatMessage[]): Promise<void> {
    this.checkReferences({ messages });
    this.checkMessages(messages);
    this.insertMessages(messages);
  }

  async workers(): Promise<WorkerRecord[]> {
    return [...this.workerRows.values()].sort((a, b) => (a.identity < b.identity ? -1 : 1)).map(copy);
  }

  async activeTasks(): Promise<TaskInfo[]> {
    return [...this.taskRows.values()].filter((t) => ACTIVE_TASK_STATUSES.includes(t.status)).map(copy);
  }

  async reservationsOfTasks(taskSids: readonly string[]): Promise<ReservationInfo[]> {
    const wanted = new Set(taskSids);
    return [...this.reservationRows.values()].filter((r) => wanted.has(r.taskSid)).map(copy);
  }

  async channels(sids: readonly string[]): Promise<ChannelInfo[]> {
    return sids.flatMap((sid) => {
      const c = this.channelRows.get(sid);
      return c ? [copy(c)] : [];
    });
  }

  async messagesOf(channelSids: readonly string[]): Promise<ChatMessage[]> {
    return [...new Set(channelSids)].sort().flatMap((sid) => (this.messageRows.get(sid) ?? []).map(copy));
  }

  async messages(channelSid: string, afterIndex = -1): Promise<ChatMessage[]> {
    return (this.messageRows.get(channelSid) ?? []).filter((m) => m.index > afterIndex).map(copy);
  }

  async task(sid: string): Promise<TaskInfo | undefined> {
    const t = this.taskRows.get(sid);
    return t && copy(t);
  }

  async channel(sid: string): Promise<ChannelInfo | undefined> {
    const c = this.channelRows.get(sid);
    return c && copy(c);
  }

  async reservation(sid: string): Promise<ReservationInfo | undefined> {
    const r = this.reservationRows.get(sid);
    return r && copy(r);
  }

  async workerHeldTask(workerSid: string, taskSid: string): Promise<boolean> {
    for (const r of this.reservationRows.values())
      if (r.taskSid === taskSid && r.workerSid === workerSid && HELD.has(r.status)) return true;
    return false;
  }

  /** The foreign keys of the SQL schema: what a row names must exist, or come in the same change. */
  private checkReferences(changes: Changes): void {
    const has = <T extends { sid: string }>(rows: Map<string, T>, incoming: readonly T[] | undefined, sid: string) =>
      rows.has(sid) || (incoming ?? []).some((r) => r.sid === sid);
    const missing = (what: string, sid: string): never => {
      throw new Error(`${what} ${sid} does not exist (foreign key)`);
    };
    for (const t of changes.tasks ?? []) {
      if (!has(this.channelRows, changes.channels, t.channelSid)) missing('channel', t.channelSid);
      if (t.workerSid !== null && !has(this.workerRows, changes.workers, t.workerSid)) missing('worker', t.workerSid);
    }
    for (const r of changes.reservations ?? []) {
      if (!has(this.taskRows, changes.tasks, r.taskSid)) missing('task', r.taskSid);
      if (!has(this.workerRows, changes.workers, r.workerSid)) missing('worker', r.workerSid);
    }
    for (const m of changes.messages ?? [])
      if (!has(this.channelRows, changes.channels, m.channelSid)) missing('channel', m.channelSid);
  }

  /** The unique keys of the messages table: `(channel, index)` and `(channel, clientId)`. */
  private checkMessages(messages: readonly ChatMessage[]): void {
    const seen = new Set<string>();
    for (const m of messages) {
      const stored = this.messageRows.get(m.channelSid) ?? [];
      const keys = [
        `i${m.channelSid}\n${m.index}`,
        ...(m.clientId === null ? [] : [`c${m.channelSid}\n${m.clientId}`]),
      ];
      const clash =
        keys.some((k) => seen.has(k)) ||
        stored.some((s) => s.index === m.index || (m.clientId !== null && s.clientId === m.clientId));
      if (clash) throw new Error(`message ${m.sid}: a message of channel ${m.channelSid} has its index or clientId`);
      for (const k of keys) seen.add(k);
    }
  }

  private insertMessages(messages: readonly ChatMessage[]): void {
    for (const m of messages) {
      const list = this.messageRows.get(m.channelSid);
      if (list) {
        list.push(copy(m));
        if (list.length > 1 && list[list.length - 2]!.index > m.index) list.sort(byIndex);
      } else this.messageRows.set(m.channelSid, [copy(m)]);
    }
  }
}
