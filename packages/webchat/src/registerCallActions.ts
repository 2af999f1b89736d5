import type { ActionsApi, Disposable } from '@switchboard/actions';
import type { EngagementFormData } from '@switchboard/contact-center';
import type { CallController } from './CallController';
import { WebChatError } from './errors';
import type { CallPayload, WebChatActions } from './types';

type CallAction = 'HangupCall' | 'ToggleMute' | 'SendDTMFDigits';

const DIGITS = /^[0-9*#w]+$/;

/**
 * Registers the call actions (StartCall, HangupCall, ToggleMute, SendDTMFDigits) on
 * `actions`; disposing the result unregisters them.
 */
export function registerCallActions(actions: ActionsApi<WebChatActions>, calls: CallController): Disposable {
  const scope = actions.scope('webchat-voice');

  const available = (action: keyof WebChatActions) => {
    if (!calls.available) {
      throw new WebChatError(
        'WEBCHAT_VOICE_UNAVAILABLE',
        `${action}: this webchat places no calls (createWebChat({ voice: true }) with a client that has startCall)`,
        { action },
      );
    }
  };

  /**
   * The payloadUpdate of the in-call actions: `callSid`, when given, must be the current
   * call's; it is filled in when left out. Listeners see the call's sid.
   */
  const resolveCall =
    (action: CallAction) =>
    <P extends CallPayload>(payload: P | undefined): P => {
      available(action);
      if (payload !== undefined && (typeof payload !== 'object' || payload === null)) {
        throw new WebChatError('WEBCHAT_INVALID_PAYLOAD', `${action}: the payload must be an object ({ callSid })`, {
          action,
          payload,
        });
      }
      const { engagement, phase } = calls.state;
      if (!engagement || phase === 'ended' || phase === 'idle') {
        throw new WebChatError('WEBCHAT_NO_CALL', `${action}: no call is in progress; invoke StartCall first`, {
          action,
        });
      }
      const callSid = payload?.callSid ?? engagement.callSid;
      if (callSid !== engagement.callSid) {
        throw new WebChatError(
          'WEBCHAT_NO_CALL',
          `${action}: unknown call "${callSid}"; this webchat's call is "${engagement.callSid}"`,
          { action, payload },
        );
      }
      return { ...(payload as P), callSid };
    };

  scope.registerAction('StartCall', (payload) => {
    available('StartCall');
    const { phase, engagement } = calls.state;
    if (phase !== 'idle' && phase !== 'ended') {
      throw new WebChatError(
        'WEBCHAT_ALREADY_IN_CALL',
        `StartCall: a call is in progress${engagement ? ` ("${engagement.callSid}")` : ''}; invoke HangupCall first`,
        { action: 'StartCall' },
      );
    }
    return calls.start(callForm(payload?.formData)).then((started) => {
      payload.callSid = started.callSid;
      return started;
    });
  });

  scope.registerAction('HangupCall', () => calls.hangup(), resolveCall('HangupCall'));

  scope.registerAction(
    'ToggleMute',
    () => calls.setMuted(!calls.state.muted).then((muted) => ({ muted })),
    resolveCall('ToggleMute'),
  );

  scope.registerAction(
    'SendDTMFDigits',
    (payload) => calls.sendDtmf(payload.digits),
    (payload) => {
      const resolved = resolveCall('SendDTMFDigits')(payload);
      if (typeof resolved.digits !== 'string' || !DIGITS.test(resolved.digits)) {
        throw new WebChatError(
          'WEBCHAT_INVALID_PAYLOAD',
          `SendDTMFDigits: digits must be 0-9, *, # or w, got ${JSON.stringify(resolved.digits) ?? 'undefined'}`,
          { action: 'SendDTMFDigits' },
        );
      }
      return resolved;
    },
  );

  return scope;
}

/** The pre-call form: strings, trimmed, a name required. */
function callForm(formData: unknown): EngagementFormData {
  const action = 'StartCall';
  if (typeof formData !== 'object' || formData === null) {
    throw new WebChatError('WEBCHAT_INVALID_PAYLOAD', `${action}: the payload needs formData ({ name })`, { action });
  }
  const out: EngagementFormData = {};
  for (const [key, value] of Object.entries(formData)) {
    if (typeof value !== 'string') {
      throw new WebChatError('WEBCHAT_INVALID_PAYLOAD', `${action}: formData.${key} must be a string`, { action });
    }
    if (value.trim()) out[key] = value.trim();
  }
  if (!out.name && !out.friendlyName) {
    throw new WebChatError('WEBCHAT_INVALID_PAYLOAD', `${action}: the required form field "name" is empty`, { action });
  }
  return out;
}
