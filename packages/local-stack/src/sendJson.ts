import type { ServerResponse } from 'node:http';

/** Answers with `body` as JSON (indented: people read these), never cached, never sniffed. */
export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res
    .writeHead(status, {
      'content-type': 'application/json; charset=utf-8',
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
    })
    .end(JSON.stringify(body, null, 2));
}
