/**
 * Who may do what, checked against the in-memory state (and the database for tasks no longer
 * in play). Every check throws (or returns) a ContactCenterError naming the reason; none
 * changes anything.
 */
import { ContactCenterError } from '../errors';
import type { ReservationInfo, TaskInfo } from '../types';
import type { ChatPrincipal, Principal } from './principal';
import { WRITING_RESERVATION, type EngineState, type LiveChannel } from './EngineState';
import type { Submission } from './MessageCommitter';
import type { Repository } from './Repository';

/** Throws a ContactCenterError (typed `never`, so it ends a branch). */
export const fail = (code: ContactCenterError['code'], message: string): never => {
  throw new ContactCenterError(code, message);
};

export const closed = (channelSid: string) =>
  new ContactCenterError('CC_INVALID_STATE', `Channel ${channelSid} is closed`);

export class Access {
  constructor(
    private readonly state: EngineState,
    private readonly repo: Repository,
  ) {}

  async pendingReservation(workerSid: string, reservationSid: string): Promise<ReservationInfo> {
    const r = this.state.reservations.get(reservationSid) ?? (await this.repo.reservation(reservationSid));
    if (!r) return fail('CC_NOT_FOUND', `Reservation ${reservationSid} does not exist`);
    if (r.workerSid !== workerSid) fail('CC_FORBIDDEN', `Reservation ${reservationSid} belongs to another worker`);
    if (r.status !== 'pending') fail('CC_INVALID_STATE', `Reservation ${reservationSid} is ${r.status}, not pending`);
    return r;
  }

  /** The task and the worker's accepted/wrapping reservation on it, or the reason why not. */
  async heldTask(
    workerSid: string,
    taskSid: string,
    statuses: TaskInfo['status'][],
    verb: string,
  ): Promise<{ task: TaskInfo; reservation: ReservationInfo }> {
    const task = this.state.tasks.get(taskSid) ?? (await this.repo.task(taskSid));
    if (!task) return fail('CC_NOT_FOUND', `Task ${taskSid} does not exist`);
    const reservation = this.state.reservationOf(workerSid, taskSid);
    if (!reservation) {
      if (await this.repo.workerHeldTask(workerSid, taskSid))
        fail('CC_INVALID_STATE', `Task ${taskSid} is ${task.status}; it cannot be ${verb}`);
      return fail('CC_FORBIDDEN', `Task ${taskSid} is not assigned to you`);
    }
    if (reservation.status === 'pending')
      fail('CC_INVALID_STATE', `Accept reservation ${reservation.sid} before the task can be ${verb}`);
    if (!statuses.includes(task.status))
      fail('CC_INVALID_STATE', `Task ${taskSid} is ${task.status}; it cannot be ${verb}`);
    return { task, reservation };
  }

  /** May `who` read `channelSid`? Throws CC_FORBIDDEN / CC_NOT_FOUND when not. */
  async checkRead(who: Principal, channelSid: string): Promise<void> {
    if (who.role === 'phone') return fail('CC_FORBIDDEN', 'A phone has no chat channels');
    if (who.role === 'customer') {
      if (who.channelSid !== channelSid) fail('CC_FORBIDDEN', 'A customer can only use its own channel');
      return;
    }
    const live = this.state.channels.get(channelSid);
    if (live) {
      // A monitoring supervisor reads the channel (read only).
      if (
        !this.state.reservationOf(who.workerSid, live.info.taskSid) &&
        !this.state.monitoring(who.workerSid, live.info.taskSid)
      )
        fail('CC_FORBIDDEN', `You hold no reservation for the task of channel ${channelSid}`);
      return;
    }
    const channel = await this.repo.channel(channelSid);
    if (!channel) return fail('CC_NOT_FOUND', `Channel ${channelSid} does not exist`);
    if (!(await this.repo.workerHeldTask(who.workerSid, channel.taskSid)))
      fail('CC_FORBIDDEN', `You hold no reservation for the task of channel ${channelSid}`);
  }

  /** May this submission be written now? The live channel, or the refusal (no I/O). */
  checkWrite(s: Submission, principal: ChatPrincipal): LiveChannel | ContactCenterError {
    if (principal.role === 'customer' && principal.channelSid !== s.channelSid)
      return new ContactCenterError('CC_FORBIDDEN', 'A customer can only use its own channel');
    const live = this.state.channels.get(s.channelSid);
    if (!live) return closed(s.channelSid);
    if (principal.role === 'agent') {
      const r = this.state.reservationOf(principal.workerSid, live.info.taskSid);
      if (!r && this.state.monitoring(principal.workerSid, live.info.taskSid))
        return new ContactCenterError(
          'CC_FORBIDDEN',
          `You are monitoring the task of channel ${s.channelSid}: monitoring is read only`,
        );
      if (!r)
        return new ContactCenterError(
          'CC_FORBIDDEN',
          `You hold no reservation for the task of channel ${s.channelSid}`,
        );
      if (!WRITING_RESERVATION.has(r.status))
        return new ContactCenterError(
          'CC_FORBIDDEN',
          `Accept reservation ${r.sid} before writing in channel ${s.channelSid}`,
        );
    }
    if (live.info.status === 'closed') return closed(s.channelSid);
    return live;
  }
}
