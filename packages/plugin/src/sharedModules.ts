/**
 * The modules a Switchboard host shares with plugin bundles on `window.Switchboard.modules`.
 * A bundle keeps them external, so the page has one copy of each: one React, one store.
 */
export const SHARED_MODULES = [
  'react',
  'react/jsx-runtime',
  'react-dom',
  'redux',
  'react-redux',
  '@reduxjs/toolkit',
  '@switchboard/actions',
  '@switchboard/actions/redux',
  '@switchboard/actions/events',
  '@switchboard/actions/runtime',
  '@switchboard/plugin',
  '@switchboard/host',
] as const;

/** The name of a shared module. */
export type SharedModuleName = (typeof SHARED_MODULES)[number];

/**
 * The webpack `externals` that take the shared modules from the host, to use with
 * `externalsType: 'window'`. `@switchboard/plugin` is left out on purpose: it is the
 * registration glue, a few hundred bytes, and compiling it in stamps the bundle with the
 * contract it was built for (`PLUGIN_CONTRACT`).
 *
 * @example
 * // webpack.config.js
 * module.exports = { externalsType: 'window', externals: sharedModuleExternals() };
 * // → externals: { react: ['Switchboard', 'modules', 'react'], … }
 */
export function sharedModuleExternals(): Record<string, string[]> {
  const externals: Record<string, string[]> = {};
  for (const name of SHARED_MODULES)
    if (name !== '@switchboard/plugin') externals[name] = ['Switchboard', 'modules', name];
  return externals;
}
