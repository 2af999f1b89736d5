/**
 * Identifiers of the engine's objects: a two-letter prefix (`WK`, `WT`, `WR`, `CH`, `IM`, as
 * Flex's sids) and 32 hex digits. `crypto.randomUUID` is global in Node 20 and in browsers'
 * secure contexts; elsewhere the digits come from `getRandomValues`.
 */
const hex32 = (): string => {
  const c = globalThis.crypto;
  if (typeof c.randomUUID === 'function') return c.randomUUID().replace(/-/g, '');
  const bytes = c.getRandomValues(new Uint8Array(16));
  let out = '';
  for (const b of bytes) out += b.toString(16).padStart(2, '0');
  return out;
};

/** A new sid with `prefix`. */
export const newSid = (prefix: 'WK' | 'WT' | 'WR' | 'CH' | 'IM' | 'CA' | 'PC' | 'PR'): string => prefix + hex32();

/** A new customer identity (`customer-` and 12 hex digits). */
export const newCustomerIdentity = (): string => `customer-${hex32().slice(0, 12)}`;

/** A new phone registration's identity (`phone-` and 12 hex digits). */
export const newPhoneIdentity = (): string => `phone-${hex32().slice(0, 12)}`;
