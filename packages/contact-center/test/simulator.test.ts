/** The simulator's customers and agents hold real conversations with the server. */
import { createSimulatedAgents, startSimulator } from '../src/simulator/index';
import { startServerProcess, type ServerProcess } from './helpers';

let server: ServerProcess;
beforeAll(async () => {
  server = await startServerProcess({ dataDir: null, agents: ['alice', 'bob'] });
});
afterAll(() => server.stop());

it('runs scripted customers against self-driving agents until everyone is done', async () => {
  const team = await createSimulatedAgents({
    serverUrl: server.url,
    identities: ['alice', 'bob'],
    greeting: 'Hi, how can I help?',
    reply: 'Noted.',
  });
  const sim = await startSimulator({
    serverUrl: server.url,
    customers: 4,
    script: ['first line', 'second line'],
    answers: [],
    messageIntervalMs: [20, 40],
    rampUpMs: 50,
    whenDone: 'leave',
  });
  try {
    await sim.allDone();
    const stats = sim.stats();
    expect(stats).toMatchObject({ started: 4, connected: 4, done: 4, errors: 0 });
    expect(stats.sent).toBe(4 * 3); // the question and two lines each
    // The agents greeted each customer (capacity 3 each: everyone was served at once).
    expect(stats.received).toBeGreaterThanOrEqual(4);
    const names = sim.customers.map((c) => c.name).sort();
    expect(names).toEqual(['Ada Lovelace', 'Alan Turing', 'Grace Hopper', 'Katherine Johnson']);
    expect(sim.customers.every((c) => c.done && c.sent === 3)).toBe(true);
  } finally {
    await sim.stop();
    await team.stop();
  }
});
