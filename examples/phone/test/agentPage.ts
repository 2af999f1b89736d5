/**
 * The agent's side of phone.e2e.test.ts (bundled with esbuild, its own page): the real agent
 * client and CallMedia; it places an outbound call to the phone page and sends digits.
 */
import {
  createAgentClient,
  createCallMedia,
  type AgentClient,
  type CallAudioStats,
  type CallInfo,
  type CallMedia,
} from '@switchboard/contact-center';

let agent: AgentClient | undefined;
let media: CallMedia | undefined;
let current: CallInfo | undefined;
const empty: CallAudioStats = { inboundBytes: 0, outboundBytes: 0, audioLevel: 0, peers: {} };

const e2e = {
  async start(serverUrl: string): Promise<void> {
    const client = createAgentClient({ serverUrl, identity: 'alice' });
    agent = client;
    client.on('callUpdated', (call) => {
      current = call;
      media ??= createCallMedia({
        self: client.worker!.sid,
        send: (to, data) => client.voice!.signal(call.sid, to, data),
      });
      if (call.status === 'ended') media.close();
      else media.update(call);
    });
    client.on('callSignal', (signal) => media?.receive(signal));
    await client.connect();
  },
  async dial(destination: string): Promise<string> {
    const { call } = await agent!.voice!.startOutboundCall({ destination });
    return call.sid;
  },
  sendDtmf: (digits: string) => agent!.voice!.sendDtmf(current!.sid, digits),
  hangup: () => agent!.voice!.hangupCall(current!.sid),
  call: () => current,
  stats: () => media?.stats() ?? Promise.resolve(empty),
};

declare global {
  interface Window {
    __agent: typeof e2e;
  }
}
window.__agent = e2e;
