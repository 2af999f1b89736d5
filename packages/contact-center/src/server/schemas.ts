/**
 * Every inbound frame and request body, as zod schemas. Objects are strict: an unexpected
 * field is an error, not something silently ignored.
 */
import { z } from 'zod';
import { ACTIVITIES } from '../types';
import type { AgentRequests, CustomerRequests } from '../protocol';

const sid = z.string().min(1).max(64);
const id = z.union([z.string().min(1).max(64), z.number().int().safe()]).optional();
const clientId = z.string().min(1).max(100);
// The body's length limit is checked apart (CC_TOO_LARGE), not here.
const body = z.string().refine((s) => s.trim().length > 0, 'must not be empty');
const afterIndex = z.number().int().min(-1).optional();

const frame = <T extends z.ZodRawShape>(type: string, shape: T) =>
  z.strictObject({ type: z.literal(type), id, ...shape });

/** Agent frames by type. */
export const agentFrames = {
  setActivity: frame('setActivity', { activity: z.enum(ACTIVITIES as [string, ...string[]]) }),
  acceptReservation: frame('acceptReservation', { reservationSid: sid }),
  rejectReservation: frame('rejectReservation', { reservationSid: sid }),
  transferTask: frame('transferTask', { taskSid: sid, toWorkerSid: sid }),
  wrapupTask: frame('wrapupTask', { taskSid: sid }),
  completeTask: frame('completeTask', { taskSid: sid }),
  sendMessage: frame('sendMessage', { channelSid: sid, body, clientId }),
  sendTyping: frame('sendTyping', { channelSid: sid }),
  getMessages: frame('getMessages', { channelSid: sid, afterIndex }),
  listWorkers: frame('listWorkers', {}),
  logout: frame('logout', {}),
} satisfies Record<keyof AgentRequests, z.ZodType>;

/** Customer frames by type (the channel is the token's; naming another one is refused). */
export const customerFrames = {
  sendMessage: frame('sendMessage', { channelSid: sid.optional(), body, clientId }),
  sendTyping: frame('sendTyping', { channelSid: sid.optional() }),
  getMessages: frame('getMessages', { channelSid: sid.optional(), afterIndex }),
  leave: frame('leave', { channelSid: sid.optional() }),
} satisfies Record<keyof CustomerRequests, z.ZodType>;

/** Every frame type either side may send. */
export const FRAME_TYPES: ReadonlySet<string> = new Set([...Object.keys(agentFrames), ...Object.keys(customerFrames)]);

/** `POST /api/agents/login` */
export const loginBody = z.strictObject({ identity: z.string().trim().min(1).max(200) });

/** `POST /api/webchat/engagements`: a small form of short strings. */
export const engagementBody = z.strictObject({
  formData: z
    .record(z.string().min(1).max(64), z.string().max(2000))
    .refine((f) => Object.keys(f).length <= 30, 'at most 30 fields')
    .default({}),
});

/** `GET /api/channels/:sid/messages?afterIndex=` */
export const afterIndexQuery = z.coerce.number().int().min(-1).default(-1);

/** One line naming each problem: `body: must not be empty; clientId: expected string`. */
export function describeIssues(error: z.ZodError): string {
  return error.issues.map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message)).join('; ');
}
