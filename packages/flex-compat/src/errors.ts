import { SwitchboardError } from '@switchboard/actions';

/** Flex's error categories (`FlexError`'s `type`). */
export enum ErrorType {
  ActionsFramework = 'ActionsFramework',
  Plugin = 'Plugin',
  SDK = 'SDK',
  Template = 'Template',
  Other = 'Other',
}

/** Flex's error severities. */
export enum ErrorSeverity {
  Normal = 'normal',
  Severe = 'severe',
}

/** What Flex's `FlexError` carries besides its message. */
export interface FlexErrorInfo {
  type?: ErrorType;
  severity?: ErrorSeverity;
  description?: string;
  context?: string;
  wrappedError?: unknown;
  plugin?: string;
}

/**
 * Flex's `FlexError`: an Error with a category, a context and the error it wraps. Plugins
 * throw it and pass it to `manager.reportErrorEvent`.
 */
export class FlexError extends Error {
  readonly info: FlexErrorInfo;
  readonly time: Date = new Date();
  constructor(message: string, info: FlexErrorInfo = {}) {
    super(message, info.wrappedError === undefined ? undefined : { cause: info.wrappedError });
    this.info = { type: ErrorType.Other, severity: ErrorSeverity.Normal, ...info };
  }
  get type(): ErrorType | undefined {
    return this.info.type;
  }
  get wrappedError(): unknown {
    return this.info.wrappedError;
  }
}
FlexError.prototype.name = 'FlexError';

/**
 * A Flex API with no local equivalent (voice until issue 13, a component the desktop has no
 * place for, an event the host does not have). Code `FLEX_UNSUPPORTED`; the message names the API.
 */
export class FlexUnsupportedError extends SwitchboardError {
  declare readonly code: 'FLEX_UNSUPPORTED';
  constructor(api: string, why: string, owner?: string) {
    super('FLEX_UNSUPPORTED', `@twilio/flex-ui ${api} is not supported on Switchboard: ${why}`, { owner });
  }
}
FlexUnsupportedError.prototype.name = 'FlexUnsupportedError';

/** Throws a {@link FlexUnsupportedError} naming `api`. */
export function unsupported(api: string, why: string, owner?: string): never {
  throw new FlexUnsupportedError(api, why, owner);
}

/** A module-level Flex API used when no Flex plugin of this bundle is loaded. Code `FLEX_NO_PLUGIN`. */
export class FlexNoPluginError extends SwitchboardError {
  declare readonly code: 'FLEX_NO_PLUGIN';
  constructor(api: string) {
    super(
      'FLEX_NO_PLUGIN',
      `@twilio/flex-ui ${api} was used outside a loaded Flex plugin: call it from the plugin's init(flex, manager) or later, after FlexPlugin.loadPlugin(...) registered the plugin`,
    );
  }
}
FlexNoPluginError.prototype.name = 'FlexNoPluginError';
