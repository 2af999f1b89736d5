import type { ContactCenterErrorCode } from '../errors';

const STATUS: Record<ContactCenterErrorCode, number> = {
  CC_BAD_REQUEST: 400,
  CC_UNKNOWN_TYPE: 400,
  CC_TOO_LARGE: 413,
  CC_UNAUTHORIZED: 401,
  CC_FORBIDDEN: 403,
  CC_NOT_FOUND: 404,
  CC_INVALID_STATE: 409,
  CC_CONFLICT: 409,
  CC_RATE_LIMITED: 429,
  CC_DISCONNECTED: 503,
  CC_TIMEOUT: 504,
  CC_INTERNAL: 500,
  CC_UNAVAILABLE: 503,
};

/** The HTTP status of an error code. */
export const httpStatus = (code: ContactCenterErrorCode): number => STATUS[code];
