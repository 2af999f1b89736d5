import { SwitchboardError, type ErrorContext } from '@switchboard/actions';

/**
 * Stable codes of the contact center's errors: the same strings travel in the wire
 * protocol's error frames, in HTTP error bodies, and on the `ContactCenterError`s that the
 * clients reject with.
 */
export type ContactCenterErrorCode =
  /** A frame or request body that is not valid (malformed JSON, a missing or wrong field). */
  | 'CC_BAD_REQUEST'
  /** A frame whose `type` the server does not know. */
  | 'CC_UNKNOWN_TYPE'
  /** A frame, a request body or a message body over its size limit. */
  | 'CC_TOO_LARGE'
  /** No token, or a token that is invalid or expired. */
  | 'CC_UNAUTHORIZED'
  /** A valid caller acting on something that is not theirs, or an origin not allowed. */
  | 'CC_FORBIDDEN'
  | 'CC_NOT_FOUND'
  /** The operation does not fit the current state (accepting twice, writing to a closed channel…). */
  | 'CC_INVALID_STATE'
  /** Something with this identity exists already and cannot change (a plugin version deployed twice). */
  | 'CC_CONFLICT'
  | 'CC_RATE_LIMITED'
  /** The client is not connected (requests other than sendMessage are not queued). */
  | 'CC_DISCONNECTED'
  /** No answer within the request timeout. */
  | 'CC_TIMEOUT'
  /** The server failed (a database error); the operation did not happen. */
  | 'CC_INTERNAL'
  /**
   * A cluster instance cannot reach the engine right now (it is moving to another instance
   * after one died, or Redis is down); retry shortly. The operation did not happen, or (when
   * the engine died while carrying it out) a retry with the same idempotency key is safe.
   */
  | 'CC_UNAVAILABLE';

/** Every code, for validation and documentation. */
export const CONTACT_CENTER_ERROR_CODES: readonly ContactCenterErrorCode[] = [
  'CC_BAD_REQUEST',
  'CC_UNKNOWN_TYPE',
  'CC_TOO_LARGE',
  'CC_UNAUTHORIZED',
  'CC_FORBIDDEN',
  'CC_NOT_FOUND',
  'CC_INVALID_STATE',
  'CC_CONFLICT',
  'CC_RATE_LIMITED',
  'CC_DISCONNECTED',
  'CC_TIMEOUT',
  'CC_INTERNAL',
  'CC_UNAVAILABLE',
];

/**
 * An error of the contact center (server or client). Switch on `code`, not on the message.
 *
 * @example
 * try { await agent.acceptReservation(sid) }
 * catch (e) { if (isSwitchboardError(e, 'CC_INVALID_STATE')) showToast('Already taken'); else throw e }
 */
export class ContactCenterError extends SwitchboardError {
  declare readonly code: ContactCenterErrorCode;

  constructor(code: ContactCenterErrorCode, message: string, context: ErrorContext = {}) {
    super(code, message, context);
  }
}
ContactCenterError.prototype.name = 'ContactCenterError';

/** Is `value` one of the {@link ContactCenterErrorCode}s? */
export const isContactCenterErrorCode = (value: unknown): value is ContactCenterErrorCode =>
  (CONTACT_CENTER_ERROR_CODES as readonly unknown[]).includes(value);
