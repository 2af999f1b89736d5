/** The simulator's customers and agents hold real conversations with the server. */
import { createSimulatedAgents, startSimulator } from '../src/simulator/index';
import { startServerProcess, type ServerProcess } from './helpers';

let server: ServerProcess;
beforeAll(async () => {
  server = await startServerProcess({ dataDir: null, agents: ['alice', 'bob'] });
});
afterAll(() => server.stop());

it('runs scripted customers against self-driving agents until everyone is done', async () => {
  const failures: string[] = [];
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
    onError: (e, who) => failures.push(`${who}: ${String(e)}`),
  });
  try {
    await sim.allDone();
    const stats = sim.stats();
    expect(failures).toEqual([]);
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

describe('simulated callers', () => {
  it('place calls that self-driving agents answer, talk, hang up and complete; the stats count them', async () => {
    const team = await createSimulatedAgents({
      serverUrl: server.url,
      identities: ['alice', 'bob'],
      callTalkMs: [150, 200], // the agents hang up first
      wrapUpMs: 20,
    });
    const sim = await startSimulator({
      serverUrl: server.url,
      callers: 4,
      call: { talkMs: [5_000, 5_000], dtmf: '1#', callsEach: 2, gapMs: [10, 20], rampUpMs: 50 },
    });
    try {
      await sim.allDone();
      const { calls, errors } = sim.stats();
      expect(errors).toBe(0);
      expect(calls).toMatchObject({ placed: 8, answered: 8, completed: 8, abandoned: 0, active: 0 });
      expect(calls.timeToAnswerMs.count).toBe(8);
      expect(calls.timeToAnswerMs.p95).toBeGreaterThan(0);
      expect(calls.timeToAnswerMs.p95).toBeLessThan(5_000);
      expect(sim.callers.every((c) => c.done && c.placed === 2 && c.call?.status === 'ended')).toBe(true);
      // Every call ended by an agent's hang-up, its task then completed.
      await waitUntil(() => team.stats().completed === 8);
      expect(team.stats()).toMatchObject({ accepted: 8, callsAnswered: 8, callsHungUp: 8, completed: 8, errors: 0 });
    } finally {
      await sim.stop();
      await team.stop();
    }
  });

  it('hang up after talking, or give up when nobody answers (abandoned)', async () => {
    const team = await createSimulatedAgents({ serverUrl: server.url, identities: ['alice'] });
    const answered = await startSimulator({ serverUrl: server.url, callers: 1, call: { talkMs: [50, 50] } });
    try {
      await answered.allDone();
      expect(answered.stats().calls).toMatchObject({ placed: 1, answered: 1, completed: 1, abandoned: 0 });
      // The caller hung up: the agent's task wrapped and was completed.
      await waitUntil(() => team.stats().completed === 1);
      expect(team.stats()).toMatchObject({ callsAnswered: 1, callsHungUp: 0 });
    } finally {
      await answered.stop();
      await team.stop(); // everyone Offline now
    }
    const unanswered = await startSimulator({ serverUrl: server.url, callers: 2, call: { patienceMs: 100 } });
    try {
      await unanswered.allDone();
      expect(unanswered.stats().calls).toMatchObject({ placed: 2, answered: 0, abandoned: 2, completed: 0 });
      expect(unanswered.stats().calls.timeToAnswerMs.count).toBe(0);
    } finally {
      await unanswered.stop();
    }
  });
});

async function waitUntil(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > end) throw new Error(`not true within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('with the one-click sign-in off (as on PostgreSQL or a network address)', () => {
  let locked: ServerProcess;
  beforeAll(async () => {
    locked = await startServerProcess(
      { dataDir: null, agents: ['alice'], auth: { dev: false } },
      { passwords: { alice: 'correct horse battery staple' } },
    );
  });
  afterAll(() => locked.stop());

  it('simulated agents sign in with their passwords', async () => {
    const errors: string[] = [];
    const refused = await createSimulatedAgents({
      serverUrl: locked.url,
      identities: ['alice'],
      onError: (e) => errors.push(String(e)),
    }).catch((e: unknown) => e);
    expect(refused).toMatchObject({ code: 'CC_FORBIDDEN' });
    const team = await createSimulatedAgents({
      serverUrl: locked.url,
      identities: ['alice'],
      passwords: { alice: 'correct horse battery staple' },
      greeting: 'Hello from a password',
    });
    const sim = await startSimulator({
      serverUrl: locked.url,
      customers: 1,
      script: [],
      answers: [],
      whenDone: 'leave',
    });
    try {
      await sim.allDone();
      await waitUntil(() => team.stats().accepted === 1);
      expect(team.agents[0]!.worker).toMatchObject({ identity: 'alice', activity: 'Available' });
    } finally {
      await sim.stop();
      await team.stop();
    }
  });
});
