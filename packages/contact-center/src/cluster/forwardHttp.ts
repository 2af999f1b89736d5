/**
 * The HTTP API on a gateway instance: forwarded to the engine instance, which serves it (its
 * engine and plugin registry are the record's only writers). This instance checks the origin
 * and answers CORS itself, then forwards without the Origin header, with the client's address
 * in `x-forwarded-for` and the cluster key in `x-switchboard-cluster` (which is what makes the
 * engine instance trust that address, for its per-address rate limits).
 */
import { request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import { ContactCenterError } from '../errors';
import { httpStatus } from '../server/httpErrors';
import { allowOrigin, CLUSTER_HEADER } from '../server/httpKit';

const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'transfer-encoding',
  'upgrade',
  'te',
  'trailer',
  'origin',
  'x-forwarded-for',
  CLUSTER_HEADER,
]);

function answerError(res: ServerResponse, error: ContactCenterError): void {
  if (res.headersSent) return void res.destroy();
  const body = JSON.stringify({ error: { code: error.code, message: error.message } });
  res.writeHead(httpStatus(error.code), {
    'content-type': 'application/json; charset=utf-8',
    'x-content-type-options': 'nosniff',
    ...(error.code === 'CC_UNAVAILABLE' ? { 'retry-after': '1' } : {}),
  });
  res.end(body);
}

/**
 * Forwards `req` to `target` (the engine instance's `http://host:port`); null: none runs the
 * engine now, answered 503 CC_UNAVAILABLE with `Retry-After: 1`.
 */
export function forwardHttp(
  req: IncomingMessage,
  res: ServerResponse,
  target: string | null,
  clusterKey: string,
  isAllowedOrigin: (origin: string | undefined) => boolean,
): void {
  try {
    allowOrigin(req, res, isAllowedOrigin);
  } catch (error) {
    return answerError(res, error as ContactCenterError);
  }
  if (target === null)
    return answerError(
      res,
      new ContactCenterError('CC_UNAVAILABLE', 'No contact-center instance runs the engine right now; retry shortly'),
    );
  const url = new URL(target);
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(req.headers))
    if (value !== undefined && !HOP_BY_HOP.has(name)) headers[name] = value;
  headers['x-forwarded-for'] = req.socket.remoteAddress ?? '';
  headers[CLUSTER_HEADER] = clusterKey;
  const upstream = httpRequest(
    { host: url.hostname, port: url.port, method: req.method, path: req.url, headers },
    (response) => {
      const out: Record<string, string | string[]> = {};
      for (const [name, value] of Object.entries(response.headers))
        if (value !== undefined && !HOP_BY_HOP.has(name)) out[name] = value;
      res.writeHead(response.statusCode ?? 502, out);
      response.pipe(res);
      response.on('error', () => res.destroy());
    },
  );
  upstream.on('error', () =>
    answerError(
      res,
      new ContactCenterError('CC_UNAVAILABLE', 'The engine instance does not answer (it may be moving); retry shortly'),
    ),
  );
  req.pipe(upstream);
  req.on('error', () => upstream.destroy());
}
