/**
 * Agents' passwords in the database (`credentials`), for the server's sign-in and for the
 * admin tools (`switchboard-local-stack users …`), which write the database directly.
 */
import type { Kysely } from 'kysely';
import { ContactCenterError } from '../errors';
import { newSid } from '../engine/ids';
import { activitySid, defaultWorkerAttributes } from '../types';
import type { ContactCenterDatabase } from './database';
import { hashPassword, verifyPassword } from './passwords';
import { SqliteRepository } from './SqliteRepository';

/** Options of {@link setAgentPassword}. */
export interface SetAgentPasswordOptions {
  /** The new worker's full name (default: the identity, capitalised). Only with `create`. */
  fullName?: string;
  /** Create the worker (Offline) when no worker has this identity; otherwise that is CC_NOT_FOUND. */
  create?: boolean;
}

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/**
 * Sets (or replaces) the password of the agent `identity`; with `create`, creates the worker
 * first when it does not exist. CC_NOT_FOUND for an unknown identity without `create`;
 * CC_BAD_REQUEST for a password outside 12..1024 characters. A running server sees a worker
 * created here at its next start; a password set here works at once.
 *
 * @example
 * const db = createDatabase({ dialect: 'sqlite', file: '.switchboard/contact-center.sqlite' });
 * await migrateToLatest(db);
 * await setAgentPassword(db, 'alice', 'correct horse battery staple', { create: true, fullName: 'Alice Liddell' });
 */
export async function setAgentPassword(
  db: Kysely<ContactCenterDatabase>,
  identity: string,
  password: string,
  options: SetAgentPasswordOptions = {},
): Promise<void> {
  const passwordHash = await hashPassword(password);
  const worker = await db.selectFrom('workers').select('sid').where('identity', '=', identity).executeTakeFirst();
  if (!worker) {
    if (!options.create) throw new ContactCenterError('CC_NOT_FOUND', `No agent "${identity}" in this contact center`);
    const fullName = options.fullName?.trim() || capitalise(identity);
    await new SqliteRepository(db).persist({
      workers: [
        {
          sid: newSid('WK'),
          identity,
          role: 'agent',
          fullName,
          activity: 'Offline',
          activitySid: activitySid('Offline'),
          attributes: defaultWorkerAttributes(fullName),
          idleSince: Date.now(),
        },
      ],
    });
  }
  const now = Date.now();
  await db
    .insertInto('credentials')
    .values({ identity, password_hash: passwordHash, updated_at: now })
    .onConflict((oc) => oc.column('identity').doUpdateSet({ password_hash: passwordHash, updated_at: now }))
    .execute();
}

/** Whether `password` is the password of `identity` (false when it has none). */
export async function checkAgentPassword(
  db: Kysely<ContactCenterDatabase>,
  identity: string,
  password: string,
): Promise<boolean> {
  const row = await db
    .selectFrom('credentials')
    .select('password_hash')
    .where('identity', '=', identity)
    .executeTakeFirst();
  return verifyPassword(password, row?.password_hash ?? null);
}

/** An agent as the admin tools list it. */
export interface AgentAccount {
  identity: string;
  fullName: string;
  /** Whether a password is set. */
  hasPassword: boolean;
  /** Sessions neither signed out nor expired. */
  activeSessions: number;
}

/**
 * The agents of the database, by identity, with whether they have a password and how many
 * sessions are active.
 *
 * @example
 * for (const a of await listAgentAccounts(db)) console.log(a.identity, a.hasPassword);
 */
export async function listAgentAccounts(db: Kysely<ContactCenterDatabase>): Promise<AgentAccount[]> {
  const workers = await db.selectFrom('workers').select(['identity', 'full_name']).orderBy('identity').execute();
  const withPassword = new Set(
    (await db.selectFrom('credentials').select('identity').execute()).map((r) => r.identity),
  );
  const sessions = await db
    .selectFrom('sessions')
    .select(['identity', (eb) => eb.fn.countAll<number | string>().as('n')])
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', Date.now())
    .groupBy('identity')
    .execute();
  const active = new Map(sessions.map((s) => [s.identity, Number(s.n)]));
  return workers.map((w) => ({
    identity: w.identity,
    fullName: w.full_name,
    hasPassword: withPassword.has(w.identity),
    activeSessions: active.get(w.identity) ?? 0,
  }));
}
