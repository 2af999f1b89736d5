#!/usr/bin/env node
// `create-plugin`: the command lives in dist/esm/cli.js; this shim only sets the exit code.
let cli;
try {
  cli = await import('../dist/esm/cli.js');
} catch (error) {
  // Run from a clone of the repository before its build: say how to build, not a stack trace.
  if (error?.code !== 'ERR_MODULE_NOT_FOUND' || !String(error.message).includes('dist/esm/cli.js')) throw error;
  console.error('error: @switchboard/create-plugin is not built: run `npm run build -w @switchboard/create-plugin`');
  process.exitCode = 1;
}
if (cli) process.exitCode = await cli.main(process.argv.slice(2));
