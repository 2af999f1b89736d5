/** What the server logs to: `console` fits, and so does the host's logger. */
export interface Logger {
  debug(message: string, ...details: unknown[]): void;
  info(message: string, ...details: unknown[]): void;
  warn(message: string, ...details: unknown[]): void;
  error(message: string, ...details: unknown[]): void;
}

/** The default: warnings and errors to the console, the rest nowhere. */
export const defaultLogger: Logger = {
  debug: () => {},
  info: () => {},
  warn: (message, ...details) => console.warn(`[contact-center] ${message}`, ...details),
  error: (message, ...details) => console.error(`[contact-center] ${message}`, ...details),
};

/** A logger that drops everything (tests, benchmarks). */
export const silentLogger: Logger = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };
