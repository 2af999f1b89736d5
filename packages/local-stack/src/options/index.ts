/**
 * @switchboard/local-stack/options (Node): the light part of the local stack, without the
 * server — the command-line flags every way of running the stack shares, and `packageRoot`.
 * CLIs import it at start-up and load the stack itself only when they start it.
 */
export {
  addLocalStackOptions,
  adminsArg,
  agentsArg,
  databaseArg,
  integerArg,
  supervisorsArg,
  AGENT_IDENTITY,
  DATABASE_URL_ENV,
} from './flags';
export { interruptions } from './interruptions';
export { packageRoot } from './packageRoot';

export type { LocalStackFlags, LocalStackFlagDefaults } from './flags';
export type { Interruptions } from './interruptions';
