/**
 * The two ways in, whatever carries them (the server's HTTP API, the in-process contact
 * center's): an agent signs in by identity, a customer starts an engagement. The caller
 * signs the token; the rules and the answers are the same.
 */
import { ContactCenterError } from '../errors';
import type { ContactCenter } from '../engine/ContactCenter';
import type { Engagement, EngagementFormData, WorkerInfo } from '../types';
import type { CallEngagement, PhoneRegistration } from '../voice';

/** Signs an agent's token. */
export type SignAgent = (workerSid: string, identity: string) => string | Promise<string>;
/** Signs a customer's token. */
export type SignCustomer = (channelSid: string, identity: string, friendlyName: string) => string | Promise<string>;

/** `POST /api/agents/login`: the worker of `identity` and its token; CC_NOT_FOUND for an unknown one. */
export async function signIn(
  engine: ContactCenter,
  identity: string,
  sign: SignAgent,
): Promise<{ token: string; worker: WorkerInfo }> {
  const worker = engine.workerByIdentity(identity);
  if (!worker) throw new ContactCenterError('CC_NOT_FOUND', `No agent "${identity}" in this contact center`);
  return { token: await sign(worker.sid, worker.identity), worker };
}

/** `POST /api/webchat/engagements`: a channel and its task (routed at once), and the customer's token. */
export async function startEngagement(
  engine: ContactCenter,
  formData: EngagementFormData,
  sign: SignCustomer,
): Promise<Engagement> {
  const { channel, task } = await engine.startEngagement(formData);
  const { identity, friendlyName } = channel.customer;
  return {
    channelSid: channel.sid,
    taskSid: task.sid,
    identity,
    friendlyName,
    token: await sign(channel.sid, identity, friendlyName),
  };
}

/** `POST /api/voice/calls`: the caller's channel, its voice task (routed at once), its call, and the customer's token. */
export async function startCall(
  engine: ContactCenter,
  formData: EngagementFormData,
  sign: SignCustomer,
): Promise<CallEngagement> {
  const { channel, task, call } = await engine.calls.startInbound(formData);
  const { identity, friendlyName } = channel.customer;
  return {
    callSid: call.sid,
    channelSid: channel.sid,
    taskSid: task.sid,
    identity,
    friendlyName,
    token: await sign(channel.sid, identity, friendlyName),
  };
}

/** Signs a phone's token. */
export type SignPhone = (number: string, identity: string) => string | Promise<string>;

/** `POST /api/phones`: registers a phone page for `number` (replacing an earlier one) and signs its token. */
export async function registerPhone(
  engine: ContactCenter,
  number: string,
  sign: SignPhone,
): Promise<PhoneRegistration> {
  const identity = engine.phones.register(number);
  return { number, token: await sign(number, identity) };
}
