#!/usr/bin/env node
// The only place that sets the exit code: main() returns it (see src/cli.ts).
import { main } from '../dist/esm/index.js';

process.exitCode = await main(process.argv.slice(2));
