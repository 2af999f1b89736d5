import { PLUGIN_NAME } from '@switchboard/plugin';
import valid from 'semver/functions/valid.js';
import validRange from 'semver/ranges/valid.js';
import * as z from 'zod/mini';
import { HostError } from '../errors';
import type { ManifestEntry } from '../plugins/types';
import { pathText, permissionsSchema } from './permissionsSchema';

// No generated code, so the host is CSP-safe without 'unsafe-eval' (test/browser/csp.test.ts):
// zod's core (zod/mini's too) would otherwise probe `new Function` to compile its object
// checks, and a strict CSP reports that probe as a violation even though zod catches it. A
// manifest is parsed once: the interpreted checks cost nothing that matters.
z.config({ jitless: true });

/** What an entry that is not valid still says about itself (shown in status panels, never a placeholder). */
export interface DeclaredFields {
  version?: string;
  src?: string;
  phase?: number;
  enabled?: boolean;
}

/** One manifest entry after validation: the entry, or why it is not valid (and what it declared). */
export type ParsedEntry =
  | { index: number; name: string; entry: ManifestEntry; problems?: undefined; declared?: undefined }
  | { index: number; name: string | undefined; entry?: undefined; problems: string[]; declared: DeclaredFields };

/** The fields of a raw entry that have the right type, as written. */
function declaredOf(item: unknown): DeclaredFields {
  if (typeof item !== 'object' || item === null) return {};
  const { version, src, phase, enabled } = item as Record<string, unknown>;
  return {
    ...(typeof version === 'string' ? { version } : {}),
    ...(typeof src === 'string' ? { src } : {}),
    ...(Number.isInteger(phase) && (phase as number) >= 0 ? { phase: phase as number } : {}),
    ...(typeof enabled === 'boolean' ? { enabled } : {}),
  };
}

const needs = (what: string) => ({
  error: (issue: { input?: unknown }) =>
    issue.input === undefined ? 'is required' : `must be ${what}, got ${JSON.stringify(issue.input)}`,
});
const text = (what: string) => z.string(needs(what));

const SRI = /^(sha384|sha512)-[A-Za-z0-9+/]{43,}={0,2}$/;

const entrySchema = z.strictObject({
  name: text('a plugin name').check(
    z.refine((v) => PLUGIN_NAME.test(v), {
      error: 'must be lowercase letters, digits, ".", "_" or "-" (optionally @scope/)',
    }),
  ),
  version: text('a semver version').check(
    z.refine((v) => valid(v) !== null, { error: 'must be a semver version, like "1.2.0"' }),
  ),
  src: text('a URL'),
  integrity: z.optional(
    text('an SRI hash').check(
      z.refine((v) => v.split(/\s+/).every((h) => SRI.test(h)), {
        error: 'must be SRI hashes: "sha384-<base64>" or "sha512-<base64>"',
      }),
    ),
  ),
  hostVersion: text('a semver range').check(
    z.refine((v) => validRange(v) !== null, { error: 'must be a semver range of host versions, like "^1.0.0"' }),
  ),
  phase: z._default(z.int(needs('an integer >= 0')).check(z.nonnegative({ error: 'must be an integer >= 0' })), 0),
  enabled: z._default(z.boolean(needs('true or false')), true),
  /** What the plugin may touch; absent or null: undeclared (unrestricted, flagged). */
  permissions: z.optional(permissionsSchema),
});

const FIELDS = Object.keys(entrySchema.shape);

/** "did you mean" for a misspelt field. */
const suggest = (key: string): string => {
  const near = FIELDS.find((f) => f.toLowerCase() === key.toLowerCase());
  return near ? ` (did you mean "${near}"?)` : ` (fields: ${FIELDS.join(', ')})`;
};

/**
 * Validates a manifest (`{ plugins: [...] }` or the bare array). Relative `src` URLs resolve
 * against `baseUrl`. Throws MANIFEST_INVALID when the manifest as a whole is malformed;
 * otherwise returns every entry, valid or with its problems, each naming the field.
 */
export function parseManifest(raw: unknown, baseUrl: string | undefined, source = 'manifest'): ParsedEntry[] {
  let list: unknown = raw;
  if (!Array.isArray(raw)) {
    if (typeof raw !== 'object' || raw === null) {
      throw new HostError(
        'MANIFEST_INVALID',
        `${source}: expected an object with a "plugins" array, got ${raw === null ? 'null' : typeof raw}`,
      );
    }
    const unknownKeys = Object.keys(raw).filter((k) => k !== 'plugins' && k !== '$schema');
    if (unknownKeys.length) {
      throw new HostError(
        'MANIFEST_INVALID',
        `${source}: unknown top-level field ${unknownKeys.map((k) => `"${k}"`).join(', ')}; expected "plugins"`,
      );
    }
    list = (raw as { plugins?: unknown }).plugins;
  }
  if (!Array.isArray(list)) throw new HostError('MANIFEST_INVALID', `${source}: "plugins" must be an array`);

  return list.map((item: unknown, index): ParsedEntry => {
    const rawName = (item as { name?: unknown } | null)?.name;
    const name = typeof rawName === 'string' && rawName ? rawName : undefined;
    const where = `plugins[${index}]${name ? ` ("${name}")` : ''}`;
    if (typeof item !== 'object' || item === null || Array.isArray(item)) {
      return {
        index,
        name,
        declared: {},
        problems: [
          `${where}: must be an object, got ${item === null ? 'null' : Array.isArray(item) ? 'an array' : typeof item}`,
        ],
      };
    }
    const result = entrySchema.safeParse(item);
    if (!result.success) {
      const problems = result.error.issues.flatMap((issue) =>
        issue.code === 'unrecognized_keys'
          ? issue.keys.map((k) =>
              issue.path.length
                ? `${where}.${pathText(issue.path)}: unknown field "${k}" (fields: actions, slots, origins)`
                : `${where}: unknown field "${k}"${suggest(k)}`,
            )
          : [`${where}.${pathText(issue.path)}: ${issue.message}`],
      );
      return { index, name, problems, declared: declaredOf(item) };
    }
    const { integrity, permissions, ...entry } = result.data;
    let src: URL;
    try {
      src = new URL(entry.src, baseUrl);
    } catch {
      const why =
        baseUrl === undefined ? 'is relative and there is no base URL (createHost({ baseUrl }))' : 'must be a URL';
      return {
        index,
        name,
        declared: declaredOf(item),
        problems: [`${where}.src: ${why}, got ${JSON.stringify(entry.src)}`],
      };
    }
    if (src.protocol !== 'https:' && src.protocol !== 'http:') {
      return {
        index,
        name,
        declared: declaredOf(item),
        problems: [`${where}.src: must be an http(s) URL, got ${JSON.stringify(entry.src)}`],
      };
    }
    return {
      index,
      name: entry.name,
      entry: {
        ...entry,
        src: src.href,
        ...(integrity === undefined ? {} : { integrity }),
        // Only a declaration is carried: absent and null both mean "declares nothing".
        ...(permissions ? { permissions } : {}),
      },
    };
  });
}

/** Fetches and parses a manifest URL (JSON); relative bundle URLs resolve against it. */
export async function fetchManifest(url: string, baseUrl: string | undefined): Promise<ParsedEntry[]> {
  let href: string;
  try {
    href = new URL(url, baseUrl).href;
  } catch {
    throw new HostError(
      'MANIFEST_FETCH_FAILED',
      `manifest ${JSON.stringify(url)}: ${baseUrl === undefined ? 'a relative URL needs a base URL (createHost({ baseUrl }))' : 'not a URL'}`,
    );
  }
  let response: Response;
  try {
    response = await fetch(href, { headers: { accept: 'application/json' } });
  } catch (e) {
    throw new HostError('MANIFEST_FETCH_FAILED', `manifest ${href}: could not be fetched (${(e as Error).message})`, {
      cause: e,
    });
  }
  if (!response.ok) {
    throw new HostError(
      'MANIFEST_FETCH_FAILED',
      `manifest ${href}: HTTP ${response.status} ${response.statusText}`.trim(),
    );
  }
  let json: unknown;
  try {
    json = await response.json();
  } catch (e) {
    throw new HostError('MANIFEST_INVALID', `manifest ${href}: not valid JSON (${(e as Error).message})`, { cause: e });
  }
  return parseManifest(json, response.url || href, `manifest ${href}`);
}
