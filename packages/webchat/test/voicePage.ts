/**
 * The browser side of voiceCall.e2e.test.ts (bundled with esbuild): the customer's widget
 * with voice (its CallMedia kept for the test to read), and an agent in the same page — the
 * real agent client and a real CallMedia — who accepts the call, holds and unholds.
 */
import {
  createAgentClient,
  createCallMedia,
  type AgentClient,
  type CallAudioStats,
  type CallInfo,
  type CallMedia,
} from '@switchboard/contact-center';
import { createWebChat, type WebChat, type WebChatCallState } from '../src';

let webchat: WebChat | undefined;
let agent: AgentClient | undefined;
let agentMedia: CallMedia | undefined;
let customerMedia: CallMedia | undefined;
let agentCall: CallInfo | undefined;
const agentDtmf: string[] = [];
const empty: CallAudioStats = { inboundBytes: 0, outboundBytes: 0, audioLevel: 0, peers: {} };

const e2e = {
  async customer(serverUrl: string): Promise<void> {
    webchat = await createWebChat({
      serverUrl,
      storage: null,
      voice: {
        createCallMedia: (options) => (customerMedia = createCallMedia(options)),
      },
    });
    await webchat.init();
  },
  async agent(serverUrl: string): Promise<string> {
    const client = createAgentClient({ serverUrl, identity: 'alice' });
    agent = client;
    client.on('reservationUpdated', (r) => {
      if (r.status === 'pending') void client.acceptReservation(r.sid);
    });
    client.on('callUpdated', (call) => {
      agentCall = call;
      agentMedia ??= createCallMedia({
        self: client.worker!.sid,
        send: (to, data) => client.voice!.signal(call.sid, to, data),
      });
      if (call.status === 'ended') agentMedia.close();
      else agentMedia.update(call);
    });
    client.on('callSignal', (signal) => agentMedia?.receive(signal));
    client.on('callDtmf', (dtmf) => void agentDtmf.push(dtmf.digits));
    await client.connect();
    await client.setActivity('Available');
    return client.worker!.sid;
  },
  callState(): WebChatCallState | undefined {
    return webchat?.getState().call;
  },
  agentCall: () => agentCall,
  agentDtmf: () => agentDtmf.join(''),
  async hold(held: boolean): Promise<void> {
    const call = agentCall!;
    const customer = call.participants.find((p) => p.kind === 'customer')!;
    await (held
      ? agent!.voice!.holdParticipant(call.sid, customer.id)
      : agent!.voice!.unholdParticipant(call.sid, customer.id));
  },
  customerStats: () => customerMedia?.stats() ?? Promise.resolve(empty),
  agentStats: () => agentMedia?.stats() ?? Promise.resolve(empty),
};

declare global {
  interface Window {
    __e2e: typeof e2e;
  }
}
window.__e2e = e2e;
