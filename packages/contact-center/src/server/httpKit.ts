/**
 * The small pieces every HTTP route shares: JSON answers, the bearer token, request bodies
 * read within a byte limit and checked with a zod schema.
 */
import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { z } from 'zod';
import { ContactCenterError } from '../errors';
import { describeIssues } from '../gateway/schemas';
import { NOSNIFF } from './securityHeaders';

/** The request body stopped before its end (the client closed the connection). */
export class RequestAborted extends Error {}

export function json(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    ...NOSNIFF,
  });
  res.end(text);
}

export function bearer(req: IncomingMessage): string | undefined {
  const header = req.headers.authorization;
  return header?.startsWith('Bearer ') ? header.slice(7).trim() : undefined;
}

/**
 * CORS for the API: refuses a request from an origin that is not allowed (CC_FORBIDDEN) and
 * lets an allowed one read the answer. Requests without an Origin (Node clients) pass.
 */
export function allowOrigin(
  req: IncomingMessage,
  res: ServerResponse,
  isAllowedOrigin: (origin: string | undefined) => boolean,
): void {
  const origin = req.headers.origin;
  if (!isAllowedOrigin(origin)) throw new ContactCenterError('CC_FORBIDDEN', `Origin ${origin ?? ''} is not allowed`);
  if (origin) {
    res.setHeader('access-control-allow-origin', origin);
    res.setHeader('vary', 'Origin');
  }
}

/** The header a cluster instance sets, with the cluster's key, when it forwards a request to another. */
export const CLUSTER_HEADER = 'x-switchboard-cluster';

/**
 * The client's address: the `X-Forwarded-For` that another instance of the cluster added (its
 * last entry) when the request carries `x-switchboard-cluster` with `clusterKey`, else the
 * socket's remote address. A client cannot choose its address by sending the header: without
 * the key it is ignored.
 *
 * @example
 * limiter.take(clientAddress(req, options.clusterKey));
 */
export function clientAddress(req: IncomingMessage, clusterKey?: string): string {
  const direct = req.socket.remoteAddress ?? '';
  const presented = req.headers[CLUSTER_HEADER];
  if (!clusterKey || typeof presented !== 'string') return direct;
  const a = Buffer.from(presented);
  const b = Buffer.from(clusterKey);
  if (a.length !== b.length || !timingSafeEqual(a, b)) return direct;
  const forwarded = req.headers['x-forwarded-for'];
  const last = (Array.isArray(forwarded) ? forwarded.join(',') : (forwarded ?? '')).split(',').pop()?.trim();
  return last || direct;
}

export function parse<T>(schema: z.ZodType<T>, value: unknown): T {
  const r = schema.safeParse(value);
  if (!r.success) throw new ContactCenterError('CC_BAD_REQUEST', `Invalid request body: ${describeIssues(r.error)}`);
  return r.data;
}

/** Reads a JSON body of at most `limit` bytes (CC_TOO_LARGE beyond; CC_BAD_REQUEST if not JSON). */
export async function readJson(req: IncomingMessage, limit: number): Promise<unknown> {
  const type = req.headers['content-type'] ?? '';
  // Requiring JSON also means a cross-site form cannot post here without a CORS preflight.
  if (!/^application\/json\b/i.test(type))
    throw new ContactCenterError('CC_BAD_REQUEST', 'Content-Type must be application/json');
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > limit) throw new ContactCenterError('CC_TOO_LARGE', `Request body over the limit of ${limit} bytes`);
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of req as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > limit) throw new ContactCenterError('CC_TOO_LARGE', `Request body over the limit of ${limit} bytes`);
      chunks.push(chunk);
    }
  } catch (e) {
    if (e instanceof ContactCenterError) throw e;
    // Reading a request fails only when its connection does ('aborted', ECONNRESET).
    throw new RequestAborted('The client closed the connection before the end of the body', { cause: e });
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch (e) {
    throw new ContactCenterError('CC_BAD_REQUEST', `Malformed JSON: ${(e as Error).message}`);
  }
}
