/**
 * @switchboard/contact-center (browser-safe): the contact-center domain types, the provider
 * interfaces the host and the webchat talk to, the typed error, and the local contact
 * center's WebSocket clients. The server is in `@switchboard/contact-center/server`, the
 * customer simulator in `@switchboard/contact-center/simulator` (both Node only).
 */
export { ACTIVITIES, ACTIVITY_LIST, QUEUES, activitySid, defaultWorkerAttributes, findActivity } from './types';
export { attributesProblem, mergeAttributes, MAX_ATTRIBUTES_LENGTH } from './attributes';
export { ContactCenterError, CONTACT_CENTER_ERROR_CODES, isContactCenterErrorCode } from './errors';
export { SOCKET_PATH } from './protocol';
export { newClientId } from './client/MessageTracker';
export { createAgentClient } from './client/createAgentClient';
export { exchangeOidcCode, readOidcCode } from './client/oidcCode';
export { createCustomerClient } from './client/createCustomerClient';
export { createPhoneClient } from './client/createPhoneClient';
export { createCallMedia, makesOffer, planPeers } from './client/media';
export { createRegistryClient } from './registry/RegistryClient';
export { DEFAULT_THRESHOLDS, MAX_UPLOAD_BYTES } from './registry/types';

export type {
  Activity,
  ActivityInfo,
  QueueInfo,
  WorkerAttributes,
  AgentSnapshot,
  AuthorRole,
  ChannelInfo,
  ChannelStatus,
  ChannelType,
  ChatMessage,
  CustomerSnapshot,
  Engagement,
  EngagementFormData,
  ReservationInfo,
  ReservationStatus,
  TaskInfo,
  TaskStatus,
  TypingEvent,
  WorkerInfo,
} from './types';
export type {
  AgentEvents,
  ConnectionState,
  ContactCenterProvider,
  CustomerEvents,
  CustomerSession,
  EngagementStarter,
  SendMessageOptions,
  ActivityRef,
  SetAttributesOptions,
  CallStarter,
  OutboundCallParams,
  PhoneEvents,
  PhoneSession,
  SupervisorOperations,
  TransferMode,
  VoiceOperations,
} from './provider';
export type {
  CallDtmf,
  CallEngagement,
  CallInfo,
  CallParticipant,
  CallSignal,
  CallStatus,
  IceServerConfig,
  ParticipantKind,
  ParticipantState,
  PhoneRegistration,
  PhoneSnapshot,
  QueueStats,
  SignalData,
  SupervisorView,
  TeamMember,
  TeamTask,
  WorkerRole,
} from './voice';
export type { ContactCenterErrorCode } from './errors';
export type {
  AgentRequests,
  CustomerRequests,
  HttpErrorBody,
  PhoneRequests,
  PushEventName,
  PushEvents,
  RequestFrame,
  RequestId,
  RequestType,
  ServerFrame,
  SessionInfo,
} from './protocol';
export type { AgentClient, AgentClientOptions, AgentTokens } from './client/createAgentClient';
export type { CustomerClient, CustomerClientOptions } from './client/createCustomerClient';
export type { PhoneClientOptions } from './client/createPhoneClient';
export type { ReconnectOptions, WebSocketConstructor, WebSocketLike } from './client/RpcSocket';
export type { FetchLike } from './client/http';
export type {
  ActivePlugin,
  ActiveRelease,
  ConfigurationDiff,
  ConfigurationEntry,
  DiffChange,
  DiffSide,
  HealthReport,
  PluginDiff,
  PluginHealth,
  PluginHealthReport,
  PluginPermissions,
  RegistryConfiguration,
  RegistryPlugin,
  RegistryRelease,
  RegistryReleaseWithHealth,
  RegistryVersion,
  ReleaseStatus,
  ReportedPluginState,
  RolloutTarget,
  RolloutThresholds,
} from './registry/types';
export type {
  CreateConfigurationInput,
  CreateReleaseInput,
  DeployVersionInput,
  RegistryClient,
  RegistryClientOptions,
} from './registry/RegistryClient';
export type { CallAudioStats, CallMedia, CallMediaOptions, PeerAudioStats, PeerPlan } from './client/media';
