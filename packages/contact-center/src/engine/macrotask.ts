/**
 * Runs `fn` after the I/O callbacks of this turn: `setImmediate` in Node (every frame read in
 * this turn joins the group commit), a 0 ms timer where there is none (browsers, jsdom).
 */
export const afterThisTurn: (fn: () => void) => void =
  typeof setImmediate === 'function' ? (fn) => void setImmediate(fn) : (fn) => void setTimeout(fn, 0);
