/**
 * A validated request, carried out by the engine for its principal. The customer's channel is
 * its token's: naming another one is refused.
 */
import { ContactCenterError } from '../errors';
import type { ContactCenter } from '../engine/ContactCenter';
import type { Principal } from '../engine/principal';

/** How the outcome of a request is answered. */
export interface Reply {
  result(value: unknown): void;
  error(error: unknown): void;
}

/**
 * Runs `r` (already validated against its schema) for `p`. `origin` is the connection it came
 * from (it gets its own message in the reply, not as a push). Throws a ContactCenterError for
 * a refusal found at once; later outcomes go to `reply`.
 */
export function dispatchRequest(
  engine: ContactCenter,
  p: Principal,
  r: Record<string, unknown> & { type: string },
  origin: unknown,
  reply: Reply,
): void {
  const str = (k: string) => r[k] as string;
  const answer = (result: Promise<unknown> | unknown) => void Promise.resolve(result).then(reply.result, reply.error);
  const channelSid = p.role === 'customer' ? ((r.channelSid as string | undefined) ?? p.channelSid) : str('channelSid');
  if (p.role === 'customer' && channelSid !== p.channelSid)
    throw new ContactCenterError('CC_FORBIDDEN', 'A customer can only use its own channel');
  switch (r.type) {
    case 'sendMessage':
      return engine.sendMessage(p, channelSid, str('body'), str('clientId'), origin, (error, message) =>
        error ? reply.error(error) : reply.result(message),
      );
    case 'sendTyping':
      return answer(engine.typing(p, channelSid, origin));
    case 'getMessages':
      return answer(engine.getMessages(p, channelSid, r.afterIndex as number | undefined));
    case 'leave':
      return answer(engine.leave(channelSid));
  }
  if (p.role !== 'agent') throw new ContactCenterError('CC_FORBIDDEN', `"${r.type}" is not allowed for customers`);
  const w = p.workerSid;
  switch (r.type) {
    case 'setActivity':
      return answer(
        engine.setActivity(
          w,
          r.activitySid !== undefined ? { activitySid: str('activitySid') } : (r.activity as 'Available'),
        ),
      );
    case 'setWorkerAttributes':
      return answer(engine.setWorkerAttributes(w, r.attributes as Record<string, unknown>, r.mergeExisting === true));
    case 'setTaskAttributes':
      return answer(
        engine.setTaskAttributes(w, str('taskSid'), r.attributes as Record<string, unknown>, r.mergeExisting === true),
      );
    case 'acceptReservation':
      return answer(engine.acceptReservation(w, str('reservationSid')));
    case 'rejectReservation':
      return answer(engine.rejectReservation(w, str('reservationSid')));
    case 'transferTask':
      return answer(engine.transferTask(w, str('taskSid'), str('toWorkerSid')));
    case 'wrapupTask':
      return answer(engine.wrapupTask(w, str('taskSid')));
    case 'completeTask':
      return answer(engine.completeTask(w, str('taskSid')));
    case 'listWorkers':
      return answer(engine.listWorkers());
    case 'listQueues':
      return answer(engine.listQueues());
    case 'getQueueStats':
      return answer(engine.queueStats());
    case 'logout':
      return answer(engine.setActivity(w, 'Offline').then(() => null));
  }
}
