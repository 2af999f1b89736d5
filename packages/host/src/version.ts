/** This host runtime's version (kept equal to package.json's by a test). */
export const HOST_VERSION = '0.1.0';

/**
 * The plugin registration contracts this host accepts (see `PLUGIN_CONTRACT` in
 * `@switchboard/plugin`). A bundle built for a contract in this range loads; one outside it
 * is Failed with PLUGIN_CONTRACT_UNSUPPORTED, naming both.
 */
export const HOST_CONTRACTS: { readonly min: number; readonly max: number } = Object.freeze({ min: 1, max: 1 });
