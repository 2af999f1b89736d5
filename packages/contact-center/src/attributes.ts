/**
 * Attributes (of tasks and workers): JSON objects a plugin sets, stored as JSON by the
 * contact center and pushed to every desktop that holds them. Checked the same way on every
 * side (the wire schema, the host's native actions) so a refusal names the field at fault.
 */

/** Characters of an attributes object as JSON, at most. */
export const MAX_ATTRIBUTES_LENGTH = 8_000;
/** Nesting depth of an attributes object, at most. */
const MAX_DEPTH = 16;
/**
 * Keys refused at every depth: `__proto__` (JSON.parse makes it an own property, which a merge
 * would turn into a prototype), `constructor` and `prototype` (the classic ways in).
 */
const RESERVED = new Set(['__proto__', 'constructor', 'prototype']);

/** An unpaired surrogate: SQLite stores text as UTF-8, where it has no encoding (see schemas.ts `text`). */
const LONE_SURROGATE = /\p{Surrogate}/u;
const LONE = 'must be well-formed Unicode (it has a lone surrogate)';

const isPlainObject = (value: unknown): value is Record<string, unknown> => {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
};

/** A problem of an attributes object: where (keys from the top) and what. */
export interface AttributesProblem {
  path: string[];
  message: string;
}

/**
 * What is wrong with `value` as attributes, or undefined when it is a plain JSON object:
 * plain objects, arrays, well-formed strings, finite numbers, booleans and null, no reserved key, at most
 * 16 levels deep and 8,000 characters as JSON.
 */
export function findAttributesProblem(value: unknown): AttributesProblem | undefined {
  if (!isPlainObject(value)) return { path: [], message: 'must be an object' };
  const walk = (v: unknown, path: string[]): AttributesProblem | undefined => {
    if (path.length > MAX_DEPTH) return { path, message: `nested deeper than ${MAX_DEPTH} levels` };
    if (typeof v === 'string') return LONE_SURROGATE.test(v) ? { path, message: LONE } : undefined;
    if (v === null || typeof v === 'boolean') return undefined;
    if (typeof v === 'number') return Number.isFinite(v) ? undefined : { path, message: 'must be a finite number' };
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) {
        const problem = walk(v[i], [...path, String(i)]);
        if (problem) return problem;
      }
      return undefined;
    }
    if (!isPlainObject(v)) return { path, message: 'must be JSON (an object, array, string, number, boolean or null)' };
    for (const key of Object.keys(v)) {
      const at = [...path, key.slice(0, 64)];
      if (RESERVED.has(key)) return { path: at, message: 'is a reserved name (__proto__, constructor, prototype)' };
      if (LONE_SURROGATE.test(key)) return { path: at, message: `name ${LONE}` };
      const problem = walk(v[key], at);
      if (problem) return problem;
    }
    return undefined;
  };
  const problem = walk(value, []);
  if (problem) return problem;
  const length = JSON.stringify(value).length;
  if (length > MAX_ATTRIBUTES_LENGTH)
    return { path: [], message: `${length} characters as JSON, over the limit of ${MAX_ATTRIBUTES_LENGTH}` };
  return undefined;
}

/** {@link findAttributesProblem} as one line naming the field: `attributes.a.b: is a reserved name…`. */
export function attributesProblem(value: unknown, name = 'attributes'): string | undefined {
  const problem = findAttributesProblem(value);
  return problem && `${[name, ...problem.path].join('.')}: ${problem.message}`;
}

/**
 * `update` merged into `existing`, deeply: objects are merged key by key, anything else
 * (arrays included) replaces what was there. Neither input is changed.
 */
export function mergeAttributes(
  existing: Record<string, unknown>,
  update: Record<string, unknown>,
): Record<string, unknown> {
  const out: Record<string, unknown> = { ...existing };
  for (const [key, value] of Object.entries(update)) {
    const before = out[key];
    out[key] = isPlainObject(before) && isPlainObject(value) ? mergeAttributes(before, value) : value;
  }
  return out;
}
