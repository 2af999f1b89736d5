/**
 * Agent passwords: hashed with Node's scrypt (N=2^15, r=8, p=1, a 16-byte salt, a 64-byte key)
 * and stored self-describing, `scrypt$N$r$p$salt$hash` (base64), so the parameters can grow
 * later without breaking the hashes stored before. Compared in constant time.
 */
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { ContactCenterError } from '../errors';

/** The shortest password accepted. */
export const MIN_PASSWORD_LENGTH = 12;
/** The longest password accepted (scrypt takes any length; this bounds the work of a request). */
export const MAX_PASSWORD_LENGTH = 1024;

const PARAMS = { N: 2 ** 15, r: 8, p: 1 } as const;
const KEY_LENGTH = 64;
const SALT_LENGTH = 16;

const derive = (password: string, salt: Buffer, o: { N: number; r: number; p: number }, length: number) =>
  new Promise<Buffer>((resolve, reject) => {
    // N=2^15, r=8 needs 32 MiB: above Node's default maxmem (32 MiB exactly is refused).
    const options: ScryptOptions = { ...o, maxmem: 256 * o.N * o.r };
    scrypt(password.normalize('NFKC'), salt, length, options, (error, key) => (error ? reject(error) : resolve(key)));
  });

/**
 * CC_BAD_REQUEST unless `password` is 12..1024 characters.
 *
 * @example
 * checkPasswordLength('correct horse battery staple'); // ok
 */
export function checkPasswordLength(password: string): void {
  const length = [...password].length;
  if (length < MIN_PASSWORD_LENGTH || length > MAX_PASSWORD_LENGTH)
    throw new ContactCenterError(
      'CC_BAD_REQUEST',
      `A password must be ${MIN_PASSWORD_LENGTH} to ${MAX_PASSWORD_LENGTH} characters (got ${length})`,
    );
}

/**
 * The stored form of `password` (checked for length first).
 *
 * @example
 * const stored = await hashPassword('correct horse battery staple'); // 'scrypt$32768$8$1$…$…'
 */
export async function hashPassword(password: string): Promise<string> {
  checkPasswordLength(password);
  const salt = randomBytes(SALT_LENGTH);
  const key = await derive(password, salt, PARAMS, KEY_LENGTH);
  return ['scrypt', PARAMS.N, PARAMS.r, PARAMS.p, salt.toString('base64'), key.toString('base64')].join('$');
}

/**
 * Whether `password` matches `stored` (a {@link hashPassword} result). A malformed `stored`
 * is no match. With `stored` null (no such identity) it still spends the time of one hash, so
 * the answer's timing does not tell which identities exist.
 *
 * @example
 * if (!(await verifyPassword(attempt, row?.password_hash ?? null))) throw wrongIdentityOrPassword();
 */
export async function verifyPassword(password: string, stored: string | null): Promise<boolean> {
  const parts = stored?.split('$');
  const parsed =
    parts && parts.length === 6 && parts[0] === 'scrypt'
      ? { N: Number(parts[1]), r: Number(parts[2]), p: Number(parts[3]), salt: parts[4]!, hash: parts[5]! }
      : undefined;
  const valid =
    parsed &&
    [parsed.N, parsed.r, parsed.p].every((n) => Number.isSafeInteger(n) && n > 0) &&
    parsed.N <= 2 ** 20 &&
    parsed.r <= 32 &&
    parsed.p <= 16;
  if (!valid) {
    await derive(password.slice(0, MAX_PASSWORD_LENGTH), randomBytes(SALT_LENGTH), PARAMS, KEY_LENGTH);
    return false;
  }
  const expected = Buffer.from(parsed.hash, 'base64');
  if (expected.length === 0 || [...password].length > MAX_PASSWORD_LENGTH) return false;
  const key = await derive(password, Buffer.from(parsed.salt, 'base64'), parsed, expected.length);
  return timingSafeEqual(key, expected);
}
