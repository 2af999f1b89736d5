/**
 * Where this package is installed: plugin-scripts resolves its own dependencies (ts-jest,
 * esbuild-loader, the local stack) and its Jest preset from there, not from the plugin
 * project, whose node_modules may not have them (nested installs, pnpm).
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { packageRoot as rootOf } from '@switchboard/local-stack/options';

/** The folder of @switchboard/plugin-scripts (where its package.json is). */
export const packageRoot = (): string => rootOf('@switchboard/plugin-scripts');

/** `require` relative to this package: its own dependencies, whatever the plugin project has. */
export function ownRequire(): NodeJS.Require {
  return createRequire(path.join(packageRoot(), 'package.json'));
}
