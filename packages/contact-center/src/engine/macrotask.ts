/**
 * Runs `fn` after the I/O callbacks of this turn: `setImmediate` in Node (every frame read in
 * this turn joins the group commit), a 0 ms timer where there is none (browsers, jsdom).
 * Looked up on globalThis: this module is typed for browsers too.
 */
const immediate = (globalThis as { setImmediate?: (fn: () => void) => unknown }).setImmediate;

export const afterThisTurn: (fn: () => void) => void = immediate
  ? (fn) => void immediate(fn)
  : (fn) => void setTimeout(fn, 0);
