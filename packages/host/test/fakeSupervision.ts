/**
 * Tests' stand-in for the contact center's supervision (built in parallel on the server): the
 * real in-process contact center's provider for everything else, with this worker's role set,
 * a supervisor's view in the snapshot, `provider.supervision` answering from the real engine's
 * tasks, and the supervisor pushes (`teamUpdated`, `queueStatsUpdated`, `callUpdated`,
 * `messageAdded`) emitted by the test. Monitoring follows the contract: an agent is refused
 * with `CC_FORBIDDEN`.
 */
import {
  ContactCenterError,
  type AgentEvents,
  type CallInfo,
  type ContactCenterProvider,
  type SupervisorView,
  type WorkerInfo,
  type WorkerRole,
} from '@switchboard/contact-center';
import type { Disposable } from '@switchboard/actions';
import type { PluginDefinition } from '@switchboard/plugin';
import { createHost, type Host } from '../src/createHost';
import { TestContactCenter } from '../src/testing';

type Local = 'teamUpdated' | 'queueStatsUpdated' | 'callUpdated' | 'callSignal' | 'messageAdded';

export interface FakeSupervision {
  provider: ContactCenterProvider;
  /** What `supervision` was asked, in order (`monitorTask WT…`). */
  calls: string[];
  /** The supervisor's view the next snapshot carries. */
  view: SupervisorView;
  /** The calls `monitorTask` answers with, by task sid. */
  callsByTask: Map<string, CallInfo>;
  emit<K extends Local>(event: K, ...args: Parameters<AgentEvents[K]>): void;
}

export function fakeSupervision(cc: TestContactCenter, role: WorkerRole = 'supervisor'): FakeSupervision {
  const real = cc.provider;
  const listeners = new Map<string, Set<(...args: unknown[]) => void>>();
  const withRole = (w: WorkerInfo, me: string | undefined): WorkerInfo => (w.sid === me ? { ...w, role } : w);
  const monitored = new Set<string>();
  const fake: FakeSupervision = {
    provider: undefined as unknown as ContactCenterProvider,
    calls: [],
    view: { team: [], queueStats: [] },
    callsByTask: new Map(),
    emit(event, ...args) {
      for (const l of listeners.get(event) ?? []) l(...args);
    },
  };
  const refuse = () => {
    if (role !== 'supervisor') throw new ContactCenterError('CC_FORBIDDEN', 'supervisor operations need a supervisor');
  };
  const overrides = {
    on(event: keyof AgentEvents, listener: (...args: unknown[]) => void): Disposable {
      if (event === 'snapshot')
        return real.on('snapshot', (s) =>
          listener({
            ...s,
            worker: { ...s.worker, role },
            workers: s.workers.map((w) => withRole(w, s.worker.sid)),
            queueStats: fake.view.queueStats,
            ...(role === 'supervisor' ? { supervisor: fake.view } : {}),
          }),
        );
      if (event === 'workerUpdated') return real.on('workerUpdated', (w) => listener(withRole(w, real.worker?.sid)));
      if (
        event === 'teamUpdated' ||
        event === 'queueStatsUpdated' ||
        event === 'callUpdated' ||
        event === 'callSignal' ||
        event === 'messageAdded'
      ) {
        const set = listeners.get(event) ?? new Set();
        listeners.set(event, set);
        set.add(listener);
        const fromReal = event === 'messageAdded' ? real.on('messageAdded', listener) : undefined;
        return {
          dispose: () => {
            set.delete(listener);
            fromReal?.dispose();
          },
        };
      }
      return real.on(event, listener as never);
    },
    // A monitored chat's history: the supervisor is not a member of the channel in the real engine.
    async getMessages(channelSid: string, options?: { afterIndex?: number }) {
      for (const taskSid of monitored) {
        const info = await cc.taskInfo(taskSid);
        if (info?.channelSid === channelSid) return cc.messagesOf(channelSid);
      }
      return real.getMessages(channelSid, options);
    },
    supervision: {
      async monitorTask(taskSid: string) {
        fake.calls.push(`monitorTask ${taskSid}`);
        refuse();
        const task = await cc.taskInfo(taskSid);
        if (!task) throw new ContactCenterError('CC_NOT_FOUND', `no task ${taskSid}`);
        monitored.add(taskSid);
        const call = fake.callsByTask.get(taskSid) ?? null;
        // The in-process engine has chats only: a task given a call stands for a voice task.
        return { task: call ? { ...task, channelType: 'voice' as const } : task, call };
      },
      async stopMonitoringTask(taskSid: string) {
        fake.calls.push(`stopMonitoringTask ${taskSid}`);
        refuse();
        monitored.delete(taskSid);
      },
      async getSupervisorView() {
        refuse();
        return fake.view;
      },
    },
  };
  // Over the real provider (its getters included), each override an own property.
  const provider = Object.create(real) as ContactCenterProvider;
  for (const [key, value] of Object.entries(overrides))
    Object.defineProperty(provider, key, { value, writable: true, configurable: true });
  fake.provider = provider;
  return fake;
}

/** A host on the real in-process contact center, signed in as `sue` (with `role`), beside agents alice and bob. */
export interface SupervisedHost {
  host: Host;
  cc: TestContactCenter;
  fake: FakeSupervision;
  dispose(): Promise<void>;
}

export async function startSupervisedHost(
  role: WorkerRole = 'supervisor',
  options: { supervision?: boolean; view?: Partial<SupervisorView>; plugins?: PluginDefinition[] } = {},
): Promise<SupervisedHost> {
  const cc = await TestContactCenter.start({ agent: 'sue', others: ['alice', 'bob'] });
  const fake = fakeSupervision(cc, role);
  Object.assign(fake.view, options.view);
  if (options.supervision === false) Object.defineProperty(fake.provider, 'supervision', { value: undefined });
  const host: Host = createHost({
    contactCenter: fake.provider,
    global: false,
    logLevel: 'silent',
    // "Loading a bundle" registers the definition, as a bundle's loadPlugin would.
    loader: async (entry) => {
      const plugin = options.plugins?.find((p) => p.name === entry.name);
      if (plugin) host.plugins.register(plugin);
    },
  });
  await fake.provider.connect();
  return {
    host,
    cc,
    fake,
    async dispose() {
      host.dispose();
      await cc.close();
    },
  };
}
