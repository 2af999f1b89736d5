/**
 * A validated request, carried out by the engine for its principal. The customer's channel is
 * its token's: naming another one is refused. A phone acts only on the calls to its number.
 */
import { ContactCenterError } from '../errors';
import type { ContactCenter } from '../engine/ContactCenter';
import type { Principal } from '../engine/principal';
import type { TransferMode } from '../provider';
import type { SignalData } from '../voice';

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
  if (p.role === 'phone') return dispatchPhone(engine, p, r, answer);
  const channelSid = p.role === 'customer' ? ((r.channelSid as string | undefined) ?? p.channelSid) : str('channelSid');
  if (p.role === 'customer' && channelSid !== p.channelSid)
    throw new ContactCenterError('CC_FORBIDDEN', 'A customer can only use its own channel');
  if ((r.type === 'sendMessage' || r.type === 'sendTyping') && engine.calls.callOfChannel(channelSid))
    throw new ContactCenterError('CC_INVALID_STATE', `Channel ${channelSid} is a call's: it has no messages`);
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
  if (p.role === 'customer') {
    // The customer's call is its channel's.
    const party = { kind: 'customer', channelSid } as const;
    const callSid = () => engine.calls.callSidOfChannel(channelSid);
    switch (r.type) {
      case 'signal':
        return answer(relayed(() => engine.calls.signal(party, callSid(), str('to'), r.data as SignalData)));
      case 'setMuted':
        return answer(engine.calls.setMuted(party, callSid(), r.muted === true));
      case 'sendDtmf':
        return answer(relayed(() => engine.calls.sendDtmf(party, callSid(), str('digits'))));
    }
    throw new ContactCenterError('CC_FORBIDDEN', `"${r.type}" is not allowed for customers`);
  }
  const w = p.workerSid;
  const me = { kind: 'worker', workerSid: w } as const;
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
      return answer(engine.transferTask(w, str('taskSid'), str('toWorkerSid'), r.mode as TransferMode | undefined));
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
    // ---- voice ----
    case 'startOutboundCall':
      return answer(
        engine.calls.startOutbound(w, {
          destination: str('destination'),
          ...(r.callerId !== undefined ? { callerId: str('callerId') } : {}),
          ...(r.queueSid !== undefined ? { queueSid: str('queueSid') } : {}),
          ...(r.taskAttributes !== undefined ? { taskAttributes: r.taskAttributes as Record<string, unknown> } : {}),
        }),
      );
    case 'holdParticipant':
      return answer(engine.calls.hold(w, str('callSid'), str('participantId'), true));
    case 'unholdParticipant':
      return answer(engine.calls.hold(w, str('callSid'), str('participantId'), false));
    case 'kickParticipant':
      return answer(engine.calls.kick(w, str('callSid'), str('participantId')));
    case 'hangupCall':
      return answer(engine.calls.hangup(w, str('callSid')));
    case 'endConference':
      return answer(engine.calls.endConference(w, str('callSid')));
    case 'setMuted':
      return answer(engine.calls.setMuted(me, str('callSid'), r.muted === true));
    case 'sendDtmf':
      return answer(relayed(() => engine.calls.sendDtmf(me, str('callSid'), str('digits'))));
    case 'signal':
      return answer(relayed(() => engine.calls.signal(me, str('callSid'), str('to'), r.data as SignalData)));
    // ---- supervision ----
    case 'monitorTask':
      return answer(engine.supervision.monitorTask(w, str('taskSid')));
    case 'stopMonitoringTask':
      return answer(engine.supervision.stopMonitoringTask(w, str('taskSid')));
    case 'getSupervisorView':
      return answer(engine.supervision.view(w));
  }
}

/** Runs a relay (signal, digits: synchronous, nothing stored); its result is null. */
const relayed = (relay: () => void): null => {
  relay();
  return null;
};

/** A phone's requests: only the calls to its number. */
function dispatchPhone(
  engine: ContactCenter,
  p: Extract<Principal, { role: 'phone' }>,
  r: Record<string, unknown> & { type: string },
  answer: (result: Promise<unknown> | unknown) => void,
): void {
  const callSid = r.callSid as string;
  const me = { kind: 'phone', number: p.number } as const;
  switch (r.type) {
    case 'answerCall':
      return answer(engine.calls.answer(p.number, callSid));
    case 'hangupCall':
      return answer(engine.calls.hangupPhone(p.number, callSid));
    case 'setMuted':
      return answer(engine.calls.setMuted(me, callSid, r.muted === true));
    case 'sendDtmf':
      return answer(relayed(() => engine.calls.sendDtmf(me, callSid, r.digits as string)));
    case 'signal':
      return answer(relayed(() => engine.calls.signal(me, callSid, r.to as string, r.data as SignalData)));
  }
  throw new ContactCenterError('CC_FORBIDDEN', `"${r.type}" is not allowed for phones`);
}
