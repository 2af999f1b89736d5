/**
 * Typed errors of the Actions framework. Every error has a stable `code` that callers can
 * switch on (error classes may be duplicated across bundles, codes never are).
 */

/** Where in an invocation a reported error was raised. */
export type ErrorPhase = 'payloadUpdate' | 'before' | 'body' | 'after' | 'event';

/** Context carried by every {@link SwitchboardError}. */
export interface ErrorContext {
  /** The action involved, if any. */
  action?: string;
  /** The invocation step that failed, if any. */
  phase?: ErrorPhase;
  /** The owner (plugin or scope name) involved, if any. */
  owner?: string | undefined;
  /** The payload involved, if any. */
  payload?: unknown;
  /** The thrown value this error wraps, if any. */
  cause?: unknown;
}

const BRAND = Symbol.for('switchboard.error');

/**
 * Base class of every error Switchboard raises. Other packages (host, contact center)
 * extend it with their own codes.
 *
 * @example
 * try { await actions.invokeAction('AcceptTask', { sid }) }
 * catch (e) { if (isSwitchboardError(e, 'ACTION_ABORTED')) return; throw e }
 */
export class SwitchboardError extends Error {
  declare readonly code: string;
  declare readonly action: string | undefined;
  declare readonly phase: ErrorPhase | undefined;
  declare readonly owner: string | undefined;
  declare readonly payload: unknown;

  constructor(code: string, message: string, context?: ErrorContext) {
    super(message, context);
    this.code = code;
    Object.assign(this, context);
  }
}

/** Sets the names of error classes (minifiers rename classes, so names are explicit). */
const named = (classes: Record<string, { prototype: Error }>): void => {
  for (const name in classes) classes[name]!.prototype.name = name;
};

/** `invokeAction` was called with a name that has no registered function. */
export class ActionNotFoundError extends SwitchboardError {
  declare readonly code: 'ACTION_NOT_FOUND';
  constructor(action: string, payload?: unknown) {
    super('ACTION_NOT_FOUND', `Action "${action}" is not registered`, { action, payload });
  }
}

/** An invocation of the same action with a matching payload is still running. */
export class ActionPendingError extends SwitchboardError {
  declare readonly code: 'ACTION_PENDING';
  constructor(action: string, payload: unknown) {
    super('ACTION_PENDING', `Action "${action}" is already running for this payload`, { action, payload });
  }
}

/** The action is blocked for a pattern that matches the payload. */
export class ActionBlockedError extends SwitchboardError {
  declare readonly code: 'ACTION_BLOCKED';
  /** The block pattern that matched. */
  declare readonly pattern: unknown;
  constructor(action: string, payload: unknown, pattern: unknown) {
    super('ACTION_BLOCKED', `Action "${action}" is blocked`, { action, payload, pattern } as ErrorContext);
  }
}

/** A before listener called `abort()`. `owner` names the listener's owner when it has one. */
export class ActionAbortedError extends SwitchboardError {
  declare readonly code: 'ACTION_ABORTED';
  constructor(action: string, payload: unknown, owner?: string) {
    super('ACTION_ABORTED', `Action "${action}" was aborted by a before listener${owner ? ` of "${owner}"` : ''}`, {
      action,
      payload,
      phase: 'before',
      owner,
    });
  }
}

/** The body, a replacement or `payloadUpdate` threw a value that is not an Error. */
export class ActionFailedError extends SwitchboardError {
  declare readonly code: 'ACTION_FAILED';
  constructor(action: string, phase: ErrorPhase, cause: unknown, payload?: unknown) {
    super('ACTION_FAILED', `Action "${action}" failed in ${phase}: ${String(cause)}`, {
      action,
      phase,
      cause,
      payload,
    });
  }
}

/** A method was called with arguments of the wrong shape (the message names the culprit). */
export class InvalidArgumentError extends SwitchboardError {
  declare readonly code: 'INVALID_ARGUMENT';
  constructor(message: string) {
    super('INVALID_ARGUMENT', message);
  }
}

named({
  SwitchboardError,
  ActionNotFoundError,
  ActionPendingError,
  ActionBlockedError,
  ActionAbortedError,
  ActionFailedError,
  InvalidArgumentError,
});
(SwitchboardError.prototype as unknown as Record<symbol, boolean>)[BRAND] = true;

/** The stable codes raised by `@switchboard/actions`. */
export type ActionsErrorCode =
  'ACTION_NOT_FOUND' | 'ACTION_PENDING' | 'ACTION_BLOCKED' | 'ACTION_ABORTED' | 'ACTION_FAILED' | 'INVALID_ARGUMENT';

/** Is `value` an Error (including one from another realm, such as an iframe)? */
export const isError = (value: unknown): value is Error =>
  value instanceof Error || Object.prototype.toString.call(value) === '[object Error]';

/**
 * True when `error` is a Switchboard error (optionally of the given code). Uses a
 * registered symbol, so it works across bundle copies, where `instanceof` would not.
 */
export const isSwitchboardError = (error: unknown, code?: string): error is SwitchboardError =>
  isError(error) &&
  (error as unknown as Record<symbol, unknown>)[BRAND] === true &&
  (code === undefined || (error as SwitchboardError).code === code);
