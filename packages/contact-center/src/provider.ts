/**
 * The interfaces the host and the webchat widget talk to. The local contact center's
 * clients implement them over WebSocket; a cloud backend, or a test's fake, can implement
 * them too, and the host's native actions work unchanged.
 */
import type { Disposable } from '@switchboard/actions';
import type {
  Activity,
  AgentSnapshot,
  ChannelInfo,
  ChatMessage,
  CustomerSnapshot,
  Engagement,
  EngagementFormData,
  QueueInfo,
  ReservationInfo,
  TaskInfo,
  TypingEvent,
  WorkerInfo,
} from './types';
import type {
  CallDtmf,
  CallInfo,
  CallSignal,
  CallEngagement,
  PhoneSnapshot,
  QueueStats,
  SignalData,
  SupervisorView,
  TeamMember,
} from './voice';

/**
 * The state of a client's connection. `reconnecting`: the connection dropped and the client
 * is trying again (with backoff); when it is back, a fresh snapshot is emitted.
 */
export type ConnectionState = 'idle' | 'connecting' | 'connected' | 'reconnecting' | 'closed';

/** Events of an agent's connection. */
export interface AgentEvents {
  connectionStateChanged: (state: ConnectionState) => void;
  /** After every (re)connect: the whole view (replaces what the client had). */
  snapshot: (snapshot: AgentSnapshot) => void;
  /** A worker changed (its activity, usually); this worker or another. */
  workerUpdated: (worker: WorkerInfo) => void;
  /** One of this worker's reservations was created or changed. */
  reservationUpdated: (reservation: ReservationInfo) => void;
  /** A task this worker holds (or held) a reservation for changed. */
  taskUpdated: (task: TaskInfo) => void;
  channelUpdated: (channel: ChannelInfo) => void;
  /** A message was committed in a channel this worker can read. */
  messageAdded: (message: ChatMessage) => void;
  /** Someone else is typing in a channel this worker can read. */
  typing: (event: TypingEvent) => void;
  /** A call this worker is on, is offered or monitors changed (participants, states, ended). */
  callUpdated: (call: CallInfo) => void;
  /** A WebRTC signal for this worker's side of a call (the media layer consumes it). */
  callSignal: (signal: CallSignal) => void;
  /** Someone on a call of this worker's sent digits. */
  callDtmf: (dtmf: CallDtmf) => void;
  /** Every queue's live figures. */
  queueStatsUpdated: (stats: QueueStats[]) => void;
  /** Supervisors: everyone's tasks. */
  teamUpdated: (team: TeamMember[]) => void;
  /**
   * A plugin release went live or was rolled back (sent to every connected agent): the
   * desktop refetches its active release (`GET /api/registry/active`): the change may or may
   * not concern its agent. `releaseSid` is the release that went live or was rolled back.
   */
  releaseChanged: (event: { releaseSid: string | null }) => void;
}

/** Parameters of {@link VoiceOperations.startOutboundCall} (Flex's StartOutboundCall payload). */
export interface OutboundCallParams {
  /** The number to call: `+` and 3–15 digits. */
  destination: string;
  /** The number the called phone sees (default: the contact center's). */
  callerId?: string;
  /** The queue the task is counted in (default: the workflow's default queue). */
  queueSid?: string;
  /** Attributes of the new task (merged over `{ direction: 'outbound', to, from }`). */
  taskAttributes?: Record<string, unknown>;
}

/** A transfer's kind: COLD hands the task on at once; WARM (calls) keeps the agent on until they hang up. */
export type TransferMode = 'COLD' | 'WARM';

/**
 * An agent's voice operations on its calls. Every method rejects with a ContactCenterError
 * (`CC_NOT_FOUND` for an unknown call or participant, `CC_FORBIDDEN` for a call that is not
 * the agent's, `CC_INVALID_STATE` for one that ended).
 */
export interface VoiceOperations {
  startOutboundCall(params: OutboundCallParams): Promise<{ task: TaskInfo; call: CallInfo }>;
  holdParticipant(callSid: string, participantId: string): Promise<CallInfo>;
  unholdParticipant(callSid: string, participantId: string): Promise<CallInfo>;
  kickParticipant(callSid: string, participantId: string): Promise<CallInfo>;
  /** This agent leaves; with no agent left the call ends for all and the task goes to wrapping. */
  hangupCall(callSid: string): Promise<CallInfo>;
  endConference(callSid: string): Promise<CallInfo>;
  setMuted(callSid: string, muted: boolean): Promise<CallInfo>;
  sendDtmf(callSid: string, digits: string): Promise<void>;
  /** Relays a WebRTC signal to another participant (fire and forget). */
  signal(callSid: string, to: string, data: SignalData): void;
}

/** A supervisor's operations; an agent's are refused with CC_FORBIDDEN. */
export interface SupervisorOperations {
  /** Listen in on a call (receive only), or read a chat (read only). */
  monitorTask(taskSid: string): Promise<{ task: TaskInfo; call: CallInfo | null }>;
  stopMonitoringTask(taskSid: string): Promise<void>;
  getSupervisorView(): Promise<SupervisorView>;
}

/** Options of {@link ContactCenterProvider.sendMessage}. */
export interface SendMessageOptions {
  /** Idempotency key (default: a fresh one); a resend with the same key is not duplicated. */
  clientId?: string;
}

/**
 * An activity, by name (`'Busy'`), or by the sid or name of the activity list
 * (`{ activitySid: 'WA…' }`, `{ activityName: 'Busy' }`).
 */
export type ActivityRef = Activity | { activitySid: string } | { activityName: string };

/** Options of `setTaskAttributes` and `setWorkerAttributes`. */
export interface SetAttributesOptions {
  /**
   * Merge the new attributes into the stored ones, deeply (objects key by key; arrays and other
   * values replace), instead of replacing them all. Default false.
   */
  mergeExisting?: boolean;
}

/**
 * An agent's connection to a contact center: what the host's native actions call.
 * Every method rejects with a `ContactCenterError` (a SwitchboardError) whose `code` says why:
 * `CC_FORBIDDEN`, `CC_NOT_FOUND`, `CC_INVALID_STATE`, `CC_BAD_REQUEST`, `CC_RATE_LIMITED`,
 * `CC_DISCONNECTED`, `CC_UNAUTHORIZED`, ….
 */
export interface ContactCenterProvider {
  readonly connectionState: ConnectionState;
  /** This worker, once connected. */
  readonly worker: WorkerInfo | undefined;
  /** Connects (and keeps reconnecting until `disconnect`); resolves with the first snapshot. */
  connect(): Promise<AgentSnapshot>;
  /** Closes the connection for good. */
  disconnect(): void;
  on<K extends keyof AgentEvents>(event: K, listener: AgentEvents[K]): Disposable;

  /** Sets this worker's activity; CC_NOT_FOUND for a sid or name not in the activity list. */
  setActivity(activity: ActivityRef): Promise<WorkerInfo>;
  /**
   * Sets this worker's attributes (replaced, or merged with `mergeExisting`); every agent hears
   * `workerUpdated`. `full_name`, when a non-empty string, renames the worker; it cannot be removed.
   */
  setWorkerAttributes(attributes: Record<string, unknown>, options?: SetAttributesOptions): Promise<WorkerInfo>;
  /**
   * Sets the attributes of a task this worker holds a reservation for (pending, accepted or
   * wrapping), replaced or merged; every worker holding the task hears `taskUpdated`.
   */
  setTaskAttributes(
    taskSid: string,
    attributes: Record<string, unknown>,
    options?: SetAttributesOptions,
  ): Promise<TaskInfo>;
  acceptReservation(reservationSid: string): Promise<ReservationInfo>;
  rejectReservation(reservationSid: string): Promise<ReservationInfo>;
  /**
   * Hands an assigned task to another (Available) worker, who gets a new reservation, or to a
   * queue (`WQ…`, from `listQueues`): the task goes back to routing (to someone else while there is one).
   * A call's transfer is COLD by default (this agent leaves the call at once); WARM keeps this
   * agent on the call with the customer and the new agent until this agent hangs up.
   */
  transferTask(taskSid: string, toWorkerSid: string, options?: { mode?: TransferMode }): Promise<TaskInfo>;
  wrapupTask(taskSid: string): Promise<TaskInfo>;
  completeTask(taskSid: string): Promise<TaskInfo>;
  /** Resolves once the message is committed (acknowledged by the server). */
  sendMessage(channelSid: string, body: string, options?: SendMessageOptions): Promise<ChatMessage>;
  /** Tells the channel's other members this worker is typing (fire and forget). */
  sendTyping(channelSid: string): void;
  /** A channel's messages, in index order (those after `afterIndex`, when given). */
  getMessages(channelSid: string, options?: { afterIndex?: number }): Promise<ChatMessage[]>;
  /** Every worker, with its activity (the directory's agents). */
  listWorkers(): Promise<WorkerInfo[]>;
  /** The queues (the directory's queues: transfer targets). */
  listQueues(): Promise<QueueInfo[]>;
  /** Sets this worker Offline and closes the connection. */
  logout(): Promise<void>;
  /** Every queue's live figures (when the contact center has queues). */
  getQueueStats?(): Promise<QueueStats[]>;
  /** Voice calls, when the contact center has them (the local one does). */
  readonly voice?: VoiceOperations;
  /** Supervision, when the contact center has it; refused for agents. */
  readonly supervision?: SupervisorOperations;
}

/** Events of a customer's connection. */
export interface CustomerEvents {
  connectionStateChanged: (state: ConnectionState) => void;
  /** After every (re)connect: the channel, its task and every message. */
  snapshot: (snapshot: CustomerSnapshot) => void;
  messageAdded: (message: ChatMessage) => void;
  /** An agent is typing. */
  typing: (event: TypingEvent) => void;
  /** The channel changed: `closed` when the agent completed the task (the chat ended). */
  channelUpdated: (channel: ChannelInfo) => void;
  /** A voice engagement's call changed (an agent answered, held, hung up…). */
  callUpdated: (call: CallInfo) => void;
  callSignal: (signal: CallSignal) => void;
  callDtmf: (dtmf: CallDtmf) => void;
}

/** A customer's side of one engagement: what the webchat widget talks to. */
export interface CustomerSession {
  readonly connectionState: ConnectionState;
  readonly engagement: Engagement;
  /** Connects (and keeps reconnecting until `disconnect`); resolves with the first snapshot. */
  connect(): Promise<CustomerSnapshot>;
  disconnect(): void;
  on<K extends keyof CustomerEvents>(event: K, listener: CustomerEvents[K]): Disposable;
  sendMessage(body: string, options?: SendMessageOptions): Promise<ChatMessage>;
  sendTyping(): void;
  getMessages(options?: { afterIndex?: number }): Promise<ChatMessage[]>;
  /** Leaves the channel: the engagement ends (its task is canceled if not yet completed); a call is hung up. */
  leave(): Promise<void>;
  /** On a voice engagement: relay a WebRTC signal, mute, send digits. */
  signal?(to: string, data: SignalData): void;
  setMuted?(muted: boolean): Promise<CallInfo>;
  sendDtmf?(digits: string): Promise<void>;
}

/** Starts calls: the "Call us" button's way in (`POST /api/voice/calls`). */
export interface CallStarter {
  /** The caller's name and form data in; a call, its task and a customer token out. */
  startCall(formData: EngagementFormData): Promise<CallEngagement>;
}

/** Events of a phone's connection. */
export interface PhoneEvents {
  connectionStateChanged: (state: ConnectionState) => void;
  snapshot: (snapshot: PhoneSnapshot) => void;
  /** A call to this number (ringing), or one it is on, changed. */
  callUpdated: (call: CallInfo) => void;
  callSignal: (signal: CallSignal) => void;
  callDtmf: (dtmf: CallDtmf) => void;
}

/** A phone page's registered number: receives outbound calls. */
export interface PhoneSession {
  readonly connectionState: ConnectionState;
  readonly number: string;
  connect(): Promise<PhoneSnapshot>;
  disconnect(): void;
  on<K extends keyof PhoneEvents>(event: K, listener: PhoneEvents[K]): Disposable;
  answerCall(callSid: string): Promise<CallInfo>;
  hangupCall(callSid: string): Promise<CallInfo>;
  signal(callSid: string, to: string, data: SignalData): void;
  setMuted(callSid: string, muted: boolean): Promise<CallInfo>;
  sendDtmf(callSid: string, digits: string): Promise<void>;
}

/** Starts engagements: the webchat's way in. */
export interface EngagementStarter {
  /** Pre-engagement form data in; a channel, a task and a customer token out. */
  startEngagement(formData: EngagementFormData): Promise<Engagement>;
}
