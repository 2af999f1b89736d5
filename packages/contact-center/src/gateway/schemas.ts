/**
 * Every inbound frame and request body, as zod schemas. Objects are strict: an unexpected
 * field is an error, not something silently ignored.
 */
import { z } from 'zod';
import { findAttributesProblem } from '../attributes';
import { ACTIVITIES } from '../types';
import type { AgentRequests, CustomerRequests, PhoneRequests } from '../protocol';

/**
 * A string the server can store as written. SQLite keeps text as UTF-8, where a lone surrogate
 * (`"x\ud800y"`) has no encoding: it would be acknowledged, read back fine from memory, and
 * come back as U+FFFD after a restart. Such a string is refused instead. (With the `u` flag,
 * `\p{Surrogate}` matches only unpaired surrogates; `String.prototype.isWellFormed` says the
 * same but is not in the ES2022 library this package compiles against.)
 */
export const text = () =>
  z.string().refine((s) => !LONE_SURROGATE.test(s), 'must be well-formed Unicode (it has a lone surrogate)');
const LONE_SURROGATE = /\p{Surrogate}/u;

const sid = text().min(1).max(64);
const id = z.union([text().min(1).max(64), z.number().int().safe()]).optional();
const clientId = text().min(1).max(100);
// The body's length limit is checked apart (CC_TOO_LARGE), not here.
const body = text().refine((s) => s.trim().length > 0, 'must not be empty');
const afterIndex = z.number().int().min(-1).optional();

const frame = <T extends z.ZodRawShape>(type: string, shape: T) =>
  z.strictObject({ type: z.literal(type), id, ...shape });

/**
 * Attributes: a plain JSON object (no reserved key at any depth, 8,000 characters at most; the server's frame limit is 16 KiB).
 * Checked before zod's record could drop a `__proto__` key without a word.
 */
const attributes = z.custom<Record<string, unknown>>().superRefine((value, ctx) => {
  const problem = findAttributesProblem(value);
  if (problem) ctx.addIssue({ code: 'custom', message: problem.message, path: problem.path });
});
const mergeExisting = z.boolean().optional();

/** A WebRTC signal: an SDP offer or answer, or an ICE candidate (relayed, never stored). */
const signalData = z.discriminatedUnion('type', [
  z.strictObject({ type: z.enum(['offer', 'answer']), sdp: text().min(1).max(12_000) }),
  z.strictObject({
    type: z.literal('candidate'),
    candidate: z.strictObject({
      candidate: text().max(1_000),
      sdpMid: text().max(64).nullable().optional(),
      sdpMLineIndex: z.number().int().min(0).max(64).nullable().optional(),
    }),
  }),
]);
/** A participant of a call: a customer's identity, a worker's sid or `phone:+…`. */
const participantId = text().min(1).max(100);
/** DTMF digits: `0-9`, `*`, `#`, `w` (a pause). */
const digits = text().regex(/^[0-9*#wW]{1,32}$/, 'must be 1 to 32 of 0-9, *, # and w');
/** A phone number: `+` and 3–15 digits. */
export const phoneNumber = text().regex(/^\+[0-9]{3,15}$/, 'must be + and 3 to 15 digits, e.g. +15551230001');

/** Agent frames by type. */
export const agentFrames = {
  setActivity: frame('setActivity', {
    activity: z.enum(ACTIVITIES as [string, ...string[]]).optional(),
    activitySid: sid.optional(),
  }).refine(
    (f) => (f.activity === undefined) !== (f.activitySid === undefined),
    'give an activity (a name) or an activitySid, not both',
  ),
  setWorkerAttributes: frame('setWorkerAttributes', { attributes, mergeExisting }),
  setTaskAttributes: frame('setTaskAttributes', { taskSid: sid, attributes, mergeExisting }),
  acceptReservation: frame('acceptReservation', { reservationSid: sid }),
  rejectReservation: frame('rejectReservation', { reservationSid: sid }),
  transferTask: frame('transferTask', { taskSid: sid, toWorkerSid: sid, mode: z.enum(['COLD', 'WARM']).optional() }),
  wrapupTask: frame('wrapupTask', { taskSid: sid }),
  completeTask: frame('completeTask', { taskSid: sid }),
  sendMessage: frame('sendMessage', { channelSid: sid, body, clientId }),
  sendTyping: frame('sendTyping', { channelSid: sid }),
  getMessages: frame('getMessages', { channelSid: sid, afterIndex }),
  listWorkers: frame('listWorkers', {}),
  listQueues: frame('listQueues', {}),
  logout: frame('logout', {}),
  startOutboundCall: frame('startOutboundCall', {
    destination: phoneNumber,
    callerId: text().min(1).max(64).optional(),
    queueSid: sid.optional(),
    taskAttributes: attributes.optional(),
  }),
  holdParticipant: frame('holdParticipant', { callSid: sid, participantId }),
  unholdParticipant: frame('unholdParticipant', { callSid: sid, participantId }),
  kickParticipant: frame('kickParticipant', { callSid: sid, participantId }),
  hangupCall: frame('hangupCall', { callSid: sid }),
  endConference: frame('endConference', { callSid: sid }),
  setMuted: frame('setMuted', { callSid: sid, muted: z.boolean() }),
  sendDtmf: frame('sendDtmf', { callSid: sid, digits }),
  signal: frame('signal', { callSid: sid, to: participantId, data: signalData }),
  monitorTask: frame('monitorTask', { taskSid: sid }),
  stopMonitoringTask: frame('stopMonitoringTask', { taskSid: sid }),
  getSupervisorView: frame('getSupervisorView', {}),
  getQueueStats: frame('getQueueStats', {}),
} satisfies Record<keyof AgentRequests, z.ZodType>;

/** Customer frames by type (the channel is the token's; naming another one is refused). */
export const customerFrames = {
  sendMessage: frame('sendMessage', { channelSid: sid.optional(), body, clientId }),
  sendTyping: frame('sendTyping', { channelSid: sid.optional() }),
  getMessages: frame('getMessages', { channelSid: sid.optional(), afterIndex }),
  leave: frame('leave', { channelSid: sid.optional() }),
  signal: frame('signal', { channelSid: sid.optional(), to: participantId, data: signalData }),
  setMuted: frame('setMuted', { channelSid: sid.optional(), muted: z.boolean() }),
  sendDtmf: frame('sendDtmf', { channelSid: sid.optional(), digits }),
} satisfies Record<keyof CustomerRequests, z.ZodType>;

/** Phone frames by type (only calls to the token's number). */
export const phoneFrames = {
  answerCall: frame('answerCall', { callSid: sid }),
  hangupCall: frame('hangupCall', { callSid: sid }),
  signal: frame('signal', { callSid: sid, to: participantId, data: signalData }),
  setMuted: frame('setMuted', { callSid: sid, muted: z.boolean() }),
  sendDtmf: frame('sendDtmf', { callSid: sid, digits }),
} satisfies Record<keyof PhoneRequests, z.ZodType>;

/** Every frame type any side may send. */
export const FRAME_TYPES: ReadonlySet<string> = new Set([
  ...Object.keys(agentFrames),
  ...Object.keys(customerFrames),
  ...Object.keys(phoneFrames),
]);

/** `POST /api/agents/login`: a password, or none for the one-click development sign-in. */
export const loginBody = z.strictObject({
  identity: text().trim().min(1).max(200),
  password: z.string().min(1).max(4096).optional(),
});

/** `POST /api/agents/refresh` */
export const refreshBody = z.strictObject({ refreshToken: z.string().min(1).max(200) });

/** `POST /api/auth/oidc/exchange`: the one-time code of an OpenID Connect sign-in. */
export const oidcExchangeBody = z.strictObject({ code: z.string().min(1).max(200) });

/**
 * Field names a form may not use. `__proto__`: `JSON.parse` makes it an own property, which
 * zod's record drops without a word (and an object built by assignment would take as its
 * prototype). `constructor` and `prototype`: harmless as own data, but the form becomes the
 * task's attributes, which plugins and CRMs merge into their own objects, where these names
 * are the classic way in; no real form needs them.
 */
export const RESERVED_FORM_FIELDS: readonly string[] = ['__proto__', 'constructor', 'prototype'];

const formData = z.preprocess(
  (input, ctx) => {
    // Before the record parses it: the record never shows `__proto__` to its key schema.
    if (typeof input === 'object' && input !== null && Object.hasOwn(input, '__proto__'))
      ctx.issues.push({ code: 'custom', message: '"__proto__" is not allowed as a field name', input, path: [] });
    return input;
  },
  z
    .record(
      text()
        .min(1)
        .max(64)
        .refine((k) => !RESERVED_FORM_FIELDS.includes(k), 'is reserved (__proto__, constructor, prototype)'),
      text().max(2000),
    )
    .refine((f) => Object.keys(f).length <= 30, 'at most 30 fields'),
);

/** `POST /api/webchat/engagements`: a small form of short strings. */
export const engagementBody = z.strictObject({ formData: formData.default({}) });

/** `POST /api/voice/calls`: the caller's form, as an engagement's. */
export const callBody = engagementBody;

/** `POST /api/phones`: the number a phone page answers. */
export const phoneBody = z.strictObject({ number: phoneNumber });

/** `GET /api/channels/:sid/messages?afterIndex=` */
export const afterIndexQuery = z.coerce.number().int().min(-1).default(-1);

/** One line naming each problem: `body: must not be empty; clientId: expected string`. */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((i) => {
      // A path may hold a client's field name: keep the message short.
      const where = i.path.map((p) => String(p).slice(0, 64)).join('.');
      // A bad record key: say why, not just "Invalid key in record".
      const what = i.code === 'invalid_key' ? `field name ${i.issues.map((n) => n.message).join(', ')}` : i.message;
      return where ? `${where}: ${what}` : what;
    })
    .join('; ');
}
