import { SwitchboardError, type ErrorContext } from '@switchboard/actions';

/**
 * Stable codes of the widget's errors. Switch on them, not on messages: every message names
 * the action (or the call) and the problem.
 */
export type WebChatErrorCode =
  /** `createWebChat` got a config it cannot work with (no `serverUrl`, a bad field list, …). */
  | 'WEBCHAT_INVALID_CONFIG'
  /** An action's payload is not valid (an empty message, a missing required form field, …). */
  | 'WEBCHAT_INVALID_PAYLOAD'
  /** `SendMessage` / `SetInputText` / `SendTyping` without `channel` or `channelSid`. */
  | 'WEBCHAT_NO_CHANNEL'
  /** A `channelSid` that is not the engagement's channel. */
  | 'WEBCHAT_UNKNOWN_CHANNEL'
  /** A chat action while no engagement is in progress. */
  | 'WEBCHAT_NOT_ENGAGED'
  /** `StartEngagement` while an engagement is in progress (`RestartEngagement` first). */
  | 'WEBCHAT_ALREADY_ENGAGED'
  /** The agent completed the task: the channel is closed to new messages. */
  | 'WEBCHAT_CHAT_ENDED'
  /** `plugins.register` got something that is not a plugin (`{ name, init }`). */
  | 'WEBCHAT_INVALID_PLUGIN'
  /** A plugin's `init` threw, rejected or timed out (the plugin is isolated; the widget runs). */
  | 'WEBCHAT_PLUGIN_FAILED'
  /** A plugin with the same name is already initialized in this webchat. */
  | 'WEBCHAT_PLUGIN_DUPLICATE'
  /** A call action without voice (`config.voice` off, or a client that cannot start calls). */
  | 'WEBCHAT_VOICE_UNAVAILABLE'
  /** `StartCall` while a call is in progress. */
  | 'WEBCHAT_ALREADY_IN_CALL'
  /** A call action while no call is in progress, or with another call's `callSid`. */
  | 'WEBCHAT_NO_CALL'
  /** The webchat was destroyed. */
  | 'WEBCHAT_DESTROYED';

/**
 * An error of the webchat widget. Errors of the contact center (network, rate limits, …)
 * reach callers as the contact center's own `ContactCenterError`s (`CC_…` codes).
 *
 * @example
 * webchat.actions.invokeAction('SendMessage', { body: 'hi' }).catch((e) => {
 *   if (isSwitchboardError(e, 'WEBCHAT_NO_CHANNEL')) console.warn(e.message);
 * });
 */
export class WebChatError extends SwitchboardError {
  declare readonly code: WebChatErrorCode;

  constructor(code: WebChatErrorCode, message: string, context: ErrorContext = {}) {
    super(code, message, context);
  }
}
// Minifiers rename classes: the name is set explicitly.
WebChatError.prototype.name = 'WebChatError';
