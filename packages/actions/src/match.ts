/**
 * Payload matching, shared by the pending guard, blocks, and the find* queries
 * (SEMANTICS.md, "Matching a payload against a pattern").
 */

/**
 * What a payload can be matched against: `undefined` matches anything; the same value
 * matches; a predicate matches when it returns true; an object matches a payload object
 * whose own values are `===` to every key of the pattern (shallow).
 */
export type PayloadPattern<P = unknown> =
  ((payload: P, action: string) => boolean) | (P extends object ? Partial<P> : P) | undefined;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

/**
 * Does `payload` match `pattern`? `callPredicates` is false where the pattern is itself an
 * invocation's payload (the pending guard): a payload that happens to be a function must
 * not be called as a predicate.
 */
export function matches(pattern: unknown, payload: unknown, action: string, callPredicates = true): boolean {
  if (pattern === undefined || pattern === payload) return true;
  if (typeof pattern === 'function') return callPredicates && pattern(payload, action) === true;
  if (!isObject(pattern) || !isObject(payload)) return false;
  for (const key in pattern) if (Object.hasOwn(pattern, key) && pattern[key] !== payload[key]) return false;
  return true;
}

/** Two block patterns are the same block when identical or shallow-equal objects. */
export function samePattern(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (!isObject(a) || !isObject(b)) return false;
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => Object.hasOwn(b, k) && a[k] === b[k]);
}
