/**
 * Serves files from mounted directories (`{ '/agent/': dir }`) with their content types. The
 * resolved path must stay inside the mounted directory: `..`, encoded or not, and NUL bytes
 * never reach the file system.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { ContactCenterError } from '../errors';
import { NOSNIFF } from './securityHeaders';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.ico': 'image/x-icon',
  '.webp': 'image/webp',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
  '.wasm': 'application/wasm',
};

/** The content type of a file name (`application/octet-stream` when unknown). */
export const contentType = (file: string): string =>
  TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';

/**
 * Serves `req` from the first mount whose prefix matches; false when none matches or the
 * file does not exist (the caller answers 404). Throws CC_BAD_REQUEST for a path that cannot
 * be decoded. HTML files also get `htmlHeaders` (the security headers of a page).
 */
export async function serveStatic(
  mounts: ReadonlyArray<readonly [prefix: string, dir: string]>,
  req: IncomingMessage,
  res: ServerResponse,
  htmlHeaders: Readonly<Record<string, string>> = {},
): Promise<boolean> {
  if (req.method !== 'GET' && req.method !== 'HEAD') return false;
  const url = new URL(req.url ?? '/', 'http://localhost');
  let pathname: string;
  try {
    pathname = decodeURIComponent(url.pathname);
  } catch (cause) {
    // `%ff`, `%E0%A4%A`: no file can have that name; the request is malformed.
    throw new ContactCenterError('CC_BAD_REQUEST', 'The URL has a malformed percent-encoding', { cause });
  }
  if (pathname.includes('\0')) return false;
  for (const [prefix, dir] of mounts) {
    if (pathname !== prefix.replace(/\/$/, '') && !pathname.startsWith(prefix)) continue;
    const root = path.resolve(dir);
    let file = path.resolve(root, '.' + path.posix.normalize('/' + pathname.slice(prefix.length)));
    if (file !== root && !file.startsWith(root + path.sep)) return false;
    let info = await stat(file).catch(() => undefined);
    if (info?.isDirectory()) {
      // A directory's page is served at its URL with the slash, or its relative links (a
      // page's `webchat.js`) would resolve from the parent.
      if (!pathname.endsWith('/')) {
        // One leading slash: `//host` in Location would send the browser to another site.
        res.writeHead(301, { location: `/${url.pathname.replace(/^\/+/, '')}/${url.search}`, ...NOSNIFF }).end();
        return true;
      }
      file = path.join(file, 'index.html');
      info = await stat(file).catch(() => undefined);
    }
    if (!info?.isFile()) return false;
    res.writeHead(200, {
      'content-type': contentType(file),
      'content-length': info.size,
      'cache-control': 'no-cache',
      ...(path.extname(file).toLowerCase() === '.html' ? htmlHeaders : {}),
      ...NOSNIFF,
    });
    if (req.method === 'HEAD') res.end();
    else createReadStream(file).pipe(res);
    return true;
  }
  return false;
}
