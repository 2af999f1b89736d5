/**
 * @switchboard/webchat: the customer chat widget, with its own Actions instance. In a page:
 * `dist/webchat.js` and `SwitchboardWebChat.createWebChat(config)`; with a bundler, this
 * module.
 */
export { createWebChat } from './createWebChat';
export { callPhaseOf } from './CallController';
export { WebChatError } from './errors';
export { defaultStorageKey } from './EngagementStorage';
export { installGlobal } from './installGlobal';
export { loadPluginScripts } from './loadPluginScripts';
export { PluginRegistry, webChatPlugins } from './PluginRegistry';
export { VERSION } from './version';

export type { WebChatErrorCode } from './errors';
export type { SwitchboardWebChatGlobal } from './installGlobal';
export type { LoadPluginScriptsOptions, PluginScriptResult } from './loadPluginScripts';
export type {
  CallEngagementInfo,
  CallPayload,
  SendDTMFDigitsPayload,
  StartCallPayload,
  WebChatCallClient,
  WebChatCallPhase,
  WebChatCallState,
  WebChatVoiceConfig,
  ChannelPayload,
  EngagementInfo,
  EngagementStore,
  PreEngagementConfig,
  PreEngagementField,
  SendMessagePayload,
  SetInputTextPayload,
  StartEngagementPayload,
  StateListener,
  WebChat,
  WebChatActions,
  WebChatClient,
  WebChatConfig,
  WebChatPhase,
  WebChatPlugin,
  WebChatPluginApi,
  WebChatPluginStatus,
  WebChatState,
  WebChatStrings,
} from './types';
