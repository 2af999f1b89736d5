/**
 * The widget's public types: its config, its state, its actions map and its plugins.
 */
import type { ActionsApi, ActionsScope, Disposable } from '@switchboard/actions';
import type {
  CallEngagement,
  CallInfo,
  CallMedia,
  CallMediaOptions,
  CallStarter,
  IceServerConfig,
  ChannelInfo,
  ChatMessage,
  ConnectionState,
  CustomerClient,
  Engagement,
  EngagementFormData,
  FetchLike,
  ReconnectOptions,
  WebSocketConstructor,
} from '@switchboard/contact-center';

/** An engagement as the page sees it: everything but the customer's token. */
export type EngagementInfo = Omit<Engagement, 'token'>;

/**
 * What the widget needs from a contact center: start an engagement, open its session. The
 * local contact center's `createCustomerClient()` is one; a test's fake or another backend
 * can be too.
 */
export type WebChatClient = Pick<CustomerClient, 'startEngagement' | 'session'>;

/**
 * What the widget needs to place calls: start one (`POST /api/voice/calls`) and open its
 * session. The local contact center's customer client is one.
 */
export type WebChatCallClient = CallStarter & Pick<CustomerClient, 'session'>;

/** A call as the page sees it: everything but the customer's token. */
export type CallEngagementInfo = Omit<CallEngagement, 'token'>;

/**
 * The "Call us" entry (`voice: true` for the defaults).
 *
 * @example
 * createWebChat({ serverUrl, voice: { description: 'Our agents answer 9–17.' } });
 */
export interface WebChatVoiceConfig {
  /** A sentence above the pre-call form. */
  description?: string;
  /** ICE servers for the audio (none are needed on 127.0.0.1). */
  iceServers?: IceServerConfig[];
  /** Another way to start calls (default: `config.client` when it can, else the local contact center's client). */
  client?: WebChatCallClient;
  /** Makes the call's media (default: `createCallMedia`, WebRTC); tests pass a fake. */
  createCallMedia?: (options: CallMediaOptions) => CallMedia;
}

/** Where the engagement is kept between page loads (`localStorage` by default). */
export type EngagementStore = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

/** One field of the pre-engagement form. */
export interface PreEngagementField {
  /** The key in `formData` (`name` and `friendlyName` become the customer's display name). */
  name: string;
  /** The visible label. */
  label: string;
  /** Default `text`. */
  type?: 'text' | 'email' | 'tel' | 'textarea';
  /** Default false. Required fields must be filled in (trimmed) for StartEngagement. */
  required?: boolean;
  placeholder?: string;
  /** The input's `autocomplete` token (default: `name` for a field named `name`). */
  autocomplete?: string;
}

/** The pre-engagement form. */
export interface PreEngagementConfig {
  /** A sentence above the fields. */
  description?: string;
  /** Default: `name` (required) and `question`. */
  fields?: PreEngagementField[];
  /** Default `Start chat`. */
  submitLabel?: string;
}

/** The texts the widget shows (for another language, or another tone). */
export interface WebChatStrings {
  title: string;
  openChat: string;
  closeChat: string;
  minimize: string;
  endChat: string;
  formDescription: string;
  submit: string;
  messageLabel: string;
  messagePlaceholder: string;
  send: string;
  /** Beside a message the contact center has not stored yet. */
  sending: string;
  you: string;
  agentTyping: string;
  connecting: string;
  reconnecting: string;
  disconnected: string;
  chatEnded: string;
  startNewChat: string;
  transcriptLabel: string;
  /** The "Call us" button and the call panel's title. */
  callUs: string;
  callFormDescription: string;
  /** The pre-call form's name field. */
  callName: string;
  startCall: string;
  callStarting: string;
  callCalling: string;
  callConnected: string;
  callOnHold: string;
  callEnded: string;
  mute: string;
  hangUp: string;
  dialPad: string;
  /** What the dial pad sent so far. */
  digitsSent: string;
  closeCall: string;
  callAgain: string;
  /** The call panel's close button while the call goes on. */
  hideCall: string;
}

/**
 * The configuration of {@link createWebChat}. Only `serverUrl` is required.
 *
 * @example
 * createWebChat({
 *   serverUrl: 'http://127.0.0.1:4100',
 *   preEngagementConfig: { fields: [{ name: 'name', label: 'Your name', required: true }] },
 * }).then((webchat) => webchat.init());
 */
export interface WebChatConfig {
  /** The contact center's HTTP origin, e.g. `http://127.0.0.1:4100`. */
  serverUrl: string;
  /** Render inside this element (inline) instead of a floating launcher and window. */
  container?: HTMLElement;
  /** Start with the chat window open (default: closed when floating, open in a container). */
  startOpen?: boolean;
  /** The localStorage key of the engagement (default `switchboard-webchat:<serverUrl>`). */
  storageKey?: string;
  /** Where the engagement is kept (default `localStorage`); `null`: not kept (no resume). */
  storage?: EngagementStore | null;
  preEngagementConfig?: PreEngagementConfig;
  /** Texts, merged over the English defaults. */
  strings?: Partial<WebChatStrings>;
  /** WebChat plugins to initialize (besides those registered globally). */
  plugins?: WebChatPlugin[];
  /** How long a plugin's `init` may take (default 10,000 ms). */
  pluginTimeoutMs?: number;
  /** How long "… is typing" stays after the agent's last keystroke (default 5,000 ms). */
  typingIndicatorMs?: number;
  /** The message input invokes SendTyping at most this often (default 2,000 ms). */
  typingThrottleMs?: number;
  /** A nonce for the injected `<style>` element (a CSP without `'unsafe-inline'` styles). */
  styleNonce?: string;
  /**
   * Use this Actions instance instead of a new one (the global `SwitchboardWebChat.Actions`
   * does this, so listeners added before `createWebChat` are kept).
   */
  actions?: ActionsApi<WebChatActions>;
  /** Another contact-center client (default: the local contact center's, for `serverUrl`). */
  client?: WebChatClient;
  /** For the default client: the WebSocket implementation (default `globalThis.WebSocket`). */
  WebSocket?: WebSocketConstructor;
  /** For the default client: the `fetch` (default `globalThis.fetch`). */
  fetch?: FetchLike;
  /** For the default client: reconnect backoff, or `false` to stay disconnected. */
  reconnect?: ReconnectOptions | false;
  /** A "Call us" entry beside the launcher (a voice call to an agent): `true` or its options. Default off. */
  voice?: boolean | WebChatVoiceConfig;
}

/**
 * Where the widget is: `form` (pre-engagement form), `starting` (the form was sent), `chat`
 * (an engagement is in progress, possibly resumed and connecting), `ended` (the agent
 * completed the task; the customer may start a new chat).
 */
export type WebChatPhase = 'form' | 'starting' | 'chat' | 'ended';

/**
 * Where the call is: `idle` (none), `starting` (StartCall sent), `calling` (ringing: waiting
 * for an agent), `connected`, `held` (an agent put the customer on hold), `ended`.
 */
export type WebChatCallPhase = 'idle' | 'starting' | 'calling' | 'connected' | 'held' | 'ended';

/** The call part of the state. */
export interface WebChatCallState {
  readonly phase: WebChatCallPhase;
  /** The call placed by StartCall. */
  readonly engagement: CallEngagementInfo | undefined;
  /** The call as the contact center last sent it. */
  readonly call: CallInfo | undefined;
  readonly muted: boolean;
  /** The digits sent with SendDTMFDigits on this call. */
  readonly digits: string;
  /** The last failure of the call (the microphone, the contact center). */
  readonly error: { readonly code: string; readonly message: string } | undefined;
}

/** The widget's state: what it renders, readable by pages and plugins. */
export interface WebChatState {
  /** Whether the chat window is open. */
  readonly visible: boolean;
  readonly phase: WebChatPhase;
  /** The current engagement (from StartEngagement or resumed after a reload). */
  readonly engagement: EngagementInfo | undefined;
  /** The engagement's channel, once the contact center sent it. */
  readonly channel: ChannelInfo | undefined;
  /** The transcript, in index order; each message once. */
  readonly messages: readonly ChatMessage[];
  /**
   * What the customer sent that the contact center has not stored yet, oldest first: shown as
   * sending, resent after a reconnect (and after a page reload). An entry leaves when its
   * message is stored (it is in `messages` then) or refused (`error` says why).
   */
  readonly outbox: readonly OutgoingMessage[];
  /** The message input's text (SetInputText). */
  readonly inputText: string;
  /** The agent's name while the agent is typing. */
  readonly agentTyping: string | undefined;
  /** The connection to the contact center (`reconnecting` after a drop). */
  readonly connection: ConnectionState;
  /** The last failure shown to the customer (cleared by the next successful step). */
  readonly error: { readonly code: string; readonly message: string } | undefined;
  /** The voice call (with `config.voice`). */
  readonly call: WebChatCallState;
}

/** A message on its way to the contact center. */
export interface OutgoingMessage {
  /** Its idempotency key (its `clientId` once stored). */
  readonly clientId: string;
  readonly body: string;
  /** When SendMessage queued it (ms since the epoch). */
  readonly queuedAt: number;
}

/** `channel` or `channelSid` names the channel (a payloadUpdate fills in the other one). */
export interface ChannelPayload {
  channelSid?: string;
  channel?: ChannelInfo;
}

/**
 * StartEngagement's payload: the pre-engagement form's data. Once the engagement started,
 * the payload also carries its `channelSid` (what `afterStartEngagement` listeners need).
 */
export interface StartEngagementPayload {
  formData: EngagementFormData;
  /** Set by StartEngagement once the engagement started. */
  channelSid?: string;
}

/** SendMessage's payload. */
export interface SendMessagePayload extends ChannelPayload {
  body: string;
  /** Idempotency key (default: a fresh one, set before the listeners run). */
  clientId?: string;
}

/** SetInputText's payload. */
export interface SetInputTextPayload extends ChannelPayload {
  body: string;
}

/** StartCall's payload: the pre-call form's data (`name`); `callSid` is set once the call started. */
export interface StartCallPayload {
  formData: EngagementFormData;
  /** Set by StartCall once the call started (for `afterStartCall` listeners). */
  callSid?: string;
}

/** The call actions' payload: `callSid` (filled in when left out) must be the current call. */
export interface CallPayload {
  callSid?: string;
}

/** SendDTMFDigits' payload. */
export interface SendDTMFDigitsPayload extends CallPayload {
  /** `0-9`, `*`, `#`, `w` (a pause). */
  digits: string;
}

/**
 * The native actions of the widget, the type map of `webchat.actions`.
 *
 * @example
 * webchat.actions.on('afterStartEngagement', async ({ formData, channelSid }) => {
 *   await webchat.actions.invokeAction('SendMessage', { channelSid, body: `Order ${formData.order}` });
 * });
 */
export interface WebChatActions {
  StartEngagement: { payload: StartEngagementPayload; result: EngagementInfo };
  RestartEngagement: { payload: undefined; result: void };
  ToggleChatVisibility: { payload: undefined; result: { visible: boolean } };
  MinimizeChat: { payload: undefined; result: void };
  SendMessage: { payload: SendMessagePayload; result: ChatMessage };
  SetInputText: { payload: SetInputTextPayload; result: void };
  SendTyping: { payload: ChannelPayload; result: void };
  /** Places a voice call (with `config.voice`). */
  StartCall: { payload: StartCallPayload; result: CallEngagementInfo };
  HangupCall: { payload: CallPayload | undefined; result: void };
  ToggleMute: { payload: CallPayload | undefined; result: { muted: boolean } };
  SendDTMFDigits: { payload: SendDTMFDigitsPayload; result: void };
}

/** What a plugin's `init` gets: the webchat, with actions and subscriptions owned by the plugin. */
export interface WebChatPluginApi {
  /** The plugin's name. */
  readonly name: string;
  /** `webchat.actions.scope(name)`: everything registered here is undone with the plugin. */
  readonly actions: ActionsScope<WebChatActions>;
  readonly config: Readonly<WebChatConfig>;
  getState(): WebChatState;
  /** Owned by the plugin too. */
  subscribe(listener: StateListener): Disposable;
  /** Aborted when the plugin is undone (its init failed, it was unregistered, the webchat destroyed). */
  readonly signal: AbortSignal;
}

/**
 * A WebChat plugin: a name and an `init`. A plugin that throws (or rejects, or times out) is
 * logged with its name and its registrations are undone; the widget runs on.
 *
 * @example
 * SwitchboardWebChat.plugins.register({
 *   name: 'greeting',
 *   init(webchat) {
 *     webchat.actions.on('afterStartEngagement', () => {
 *       const { channelSid } = webchat.getState().engagement!;
 *       return webchat.actions.invokeAction('SendMessage', { channelSid, body: 'Hello!' });
 *     });
 *   },
 * });
 */
export interface WebChatPlugin {
  readonly name: string;
  init(webchat: WebChatPluginApi): void | Promise<void>;
}

/** A plugin's outcome in one webchat. */
export interface WebChatPluginStatus {
  name: string;
  state: 'initializing' | 'initialized' | 'failed';
  error?: { code: string; message: string };
}

/** Called after every state change with the new and the previous state. */
export type StateListener = (state: WebChatState, previous: WebChatState) => void;

/** A webchat widget, from {@link createWebChat}. */
export interface WebChat {
  /** Its own Actions instance, typed by {@link WebChatActions}. */
  readonly actions: ActionsApi<WebChatActions>;
  readonly config: Readonly<WebChatConfig>;
  getState(): WebChatState;
  subscribe(listener: StateListener): Disposable;
  /** The plugins and how their `init` went. */
  readonly plugins: readonly WebChatPluginStatus[];
  /**
   * Renders the widget into the page (or `config.container`) and resumes a stored
   * engagement. Idempotent; resolves once rendered.
   */
  init(): Promise<void>;
  /**
   * Removes the widget, disconnects (without leaving the chat: a reload resumes it) and
   * undoes the native actions and every plugin.
   */
  destroy(): void;
}
