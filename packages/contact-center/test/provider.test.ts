/**
 * The provider contract, on the in-process contact center and on the server over WebSocket:
 * the same assertions, so the plugin test kit cannot drift from production.
 */
import WebSocket from 'ws';
import { createAgentClient, createCustomerClient } from '../src/index';
import { createInProcessContactCenter } from '../src/inProcess';
import { providerContract } from './provider.contract';
import { startServerProcess, tempDir } from './helpers';

jest.setTimeout(60_000);

const AGENTS = ['alice', 'bob', 'carol'];
/** Longer than the clients' request timeout below: an outage that outlasts it. */
const OUTAGE_MS = 1_500;
const REQUEST_TIMEOUT_MS = 500;

describe('in process', () => {
  providerContract({
    async start() {
      const cc = await createInProcessContactCenter({ agents: AGENTS, chatCapacity: 2, onError: () => {} });
      return {
        agent: (identity) => cc.agent(identity, { requestTimeoutMs: REQUEST_TIMEOUT_MS }),
        customers: () => cc.customers({ requestTimeoutMs: REQUEST_TIMEOUT_MS }),
        async outage(during) {
          cc.outage();
          await during();
          await new Promise((r) => setTimeout(r, OUTAGE_MS));
          cc.restore();
        },
        close: () => cc.close(),
      };
    },
  });
});

describe('over WebSocket', () => {
  providerContract({
    async start() {
      const tmp = tempDir();
      const options = { dataDir: tmp.dir, agents: AGENTS, chatCapacity: 2 };
      let server = await startServerProcess(options);
      const reconnect = { initialDelayMs: 50, maxDelayMs: 200 };
      const serverUrl = () => server.url;
      return {
        agent: (identity) =>
          createAgentClient({
            serverUrl: serverUrl(),
            identity,
            WebSocket,
            reconnect,
            requestTimeoutMs: REQUEST_TIMEOUT_MS,
          }),
        customers: () =>
          createCustomerClient({ serverUrl: serverUrl(), WebSocket, reconnect, requestTimeoutMs: REQUEST_TIMEOUT_MS }),
        async outage(during) {
          const { port } = server;
          await server.stop();
          await during();
          await new Promise((r) => setTimeout(r, OUTAGE_MS));
          server = await startServerProcess({ ...options, port });
        },
        async close() {
          await server.stop();
          tmp.remove();
        },
      };
    },
  });
});
