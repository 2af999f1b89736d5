/**
 * Where the contact center keeps its record: the engine reads and writes through this
 * interface only. Two implementations: `SqliteRepository` (the server's, through Kysely, on
 * SQLite or PostgreSQL, in `@switchboard/contact-center/server`) and `MemoryRepository`
 * (plain maps, no native module: the in-process contact center of tests and of the plugin
 * test kit). All pass the same contract suite (`test/repository.contract.ts`), the server's
 * on both databases.
 */
import type { ChannelInfo, ChatMessage, ReservationInfo, TaskInfo, TaskStatus, WorkerInfo } from '../types';

/** A worker as the engine keeps it: the public info plus its routing clock. */
export interface WorkerRecord extends WorkerInfo {
  /** When the worker last became idle (Available, or a task ended): routing's "longest idle". */
  idleSince: number;
}

/** A set of changes written atomically: upserts, and messages inserted. */
export interface Changes {
  workers?: WorkerRecord[];
  channels?: ChannelInfo[];
  tasks?: TaskInfo[];
  reservations?: ReservationInfo[];
  messages?: ChatMessage[];
}

/** Tasks that still need the engine's attention (what it loads at start). */
export const ACTIVE_TASK_STATUSES: readonly TaskStatus[] = ['pending', 'reserved', 'assigned', 'wrapping'];

/**
 * The contact center's storage. Writes are atomic (all of a `Changes` or none); a write that
 * resolved is durable for as long as the implementation promises (SQLite: the process may
 * crash; memory: until the process ends). Reads return copies the caller may keep.
 */
export interface Repository {
  /** Writes `changes` atomically (one transaction). */
  persist(changes: Changes): Promise<void>;
  /** Inserts messages atomically (the group commit). A duplicate `(channel, index)` or `(channel, clientId)` fails the whole write. */
  appendMessages(messages: ChatMessage[]): Promise<void>;
  /** Every worker, by identity. */
  workers(): Promise<WorkerRecord[]>;
  /** The tasks in {@link ACTIVE_TASK_STATUSES}. */
  activeTasks(): Promise<TaskInfo[]>;
  reservationsOfTasks(taskSids: readonly string[]): Promise<ReservationInfo[]>;
  channels(sids: readonly string[]): Promise<ChannelInfo[]>;
  /** The messages of these channels, by channel then index. */
  messagesOf(channelSids: readonly string[]): Promise<ChatMessage[]>;
  /** One channel's messages after `afterIndex` (default -1: all), by index. */
  messages(channelSid: string, afterIndex?: number): Promise<ChatMessage[]>;
  task(sid: string): Promise<TaskInfo | undefined>;
  channel(sid: string): Promise<ChannelInfo | undefined>;
  reservation(sid: string): Promise<ReservationInfo | undefined>;
  /** Did `workerSid` ever hold `taskSid` as an accepted reservation (now wrapping or completed)? */
  workerHeldTask(workerSid: string, taskSid: string): Promise<boolean>;
}
