/**
 * The routing configuration's file: `routing.json` in the data dir, written with the default
 * when missing (pretty-printed; it holds nothing secret), read and validated at every start.
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ContactCenterError } from '../errors';
import {
  compileRouting,
  DEFAULT_ROUTING_CONFIG,
  type CompiledRouting,
  type RoutingConfig,
} from '../engine/routing/RoutingConfig';

/** The routing configuration's file name in the data dir. */
export const ROUTING_FILE = 'routing.json';

/**
 * Reads, validates and compiles a routing file; throws a ContactCenterError naming the file,
 * the field and the problem (or the queue and the column of a bad expression).
 *
 * @example
 * const routing = await readRoutingFile('.switchboard/data/routing.json');
 */
export async function readRoutingFile(file: string): Promise<CompiledRouting> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    throw new ContactCenterError(
      'CC_BAD_REQUEST',
      `Cannot read the routing configuration ${file}: ${(e as Error).message}`,
      {
        cause: e,
      },
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new ContactCenterError(
      'CC_BAD_REQUEST',
      `Routing configuration (${file}) is not valid JSON: ${(e as Error).message}`,
      {
        cause: e,
      },
    );
  }
  return compileRouting(json, file);
}

/**
 * The routing of a contact center: `routing` when given (a configuration, or a file's path),
 * else the data dir's `routing.json` (created with the default when missing), else the default.
 */
export async function resolveRouting(
  dataDir: string | null,
  routing: RoutingConfig | string | undefined,
): Promise<{ routing: CompiledRouting; file: string | null }> {
  if (typeof routing === 'string') return { routing: await readRoutingFile(routing), file: path.resolve(routing) };
  if (routing !== undefined) return { routing: compileRouting(routing), file: null };
  if (dataDir === null) return { routing: compileRouting(DEFAULT_ROUTING_CONFIG), file: null };
  const file = path.join(dataDir, ROUTING_FILE);
  try {
    await writeFile(file, `${JSON.stringify(DEFAULT_ROUTING_CONFIG, null, 2)}\n`, { flag: 'wx' });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
  }
  return { routing: await readRoutingFile(file), file };
}
