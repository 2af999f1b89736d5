/**
 * The phone pages registered with the contact center (`POST /api/phones`): one registration per
 * number at a time; registering again replaces it (the older token stops working). Kept in
 * memory: after a restart a phone registers again (its client does so on its own).
 */
import { newPhoneIdentity } from '../ids';

export class PhoneDirectory {
  private readonly byNumber = new Map<string, string>();

  /** Registers `number`; returns the registration's identity (its token names it). */
  register(number: string): string {
    const identity = newPhoneIdentity();
    this.byNumber.set(number, identity);
    return identity;
  }

  /** Is `number` registered (some phone answers it)? */
  has(number: string): boolean {
    return this.byNumber.has(number);
  }

  /** Is `identity` the current registration of `number`? */
  isCurrent(number: string, identity: string): boolean {
    return this.byNumber.get(number) === identity;
  }
}
