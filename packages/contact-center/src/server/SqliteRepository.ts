/**
 * The server's repository, on SQLite and PostgreSQL alike: reads and writes the domain objects
 * through Kysely, with portable SQL (upserts are `ON CONFLICT … DO UPDATE`, which both share);
 * the one dialect-specific spot is the arrival order of tasks (SQLite's rowid, PostgreSQL's
 * `arrival` sequence). Rows ↔ domain objects are mapped here; bigint columns also go through
 * Number() in case a driver returns them as strings (our PostgreSQL pool parses them already).
 */
import { sql, type Kysely, type Selectable, type Transaction } from 'kysely';
import {
  activitySid,
  defaultWorkerAttributes,
  type Activity,
  type AuthorRole,
  type ChannelInfo,
  type ChannelStatus,
  type ChatMessage,
  type ReservationInfo,
  type ReservationStatus,
  type TaskInfo,
  type TaskStatus,
} from '../types';
import { ACTIVE_TASK_STATUSES, type Changes, type Repository, type WorkerRecord } from '../engine/Repository';
import type {
  ChannelsTable,
  ContactCenterDatabase,
  MessagesTable,
  ReservationsTable,
  TasksTable,
  WorkersTable,
} from './database';
import { isPostgres } from './database';

type Db = Kysely<ContactCenterDatabase> | Transaction<ContactCenterDatabase>;

/** Rows per INSERT statement: well under every dialect's bound-parameter limit. */
const CHUNK = 500;
const chunks = <T>(items: T[]): T[][] => {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += CHUNK) out.push(items.slice(i, i + CHUNK));
  return out;
};

export const toWorker = (r: Selectable<WorkersTable>): WorkerRecord => ({
  sid: r.sid,
  role: 'agent',
  identity: r.identity,
  fullName: r.full_name,
  activity: r.activity as Activity,
  activitySid: activitySid(r.activity as Activity),
  attributes:
    r.attributes === null
      ? defaultWorkerAttributes(r.full_name)
      : (JSON.parse(r.attributes) as Record<string, unknown>),
  idleSince: Number(r.idle_since),
});
export const toTask = (r: Selectable<TasksTable>): TaskInfo => ({
  sid: r.sid,
  channelType: r.channel_type === 'voice' ? 'voice' : 'chat',
  status: r.status as TaskStatus,
  channelSid: r.channel_sid,
  workerSid: r.worker_sid,
  attributes: JSON.parse(r.attributes) as Record<string, unknown>,
  // Absent rather than null/0, as tasks are written before routing places them.
  ...(r.queue_sid ? { queueSid: r.queue_sid } : {}),
  ...(Number(r.priority) ? { priority: Number(r.priority) } : {}),
  createdAt: Number(r.created_at),
  updatedAt: Number(r.updated_at),
});
export const toReservation = (r: Selectable<ReservationsTable>): ReservationInfo => ({
  sid: r.sid,
  taskSid: r.task_sid,
  workerSid: r.worker_sid,
  status: r.status as ReservationStatus,
  createdAt: Number(r.created_at),
  updatedAt: Number(r.updated_at),
  expiresAt: r.expires_at === null ? null : Number(r.expires_at),
});
export const toChannel = (r: Selectable<ChannelsTable>): ChannelInfo => ({
  sid: r.sid,
  taskSid: r.task_sid,
  status: r.status as ChannelStatus,
  customer: { identity: r.customer_identity, friendlyName: r.customer_name },
  createdAt: Number(r.created_at),
  updatedAt: Number(r.updated_at),
});
export const toMessage = (r: Selectable<MessagesTable>): ChatMessage => ({
  sid: r.sid,
  channelSid: r.channel_sid,
  index: Number(r.message_index),
  author: r.author,
  authorRole: r.author_role as AuthorRole,
  authorName: r.author_name,
  body: r.body,
  createdAt: Number(r.created_at),
  clientId: r.client_id,
});

const messageRow = (m: ChatMessage): MessagesTable => ({
  sid: m.sid,
  channel_sid: m.channelSid,
  message_index: m.index,
  author: m.author,
  author_role: m.authorRole,
  author_name: m.authorName,
  body: m.body,
  created_at: m.createdAt,
  client_id: m.clientId,
});

/**
 * The {@link Repository} of the server, in a Kysely database made by `createDatabase`:
 * SQLite or PostgreSQL (the name is historical).
 *
 * @example
 * const db = await openDatabase({ dialect: 'postgres', url });
 * await migrateToLatest(db);
 * const engine = await ContactCenter.open(new SqliteRepository(db), options);
 */
export class SqliteRepository implements Repository {
  /** How ties on `created_at` keep arrival order: SQLite's rowid, or PostgreSQL's sequence column. */
  private readonly arrival;

  constructor(readonly db: Kysely<ContactCenterDatabase>) {
    this.arrival = isPostgres(db) ? sql`arrival` : sql`rowid`;
  }

  /** Writes `changes` in one transaction. */
  async persist(changes: Changes): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      for (const w of changes.workers ?? []) await this.upsertWorker(trx, w);
      for (const c of changes.channels ?? []) await this.upsertChannel(trx, c);
      for (const t of changes.tasks ?? []) await this.upsertTask(trx, t);
      for (const r of changes.reservations ?? []) await this.upsertReservation(trx, r);
      await this.insertMessages(trx, changes.messages ?? []);
    });
  }

  /** Inserts messages in one transaction (the group commit). */
  async appendMessages(messages: ChatMessage[]): Promise<void> {
    await this.db.transaction().execute((trx) => this.insertMessages(trx, messages));
  }

  private async insertMessages(db: Db, messages: ChatMessage[]): Promise<void> {
    for (const part of chunks(messages)) await db.insertInto('messages').values(part.map(messageRow)).execute();
  }

  private async upsertWorker(db: Db, w: WorkerRecord): Promise<void> {
    const now = Date.now();
    const set = {
      identity: w.identity,
      full_name: w.fullName,
      activity: w.activity,
      idle_since: w.idleSince,
      attributes: JSON.stringify(w.attributes),
      updated_at: now,
    };
    await db
      .insertInto('workers')
      .values({ sid: w.sid, created_at: now, ...set })
      .onConflict((oc) => oc.column('sid').doUpdateSet(set))
      .execute();
  }

  private async upsertChannel(db: Db, c: ChannelInfo): Promise<void> {
    const set = {
      task_sid: c.taskSid,
      status: c.status,
      customer_identity: c.customer.identity,
      customer_name: c.customer.friendlyName,
      updated_at: c.updatedAt,
    };
    await db
      .insertInto('channels')
      .values({ sid: c.sid, created_at: c.createdAt, ...set })
      .onConflict((oc) => oc.column('sid').doUpdateSet(set))
      .execute();
  }

  private async upsertTask(db: Db, t: TaskInfo): Promise<void> {
    const set = {
      channel_type: t.channelType,
      status: t.status,
      channel_sid: t.channelSid,
      worker_sid: t.workerSid,
      attributes: JSON.stringify(t.attributes),
      queue_sid: t.queueSid ?? null,
      priority: t.priority ?? 0,
      updated_at: t.updatedAt,
    };
    await db
      .insertInto('tasks')
      .values({ sid: t.sid, created_at: t.createdAt, ...set })
      .onConflict((oc) => oc.column('sid').doUpdateSet(set))
      .execute();
  }

  private async upsertReservation(db: Db, r: ReservationInfo): Promise<void> {
    const set = { status: r.status, updated_at: r.updatedAt, expires_at: r.expiresAt };
    await db
      .insertInto('reservations')
      .values({ sid: r.sid, task_sid: r.taskSid, worker_sid: r.workerSid, created_at: r.createdAt, ...set })
      .onConflict((oc) => oc.column('sid').doUpdateSet(set))
      .execute();
  }

  async workers(): Promise<WorkerRecord[]> {
    return (await this.db.selectFrom('workers').selectAll().orderBy('identity').execute()).map(toWorker);
  }

  async activeTasks(): Promise<TaskInfo[]> {
    // In arrival order (routing serves ties within a millisecond first come, first served).
    const rows = await this.db
      .selectFrom('tasks')
      .selectAll()
      .where('status', 'in', ACTIVE_TASK_STATUSES)
      .orderBy('created_at')
      .orderBy(this.arrival)
      .execute();
    return rows.map(toTask);
  }

  async reservationsOfTasks(taskSids: readonly string[]): Promise<ReservationInfo[]> {
    if (!taskSids.length) return [];
    const rows = await this.db.selectFrom('reservations').selectAll().where('task_sid', 'in', taskSids).execute();
    return rows.map(toReservation);
  }

  async channels(sids: readonly string[]): Promise<ChannelInfo[]> {
    if (!sids.length) return [];
    return (await this.db.selectFrom('channels').selectAll().where('sid', 'in', sids).execute()).map(toChannel);
  }

  async messagesOf(channelSids: readonly string[]): Promise<ChatMessage[]> {
    if (!channelSids.length) return [];
    const rows = await this.db
      .selectFrom('messages')
      .selectAll()
      .where('channel_sid', 'in', channelSids)
      .orderBy('channel_sid')
      .orderBy('message_index')
      .execute();
    return rows.map(toMessage);
  }

  async messages(channelSid: string, afterIndex = -1): Promise<ChatMessage[]> {
    const rows = await this.db
      .selectFrom('messages')
      .selectAll()
      .where('channel_sid', '=', channelSid)
      .where('message_index', '>', afterIndex)
      .orderBy('message_index')
      .execute();
    return rows.map(toMessage);
  }

  async task(sid: string): Promise<TaskInfo | undefined> {
    const row = await this.db.selectFrom('tasks').selectAll().where('sid', '=', sid).executeTakeFirst();
    return row && toTask(row);
  }

  async channel(sid: string): Promise<ChannelInfo | undefined> {
    const row = await this.db.selectFrom('channels').selectAll().where('sid', '=', sid).executeTakeFirst();
    return row && toChannel(row);
  }

  async reservation(sid: string): Promise<ReservationInfo | undefined> {
    const row = await this.db.selectFrom('reservations').selectAll().where('sid', '=', sid).executeTakeFirst();
    return row && toReservation(row);
  }

  /** Did `workerSid` ever hold `taskSid` as an accepted reservation (now completed or wrapping)? */
  async workerHeldTask(workerSid: string, taskSid: string): Promise<boolean> {
    const row = await this.db
      .selectFrom('reservations')
      .select('sid')
      .where('task_sid', '=', taskSid)
      .where('worker_sid', '=', workerSid)
      .where('status', 'in', ['accepted', 'wrapping', 'completed'])
      .executeTakeFirst();
    return row !== undefined;
  }
}
