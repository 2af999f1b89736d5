import { SwitchboardError } from '@switchboard/actions';

/** Why creating a plugin failed: the stable codes of {@link CreatePluginError}. */
export type CreatePluginErrorCode =
  /** The name is not a valid npm package name or plugin name. */
  | 'INVALID_NAME'
  /** The target folder exists and is not empty (or is a file). */
  | 'TARGET_NOT_EMPTY'
  /** Writing the project failed; nothing was left behind. */
  | 'WRITE_FAILED';

/**
 * An error of `createPlugin`, with a stable `code` and a one-line message a person can act on.
 *
 * @example
 * try { await createPlugin({ name }) }
 * catch (e) { if (e instanceof CreatePluginError && e.code === 'TARGET_NOT_EMPTY') … }
 */
export class CreatePluginError extends SwitchboardError {
  declare readonly code: CreatePluginErrorCode;

  constructor(code: CreatePluginErrorCode, message: string, options: { cause?: unknown } = {}) {
    super(code, message, options);
  }
}
// Explicit: minifiers rename classes.
CreatePluginError.prototype.name = 'CreatePluginError';
