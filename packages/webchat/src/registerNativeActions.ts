import type { ActionsApi, Disposable } from '@switchboard/actions';
import { newClientId, type EngagementFormData } from '@switchboard/contact-center';
import type { EngagementController } from './EngagementController';
import { WebChatError } from './errors';
import type { WebChatStore } from './WebChatStore';
import type { ChannelPayload, WebChatActions } from './types';

type ChannelAction = 'SendMessage' | 'SetInputText' | 'SendTyping';

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;

/**
 * Registers the widget's native actions on `actions`, owned by `webchat`; disposing the
 * result unregisters them all.
 *
 * @param requiredFields the pre-engagement fields StartEngagement insists on
 */
export function registerNativeActions(
  actions: ActionsApi<WebChatActions>,
  store: WebChatStore,
  engagement: EngagementController,
  requiredFields: readonly string[],
): Disposable {
  const scope = actions.scope('webchat');

  /**
   * The payloadUpdate of the chat actions: `channel` or `channelSid` must name this
   * webchat's channel; the other one is filled in. It runs before any listener, so a
   * listener never sees a payload that names no channel.
   */
  const resolveChannel =
    (action: ChannelAction) =>
    <P extends ChannelPayload>(payload: P): P => {
      if (!isObject(payload)) {
        throw new WebChatError(
          'WEBCHAT_INVALID_PAYLOAD',
          `${action}: the payload must be an object with a channelSid`,
          {
            action,
            payload,
          },
        );
      }
      const channelSid = payload.channelSid ?? payload.channel?.sid;
      if (!channelSid) {
        throw new WebChatError(
          'WEBCHAT_NO_CHANNEL',
          `${action} needs a channel or a channelSid (e.g. { channelSid: webchat.getState().engagement.channelSid })`,
          { action, payload },
        );
      }
      const { engagement: current, channel } = store.state;
      if (!current) {
        throw new WebChatError(
          'WEBCHAT_NOT_ENGAGED',
          `${action}: no engagement is in progress (channel "${channelSid}"); invoke StartEngagement first`,
          { action, payload },
        );
      }
      if (channelSid !== current.channelSid || (payload.channel && payload.channel.sid !== channelSid)) {
        throw new WebChatError(
          'WEBCHAT_UNKNOWN_CHANNEL',
          `${action}: unknown channel "${channelSid}"; this webchat's channel is "${current.channelSid}"`,
          { action, payload },
        );
      }
      return { ...payload, channelSid, channel: payload.channel ?? channel };
    };

  /** The session of an engagement that can still take messages (checked again in the body: listeners may await). */
  const openSession = (action: ChannelAction) => {
    const session = engagement.session;
    const { phase } = store.state;
    if (phase === 'ended') {
      throw new WebChatError(
        'WEBCHAT_CHAT_ENDED',
        `${action}: the chat has ended; invoke RestartEngagement to start again`,
        {
          action,
        },
      );
    }
    if (!session) {
      throw new WebChatError('WEBCHAT_NOT_ENGAGED', `${action}: no engagement is in progress`, { action });
    }
    return session;
  };

  const body = (action: ChannelAction, value: unknown, allowEmpty: boolean): string => {
    if (typeof value !== 'string' || (!allowEmpty && !value.trim())) {
      throw new WebChatError(
        'WEBCHAT_INVALID_PAYLOAD',
        `${action}: body must be a ${allowEmpty ? '' : 'non-empty '}string, got ${JSON.stringify(value) ?? 'undefined'}`,
        { action },
      );
    }
    return value;
  };

  scope.registerAction('StartEngagement', (payload) => {
    const { formData } = payload;
    const { phase, engagement: current } = store.state;
    if (phase === 'starting' || phase === 'chat') {
      throw new WebChatError(
        'WEBCHAT_ALREADY_ENGAGED',
        `StartEngagement: an engagement is in progress${current ? ` (channel "${current.channelSid}")` : ''}; invoke RestartEngagement first`,
        { action: 'StartEngagement' },
      );
    }
    return engagement.start(checkForm(formData, requiredFields)).then((started) => {
      // After listeners get the payload, not the result: give them the channel (as Flex's docs read it from the store).
      payload.channelSid = started.channelSid;
      return started;
    });
  });

  scope.registerAction('RestartEngagement', () => engagement.restart());

  scope.registerAction('ToggleChatVisibility', () => {
    const visible = !store.state.visible;
    store.update({ visible });
    return { visible };
  });

  scope.registerAction('MinimizeChat', () => store.update({ visible: false }));

  scope.registerAction(
    'SendMessage',
    (payload) => {
      const text = body('SendMessage', payload.body, false);
      openSession('SendMessage');
      return engagement.send(text, payload.clientId ?? newClientId()).then((message) => {
        store.update({ error: undefined }); // it works again: the last failure is old news
        return message;
      });
    },
    // The idempotency key is set before the listeners run: they see the key the message will have.
    (payload) => {
      const resolved = resolveChannel('SendMessage')(payload);
      return { ...resolved, clientId: resolved.clientId ?? newClientId() };
    },
  );

  scope.registerAction(
    'SetInputText',
    (payload) => store.update({ inputText: body('SetInputText', payload.body, true) }),
    resolveChannel('SetInputText'),
  );

  scope.registerAction('SendTyping', () => openSession('SendTyping').sendTyping(), resolveChannel('SendTyping'));

  return scope;
}

/** The form data as the contact center takes it: strings, trimmed, empty ones left out. */
function checkForm(formData: unknown, required: readonly string[]): EngagementFormData {
  const action = 'StartEngagement';
  if (!isObject(formData)) {
    throw new WebChatError('WEBCHAT_INVALID_PAYLOAD', `${action}: the payload needs formData, an object of strings`, {
      action,
    });
  }
  const out: EngagementFormData = {};
  for (const [key, value] of Object.entries(formData)) {
    if (typeof value !== 'string') {
      throw new WebChatError('WEBCHAT_INVALID_PAYLOAD', `${action}: formData.${key} must be a string`, { action });
    }
    if (value.trim()) out[key] = value.trim();
  }
  const missing = required.filter((key) => !out[key]);
  if (missing.length) {
    throw new WebChatError(
      'WEBCHAT_INVALID_PAYLOAD',
      `${action}: required form field${missing.length > 1 ? 's' : ''} ${missing.map((k) => `"${k}"`).join(', ')} ${missing.length > 1 ? 'are' : 'is'} empty`,
      { action },
    );
  }
  return out;
}
