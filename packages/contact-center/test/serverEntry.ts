/**
 * Runs the local contact center in its own process, for the integration tests and the
 * benchmark (`node scripts/run-ts.mjs test/serverEntry.ts`). Options come as JSON in the
 * SB_CC_OPTIONS environment variable; the ready line on stdout is JSON:
 * `{"ready":true,"url":…,"port":…,"pid":…}`. SIGTERM closes it gracefully; so does the end
 * of stdin (the parent went away), so no server outlives its test.
 */
import {
  startContactCenter,
  silentLogger,
  defaultLogger,
  type ContactCenterOptions,
} from '@switchboard/contact-center/server';

async function main(): Promise<void> {
  const options = JSON.parse(process.env.SB_CC_OPTIONS ?? '{}') as ContactCenterOptions;
  const server = await startContactCenter({ ...options, logger: process.env.SB_CC_LOG ? defaultLogger : silentLogger });
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
