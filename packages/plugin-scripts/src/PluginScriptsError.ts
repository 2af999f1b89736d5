/**
 * The typed error of plugin-scripts. Every failure a plugin developer can meet has a stable
 * `code` and a one-line `message` that says what is wrong and what to do; the CLI prints the
 * message as the reason and exits 1.
 */
import { SwitchboardError } from '@switchboard/actions';

/** The codes of {@link PluginScriptsError}. */
export type PluginScriptsErrorCode =
  /** The folder has no package.json (or it is not JSON). */
  | 'NO_PACKAGE_JSON'
  /** package.json's name, version or `switchboard.plugin` is not valid. */
  | 'INVALID_PLUGIN_CONFIG'
  /** The entry file does not exist. */
  | 'ENTRY_NOT_FOUND'
  /** The plugin's webpack.config.js could not be loaded or did not return a configuration. */
  | 'WEBPACK_CONFIG_FAILED'
  /** webpack reported an error (a syntax error, a module it cannot resolve, …). */
  | 'BUILD_FAILED'
  /** The bundle is above its size limit (min+gzip). */
  | 'SIZE_LIMIT_EXCEEDED'
  /** The port for `start` is taken. */
  | 'PORT_IN_USE'
  /** `start` needs the built agent desktop, which is missing. */
  | 'DESKTOP_NOT_AVAILABLE'
  /** Two plugins of one `start` have the same name. */
  | 'DUPLICATE_PLUGIN'
  /** Jest could not start: the plugin's Jest configuration is wrong. */
  | 'TEST_SETUP_FAILED'
  /** Arguments Jest does not know, or bad values (a command's flags that do not fit together). */
  | 'INVALID_ARGUMENTS'
  /** The contact center (its plugin registry) does not answer at the --server URL. */
  | 'REGISTRY_UNREACHABLE'
  /** The registry refused the operation; the message carries its code (CC_FORBIDDEN, CC_CONFLICT, …) and reason. */
  | 'REGISTRY_REFUSED'
  /** `deploy --no-build` without a built bundle (dist/plugin.js). */
  | 'BUNDLE_NOT_FOUND'
  /** Nothing is live: no release to roll back, or to build a configuration on. */
  | 'NO_LIVE_RELEASE'
  /** The person at the terminal answered no. */
  | 'CANCELLED';

/**
 * A failure of `build`, `start`, `test` or a registry command (`deploy`, `release`, …), with a stable code and a one-line message.
 *
 * @example
 * try { await buildPlugin('.') }
 * catch (e) { if (e instanceof PluginScriptsError && e.code === 'SIZE_LIMIT_EXCEEDED') … }
 */
export class PluginScriptsError extends SwitchboardError {
  declare readonly code: PluginScriptsErrorCode;
  constructor(code: PluginScriptsErrorCode, message: string, options: { owner?: string; cause?: unknown } = {}) {
    super(code, message, options);
  }
}
PluginScriptsError.prototype.name = 'PluginScriptsError';
