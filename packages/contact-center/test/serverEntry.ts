/**
 * Runs the local contact center in its own process, for the integration tests and the
 * benchmark (`node scripts/run-ts.mjs test/serverEntry.ts`). Options come as JSON in the
 * SB_CC_OPTIONS environment variable; the ready line on stdout is JSON:
 * `{"ready":true,"url":…,"port":…,"pid":…}`. SIGTERM closes it gracefully; so does the end
 * of stdin (the parent went away), so no server outlives its test.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  startContactCenter,
  setAgentPassword,
  silentLogger,
  defaultLogger,
  type ContactCenterOptions,
  type Logger,
} from '@switchboard/contact-center/server';

/** SB_CC_LOG=json: every log line to stdout as `{"log":level,"message":…}` (the tests read them). */
const jsonLogger: Logger = Object.fromEntries(
  (['debug', 'info', 'warn', 'error'] as const).map((level) => [
    level,
    (message: string, ...details: unknown[]) =>
      process.stdout.write(JSON.stringify({ log: level, message, details: details.map(String) }) + '\n'),
  ]),
) as unknown as Logger;

/**
 * SB_CC_TEST_HANDLER=decode: a `handler` that decodes its path as the local stack's does for
 * `/plugins/<name>/<file>` (so a malformed percent-encoding throws a URIError in it).
 */
function decodingHandler(req: IncomingMessage, res: ServerResponse): boolean {
  const match = /^\/plugins\/([^/]+)\/([^/]+)$/.exec(new URL(req.url ?? '/', 'http://localhost').pathname);
  if (!match) return false;
  const name = `${decodeURIComponent(match[1]!)}/${decodeURIComponent(match[2]!)}`;
  res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' }).end(name);
  return true;
}

async function main(): Promise<void> {
  const options = JSON.parse(process.env.SB_CC_OPTIONS ?? '{}') as ContactCenterOptions;
  const log = process.env.SB_CC_LOG;
  const server = await startContactCenter({
    ...options,
    logger: log === 'json' ? jsonLogger : log ? defaultLogger : silentLogger,
    ...(process.env.SB_CC_TEST_HANDLER === 'decode' ? { handler: decodingHandler } : {}),
  });
  // SB_CC_PASSWORDS: `{ identity: password }` set before the ready line (agents of `options.agents`).
  for (const [identity, password] of Object.entries(
    JSON.parse(process.env.SB_CC_PASSWORDS ?? '{}') as Record<string, string>,
  ))
    await setAgentPassword(server.db, identity, password);
  process.stdout.write(JSON.stringify({ ready: true, url: server.url, port: server.port, pid: process.pid }) + '\n');
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    server.close().then(
      () => process.exit(0),
      (e: unknown) => {
        console.error(e);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  process.stdin.on('end', stop);
  process.stdin.resume();
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
