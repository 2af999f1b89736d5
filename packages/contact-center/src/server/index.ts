/**
 * @switchboard/contact-center/server (Node): the local contact center — HTTP API and
 * WebSocket on 127.0.0.1, routing, chat, SQLite persistence through Kysely.
 */
export { startContactCenter, DATABASE_FILE } from './startContactCenter';
export { DEFAULT_RATE_LIMIT } from '../gateway/RateLimiter';
export { createDatabase } from './database';
export { migrateToLatest, migrationProvider } from './migrations';
export { defaultLogger, silentLogger } from './logger';
export { defaultContentSecurityPolicy } from './securityHeaders';
export { ContactCenterError } from '../errors';

export type { ContactCenterOptions, ContactCenterServer } from './startContactCenter';
export type { VoiceOptions } from '../engine/calls/CallDesk';
export type {
  ContactCenterDatabase,
  DatabaseConfig,
  WorkersTable,
  TasksTable,
  ReservationsTable,
  ChannelsTable,
  MessagesTable,
} from './database';
export type { Logger } from './logger';
export type { Rate } from '../gateway/RateLimiter';
export type { RequestHook } from './httpApi';
export type { ContentSecurityPolicy } from './securityHeaders';
export type { ContactCenterErrorCode } from '../errors';
