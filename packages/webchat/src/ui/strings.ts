import type { PreEngagementField, WebChatStrings } from '../types';

/** The English texts; `config.strings` is merged over them. */
export const DEFAULT_STRINGS: WebChatStrings = {
  title: 'Chat with us',
  openChat: 'Chat with us',
  closeChat: 'Close chat',
  minimize: 'Minimize chat',
  endChat: 'End chat',
  formDescription: 'Tell us who you are and how we can help. An agent will answer shortly.',
  submit: 'Start chat',
  messageLabel: 'Message',
  messagePlaceholder: 'Type a message…',
  send: 'Send',
  sending: 'Sending…',
  you: 'You',
  agentTyping: '{name} is typing…',
  connecting: 'Connecting…',
  reconnecting: 'Connection lost. Reconnecting…',
  disconnected: 'Disconnected from the chat.',
  chatEnded: 'This chat has ended.',
  startNewChat: 'Start a new chat',
  transcriptLabel: 'Conversation',
  callUs: 'Call us',
  callFormDescription:
    'Tell us your name and we will put you through to an agent. Your browser will ask for the microphone.',
  callName: 'Your name',
  startCall: 'Call',
  callStarting: 'Placing the call…',
  callCalling: 'Calling… an agent will answer shortly.',
  callConnected: 'Connected',
  callOnHold: 'On hold',
  callEnded: 'Call ended',
  mute: 'Mute',
  hangUp: 'Hang up',
  dialPad: 'Dial pad',
  digitsSent: 'Sent: {digits}',
  closeCall: 'Close',
  callAgain: 'Call again',
  hideCall: 'Hide call panel',
};

/** The default pre-engagement form: a name (required) and a question. */
export const DEFAULT_FIELDS: readonly PreEngagementField[] = [
  { name: 'name', label: 'Your name', required: true, autocomplete: 'name' },
  { name: 'question', label: 'How can we help?', type: 'textarea' },
];
