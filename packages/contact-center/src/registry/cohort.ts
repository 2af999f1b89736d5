/** Who a release is for: deterministic membership of a cohort (Node: sha256 from node:crypto). */
import { createHash } from 'node:crypto';
import type { RegistryRelease } from './types';

/**
 * The bucket (0..99) of `identity` in release `releaseSid`: the first 4 bytes of
 * `sha256(releaseSid + ':' + identity)` as a big-endian uint32, modulo 100. Deterministic (the
 * same agent stays in or out of a release's cohort across reloads and servers), and
 * independent between releases (a 10% cohort is not always the same 10% of agents).
 *
 * @example
 * cohortBucket('PR0123…', 'alice') < 10; // is alice in a 10% cohort of that release?
 */
export function cohortBucket(releaseSid: string, identity: string): number {
  const digest = createHash('sha256').update(`${releaseSid}:${identity}`).digest();
  return digest.readUInt32BE(0) % 100;
}

/** Is the agent `identity` in the target of `release`? */
export function isInTarget(release: Pick<RegistryRelease, 'sid' | 'target'>, identity: string): boolean {
  const { target } = release;
  switch (target.kind) {
    case 'all':
      return true;
    case 'percent':
      return cohortBucket(release.sid, identity) < target.percent;
    case 'agents':
      return target.identities.includes(identity);
  }
}
