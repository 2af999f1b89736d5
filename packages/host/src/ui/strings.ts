/**
 * The desktop's strings: one catalogue of templates by key (Flex-style keys), a locale, and
 * overrides by plugins, each undone on its own (in any order) and when its plugin unloads.
 */
import { toDisposable, type Disposable, type OwnerRef } from '@switchboard/actions';
import type { StringCatalogue, StringsApi, TemplateContext } from '@switchboard/plugin';
import { InvalidArgumentError, ListenerList } from '@switchboard/actions';
import { owned } from './owned';
import { renderTemplate } from './template';

/**
 * The agent desktop's texts in English, by key. Values are templates over their context
 * (`{{task.customerName}}`). Plugins override keys with `api.strings.override`.
 */
export const DESKTOP_STRINGS = Object.freeze({
  // The shell
  AppTitle: 'Switchboard',
  AgentDesktopView: 'Agent Desktop',
  SideNavLabel: 'Views',
  SideNavToggle: 'Toggle the side navigation',
  ViewNotAvailable: 'The view "{{viewName}}" is not available (yet): its plugin may still be loading.',
  NotificationsLabel: 'Notifications',
  NotificationDismiss: 'Dismiss',
  ActionFailed: '{{action}} failed: {{message}}',
  ConnectionConnecting: 'Connecting to the contact center…',
  ConnectionReconnecting: 'Connection to the contact center lost: reconnecting…',
  ConnectionClosed: 'Disconnected from the contact center.',
  SidePanelLabel: 'Side panel',
  SelectedTaskLabel: 'Selected task',
  PluginsTitle: 'Plugins',
  // The header
  ActivityLabel: 'Activity',
  EnableNotifications: 'Enable notifications',
  LogOut: 'Sign out',
  // Sign in
  SignInTitle: 'Sign in to the agent desktop',
  SignInLoadingAgents: 'Loading agents…',
  SignInAgentsLabel: 'Agents',
  SignInNoAnswer: 'The contact center at {{serverUrl}} did not answer ({{error}}).',
  SignInIdentity: 'Agent',
  SignInPassword: 'Password',
  SignInSubmit: 'Sign in',
  SignInSigningIn: 'Signing in…',
  SignInWithProvider: 'Sign in with {{name}}',
  SignInDevLabel: 'Local development sign-in: anyone can sign in as any agent. Off on a network and with PostgreSQL.',
  // The Teams view (supervisors)
  TeamsView: 'Teams',
  TeamsFilterActivity: 'Filter by activity',
  TeamsFilterAllActivities: 'All activities',
  TeamsFilterSearch: 'Search agents by name',
  WorkersTableCaption: 'Agents',
  WorkersColumnAgent: 'Agent',
  WorkersColumnActivity: 'Activity',
  WorkersColumnTasks: 'Tasks',
  WorkersNoTasks: 'No tasks',
  WorkersNoMatch: 'No agent matches the filters.',
  TeamActivityFor: '{{activity}} for {{duration}}',
  TeamChannelChat: 'Chat',
  TeamChannelVoice: 'Call',
  TeamTaskStatusPending: 'Offered',
  TeamTaskStatusAccepted: 'Active',
  TeamTaskStatusWrapping: 'Wrapping up',
  TeamTaskAge: 'for {{duration}}',
  TeamListen: 'Listen',
  TeamListenTo: "Listen to {{customerName}}'s call",
  TeamMonitor: 'Monitor',
  TeamMonitorChat: "Monitor {{customerName}}'s chat",
  QueuesTableCaption: 'Queues',
  QueuesColumnQueue: 'Queue',
  QueuesColumnWaiting: 'Waiting',
  QueuesColumnLongestWait: 'Longest wait',
  QueuesColumnReserved: 'Reserved',
  QueuesColumnAvailable: 'Available agents',
  QueuesColumnEligible: 'Eligible agents',
  QueuesColumnActive: 'Active tasks',
  QueuesNone: 'No queues.',
  MonitorPanelLabel: 'Monitoring',
  MonitoringReadOnly: 'Monitoring (read only)',
  MonitoringChatOf: "{{customerName}}'s chat with {{agentName}}",
  MonitoringCallOf: "Listening to {{customerName}}'s call with {{agentName}}",
  MonitoringNoAgent: 'no agent',
  StopListening: 'Stop listening',
  StopMonitoring: 'Stop monitoring',
  MonitoringCallEnded: 'The call has ended.',
  MonitoringAudioUnavailable: 'Audio is not available in this desktop.',
  MonitoringAudioError: 'No audio: {{message}}',
  MonitoringNoMessages: 'No messages yet.',
  // The task list
  TaskListTitle: 'Tasks',
  TaskListIncomingCount: '{{count}} incoming',
  NoTasks: 'No tasks. Set your activity to Available to receive chats.',
  TaskStatusPending: 'Incoming',
  TaskStatusAccepted: 'Active',
  TaskStatusWrapping: 'Wrapping up',
  TaskHeaderLine: '{{task.customerName}}',
  TaskAcceptChatFrom: 'Accept chat from {{task.customerName}}',
  TaskAcceptingChatFrom: 'Accepting chat from {{task.customerName}}',
  TaskRejectChatFrom: 'Reject chat from {{task.customerName}}',
  // The task canvas
  NoTaskSelected: 'No task selected',
  NoTaskSelectedHint: 'Incoming chats appear in the task list. Accept one to start.',
  Accept: 'Accept',
  Accepting: 'Accepting…',
  Reject: 'Reject',
  WrapUp: 'Wrap up',
  WrappingUp: 'Wrapping up…',
  Complete: 'Complete',
  Completing: 'Completing…',
  Transfer: 'Transfer',
  Transferring: 'Transferring…',
  NoAgentAvailable: 'No agent available',
  ChatTab: 'Chat',
  // The chat
  ChatWith: 'Chat with {{task.customerName}}',
  Transcript: 'Transcript',
  TypingIndicator: '{{name}} is typing…',
  ConversationEnded: 'The conversation has ended.',
  MessageTo: 'Message to {{task.customerName}}',
  InputPlaceholder: 'Write a message (Enter sends, Shift+Enter for a new line)',
  InputPlaceholderNotAccepted: 'Accept the task to reply',
  Send: 'Send',
  You: 'You',
  MessageSending: 'Sending…',
  ConversationLoading: 'Loading the conversation…',
  // A part of the desktop whose code loads on demand (the Teams view, the dialer's panel), until it has loaded
  ViewLoading: 'Loading…',
  // Calls: the call canvas
  CallCanvasLabel: 'Call with {{task.customerName}}',
  CallIncoming: 'Incoming call from {{caller}}',
  CallAcceptFrom: 'Accept call from {{caller}}',
  CallRejectFrom: 'Reject call from {{caller}}',
  CallStatus: 'Call status',
  CallStatusRinging: 'Ringing',
  CallStatusInProgress: 'In progress',
  CallStatusEnded: 'Call ended',
  CallStatusConnecting: 'Connecting the call…',
  CallDuration: 'Call duration',
  CallInbound: 'Call from {{from}}',
  CallOutbound: 'Call to {{to}}',
  CallParticipants: 'Participants',
  CallParticipantCustomer: 'Customer',
  CallParticipantAgent: 'Agent',
  CallParticipantSupervisor: 'Supervisor',
  CallParticipantPhone: 'Phone',
  CallParticipantYou: '{{name}} (you)',
  ParticipantRinging: 'Ringing',
  ParticipantJoined: 'Joined',
  ParticipantHeld: 'On hold',
  ParticipantLeft: 'Left',
  ParticipantMuted: 'Muted',
  ParticipantHold: 'Hold {{name}}',
  ParticipantUnhold: 'Resume {{name}}',
  ParticipantKick: 'Remove {{name}} from the call',
  CallControls: 'Call controls',
  CallMute: 'Mute',
  CallHold: 'Hold',
  CallHangup: 'Hang up',
  TransferCold: 'Cold',
  TransferWarm: 'Warm',
  CallTransferCold: 'Cold transfer to {{name}}',
  CallTransferWarm: 'Warm transfer to {{name}}',
  CallMediaFailed: 'Call audio: {{message}}',
  Dialpad: 'Dial pad',
  DialpadKey: 'Send digit {{digit}}',
  DtmfReceived: 'Digits received: {{digits}}',
  // Calls: the outbound dialer
  OutboundDialer: 'Dialer',
  OutboundDialerLabel: 'Outbound dialer',
  OutboundNumber: 'Number to call',
  OutboundNumberHint: 'A + and 3 to 15 digits, e.g. +15551234',
  OutboundNumberInvalid: 'Enter a + and 3 to 15 digits.',
  OutboundCall: 'Call',
  OutboundCalling: 'Calling…',
} satisfies Record<string, string>);

/** A key of {@link DESKTOP_STRINGS}. */
export type DesktopStringKey = keyof typeof DESKTOP_STRINGS;

const checkCatalogue = (what: string, values: unknown): StringCatalogue => {
  if (values === null || typeof values !== 'object' || Array.isArray(values))
    throw new InvalidArgumentError(`${what}: expected an object of strings by key, got ${typeof values}`);
  for (const [key, value] of Object.entries(values)) {
    if (typeof value !== 'string')
      throw new InvalidArgumentError(`${what}: the value of "${key}" must be a string, got ${typeof value}`);
  }
  return Object.freeze({ ...(values as StringCatalogue) });
};

/**
 * Strings of their own (the English catalogue, overrides, a locale): for UI shown before any
 * host exists (a sign-in screen). A host has its own: `host.strings`.
 */
export function createStrings(): StringsApi {
  return new StringsRegistry();
}

/** The host's strings (`host.strings`): `StringsApi`, with overrides owned by whoever made them. */
export class StringsRegistry implements StringsApi {
  readonly #catalogues = new Map<string, StringCatalogue>([['en', DESKTOP_STRINGS]]);
  /** The overrides, oldest first: a later one wins. */
  #layers: Array<{ values: StringCatalogue; owner: string | undefined }> = [];
  #locale = 'en';
  #merged: StringCatalogue | undefined;
  readonly #listeners = new ListenerList<() => void>();
  readonly #onError: (error: unknown, owner: OwnerRef | undefined) => void;

  constructor(
    onError: (error: unknown, owner: OwnerRef | undefined) => void = (error) =>
      console.error('[host] a strings listener failed', error),
  ) {
    this.#onError = onError;
  }

  get locale(): string {
    return this.#locale;
  }

  all(): StringCatalogue {
    if (!this.#merged) {
      const merged: Record<string, string> = { ...DESKTOP_STRINGS };
      if (this.#locale !== 'en') Object.assign(merged, this.#catalogues.get(this.#locale));
      for (const layer of this.#layers) Object.assign(merged, layer.values);
      this.#merged = Object.freeze(merged);
    }
    return this.#merged;
  }

  template(key: string): string | undefined {
    const all = this.all();
    return Object.prototype.hasOwnProperty.call(all, key) ? all[key] : undefined;
  }

  get(key: string, context?: TemplateContext): string {
    const template = this.template(key);
    return template === undefined ? key : renderTemplate(template, context);
  }

  render(template: string, context?: TemplateContext): string {
    return renderTemplate(template, context);
  }

  override(values: StringCatalogue, owner?: OwnerRef): Disposable {
    const who = owner === undefined ? '' : ` (plugin "${owner.id}")`;
    const layer = { values: checkCatalogue(`strings.override${who}`, values), owner: owner?.id };
    this.#layers = [...this.#layers, layer];
    this.#changed();
    return owned(
      toDisposable(() => {
        this.#layers = this.#layers.filter((l) => l !== layer);
        this.#changed();
      }),
      owner,
    );
  }

  setLocale(locale: string, catalogue?: StringCatalogue): void {
    if (typeof locale !== 'string' || !locale)
      throw new InvalidArgumentError(`strings.setLocale: locale must be a non-empty string, got ${String(locale)}`);
    if (catalogue !== undefined) {
      const values = checkCatalogue(`strings.setLocale("${locale}")`, catalogue);
      this.#catalogues.set(locale, Object.freeze({ ...this.#catalogues.get(locale), ...values }));
    }
    this.#locale = locale;
    this.#changed();
  }

  subscribe(listener: () => void, owner?: OwnerRef): Disposable {
    return this.#listeners.add(listener, owner);
  }

  #changed(): void {
    this.#merged = undefined;
    this.#listeners.call([], (error, r) => this.#onError(error, r.owner));
  }
}
