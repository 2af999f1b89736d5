/**
 * The database's start-up errors: one line each, naming where it looked (host, port,
 * database, user — never the password) and what to do. Server-side only: these codes never
 * travel the wire protocol (a request that fails on the database is `CC_INTERNAL`).
 */
import { SwitchboardError } from '@switchboard/actions';

/** Codes of {@link DatabaseError}. */
export type DatabaseErrorCode =
  /** The `--database` / `SWITCHBOARD_DATABASE_URL` setting is not a postgres:// URL. */
  | 'DB_BAD_URL'
  /** Nothing answers at the host and port (refused, unknown host, timeout). */
  | 'DB_UNREACHABLE'
  /** PostgreSQL answered and refused the user or password. */
  | 'DB_AUTH_FAILED'
  /** PostgreSQL answered and has no such database. */
  | 'DB_NOT_FOUND';

/**
 * A database that cannot be used: thrown by `openDatabase`, `parseDatabaseUrl` and so by
 * `startContactCenter`.
 *
 * @example
 * try { await startContactCenter({ dataDir, database: url }) }
 * catch (e) { if (isSwitchboardError(e, 'DB_UNREACHABLE')) console.error(e.message) }
 */
export class DatabaseError extends SwitchboardError {
  declare readonly code: DatabaseErrorCode;

  constructor(code: DatabaseErrorCode, message: string, options: { cause?: unknown } = {}) {
    super(code, message, options);
    this.name = 'DatabaseError';
  }

  /** Classifies a failed first connection to the PostgreSQL at `url`. */
  static fromConnect(url: string, cause: unknown): DatabaseError {
    const where = describePostgresUrl(url);
    const { code, message } = errorFields(cause);
    // PostgreSQL's SQLSTATEs: 28P01 / 28000 (authentication), 3D000 (no such database).
    if (code === '28P01' || code === '28000')
      return new DatabaseError(
        'DB_AUTH_FAILED',
        `PostgreSQL at ${where} refused the user or password (${message}): fix the URL's user and password, or create the role (scripts/ensure-postgres.sh creates switchboard/switchboard)`,
        { cause },
      );
    if (code === '3D000')
      return new DatabaseError(
        'DB_NOT_FOUND',
        `PostgreSQL at ${where} has no such database (${message}): create it (createdb) or name another in the URL`,
        { cause },
      );
    return new DatabaseError(
      'DB_UNREACHABLE',
      `Cannot reach PostgreSQL at ${where} (${code ?? message}): start PostgreSQL (scripts/ensure-postgres.sh on Debian) or fix --database / SWITCHBOARD_DATABASE_URL`,
      { cause },
    );
  }
}

const errorFields = (e: unknown): { code: string | undefined; message: string } => {
  if (typeof e !== 'object' || e === null) return { code: undefined, message: String(e) };
  const { code, message, errors } = e as { code?: unknown; message?: unknown; errors?: unknown };
  // An AggregateError (IPv4 and IPv6 both refused) has an empty message; its parts have codes.
  const first = Array.isArray(errors) ? errorFields(errors[0]) : undefined;
  return {
    code: typeof code === 'string' ? code : first?.code,
    message: typeof message === 'string' && message ? message : (first?.message ?? 'connection failed'),
  };
};

/**
 * `host:port/database as user` of a PostgreSQL URL, without its password (for messages and
 * logs). Something that is not a URL is shown only as its scheme, in case it holds a secret.
 */
export function describePostgresUrl(url: string): string {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return '"<not a URL>"';
  }
  if (u.protocol !== 'postgres:' && u.protocol !== 'postgresql:') return `a ${u.protocol}// URL`;
  const host = u.hostname || 'localhost';
  const db = decodeURIComponent(u.pathname.replace(/^\//, '')) || '(default)';
  const user = u.username ? ` as ${decodeURIComponent(u.username)}` : '';
  return `${host}:${u.port || '5432'}/${db}${user}`;
}
