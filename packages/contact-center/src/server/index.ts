/**
 * @switchboard/contact-center/server (Node): the local contact center — HTTP API and
 * WebSocket on 127.0.0.1, routing, chat, persistence through Kysely (SQLite by default, or
 * PostgreSQL).
 */
export { startContactCenter, DATABASE_FILE } from './startContactCenter';
export { DEFAULT_SIGN_IN_FAILURES, devSignIn } from './devSignIn';
export { setAgentPassword, checkAgentPassword, listAgentAccounts } from './credentials';
export { AgentSessions, revokeAgentSessions } from './AgentSessions';
export {
  hashPassword,
  verifyPassword,
  checkPasswordLength,
  MIN_PASSWORD_LENGTH,
  MAX_PASSWORD_LENGTH,
} from './passwords';
export { clientAddress, CLUSTER_HEADER } from './httpKit';
export { DEFAULT_RATE_LIMIT } from '../gateway/RateLimiter';
export { createDatabase, openDatabase, parseDatabaseUrl } from './database';
export { DatabaseError, describePostgresUrl } from './databaseErrors';
export { OidcError } from './oidc';
export { migrateToLatest, migrationProvider } from './migrations';
export { defaultLogger, silentLogger } from './logger';
export { defaultContentSecurityPolicy } from './securityHeaders';
export { ContactCenterError } from '../errors';
export { startBalancer } from '../cluster/Balancer';
export { ROUTING_FILE, readRoutingFile } from './routingFile';
export {
  compileRouting,
  DEFAULT_ROUTING_CONFIG,
  EVERYONE_QUEUE_SID,
  queueSidOf,
  routingConfigSchema,
} from '../engine/routing/RoutingConfig';
export { compileExpression, ExpressionError } from '../engine/routing/expression';
export { Registry, AUTOMATIC_ROLLBACK_BY, bundleUrl } from '../registry/Registry';
export { MemoryRegistryRepository } from '../registry/MemoryRegistryRepository';
export { SqliteRegistryRepository } from './SqliteRegistryRepository';
export { cohortBucket, isInTarget } from '../registry/cohort';
export { diffConfigurations } from '../registry/diff';

export type { ContactCenterOptions, ContactCenterServer } from './startContactCenter';
export type { AuthOptions } from './devSignIn';
export type { AgentAccount, SetAgentPasswordOptions } from './credentials';
export type { AgentSessionsOptions, IssuedSession } from './AgentSessions';
export type { AuthInfo } from './authApi';
export type { VoiceOptions } from '../engine/calls/CallDesk';
export type {
  ContactCenterDatabase,
  DatabaseConfig,
  WorkersTable,
  TasksTable,
  ReservationsTable,
  ChannelsTable,
  MessagesTable,
  RegistryBundlesTable,
  RegistryPluginsTable,
  RegistryVersionsTable,
  RegistryConfigurationsTable,
  RegistryReleasesTable,
  RegistryHealthTable,
  CredentialsTable,
  SessionsTable,
  SecretsTable,
} from './database';
export type {
  DeployVersion,
  NewConfiguration,
  NewRelease,
  RegistryEvents,
  RegistryOptions,
} from '../registry/Registry';
export type { BundleRecord, HealthRecord, PluginRecord, RegistryRepository } from '../registry/RegistryRepository';
export type { Logger } from './logger';
export type { ClusterOptions, ClusterStatus } from '../cluster/ClusterNode';
export type { LeaderAnnouncement } from '../cluster/wire';
export type { Balancer, BalancerOptions } from '../cluster/Balancer';
export type { Rate } from '../gateway/RateLimiter';
export type { RequestHook } from './httpApi';
export type { ContentSecurityPolicy } from './securityHeaders';
export type { ContactCenterErrorCode } from '../errors';
export type { DatabaseErrorCode } from './databaseErrors';
export type { OidcErrorCode, OidcOptions } from './oidc';
export type { CompiledRouting, RoutingConfig } from '../engine/routing/RoutingConfig';
export type { Predicate, Scope } from '../engine/routing/expression';
