import type { Logger } from '@switchboard/plugin';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/** One log record. `source` is `host` or a plugin's name. */
export interface LogEntry {
  level: LogLevel;
  source: string;
  message: string;
  details: unknown[];
  time: number;
}

const RANK: Record<LogLevel, number> = { debug: 0, info: 1, warn: 2, error: 3 };

/** The host's logger: plugins get one with their name as `source`. */
export interface HostLogger extends Logger {
  /** A logger for another source (a plugin), writing to the same sinks. */
  child(source: string): Logger;
}

/**
 * Creates a logger that passes every entry to `onEntry` and writes entries at or above
 * `consoleLevel` to the console, prefixed with their source.
 */
export function createLogger(
  onEntry: (entry: LogEntry) => void,
  consoleLevel: LogLevel | 'silent' = 'warn',
): HostLogger {
  const make = (source: string): Logger => {
    const log =
      (level: LogLevel) =>
      (message: string, ...details: unknown[]): void => {
        onEntry({ level, source, message, details, time: Date.now() });
        if (consoleLevel !== 'silent' && RANK[level] >= RANK[consoleLevel]) {
          console[level](`[${source}] ${message}`, ...details);
        }
      };
    return { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') };
  };
  return { ...make('host'), child: make };
}
