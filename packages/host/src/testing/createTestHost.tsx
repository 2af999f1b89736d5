/**
 * A real host for plugin tests: the actions with every native action, the store, the
 * contribution slots, the plugin manager, on the real contact center in memory (the engine of
 * the local contact center, its protocol and its clients, without a socket). A plugin's tests
 * load the plugin's definition (no bundle), invoke real actions, and assert on real state and
 * on what its slots render.
 */
import type { PluginDefinition, PluginPermissions, SlotName, SlotProps } from '@switchboard/plugin';
import { act, type ReactNode } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { createHost, type Host, type HostOptions } from '../createHost';
import type { DesktopState } from '../desktop/desktopSlice';
import type { PluginStatus } from '../plugins/types';
import { HostProvider } from '../react/HostProvider';
import { Slot } from '../react/Slot';
import { TestContactCenter, type TestContactCenterOptions } from './TestContactCenter';

/** Options of {@link createTestHost}. */
export interface TestHostOptions {
  /** Plugins to load at once (their definitions, as `definePlugin` returns them). */
  plugins?: PluginDefinition[];
  /** This agent's identity (default `agent`). */
  agent?: string;
  /** Other agents, connected and Available, for transfers (default `colleague`). */
  others?: string[];
  /** How long an offer waits to be accepted (default 30,000 ms; `contactCenter.timeOut()` ends one at once). */
  reservationTimeoutMs?: number;
  /** Chats an agent handles at once (default 3). */
  chatCapacity?: number;
  /** Calls: the caller id outbound calls show (default `+15550100000`), the ring timeout. */
  voice?: TestContactCenterOptions['voice'];
  /**
   * The permissions each plugin declares, by plugin name (as its package.json
   * `switchboard.plugin.permissions` says): the host then refuses the rest, as in production.
   * A plugin not named declares nothing (unrestricted).
   *
   * @example
   * await createTestHost({ plugins: [plugin], permissions: { 'crm-sync': { actions: ['AcceptTask'], slots: [], origins: [] } } });
   */
  permissions?: Record<string, PluginPermissions | null>;
  /** Per-plugin init timeout (default 2,000 ms: tests fail fast). */
  pluginTimeoutMs?: number;
  /** More host options (reducers, logLevel, …). */
  host?: Omit<HostOptions, 'contactCenter' | 'loader' | 'pluginTimeoutMs' | 'global'>;
}

/** What {@link TestHost.render} returns: the DOM it rendered into. */
export interface RenderedSlot {
  readonly container: HTMLElement;
  /** The rendered text (what a person reads). */
  text(): string;
  /** Re-renders with new props. */
  rerender(props?: object): Promise<void>;
  unmount(): void;
}

/** A real host on the real contact center, in memory. */
export interface TestHost {
  readonly host: Host;
  /** The contact center and its driver: create tasks, write as the customer, time offers out, inject failures, outages. */
  readonly contactCenter: TestContactCenter;
  /** Loads plugin definitions through the real plugin manager; resolves with their statuses. */
  load(...plugins: PluginDefinition[]): Promise<PluginStatus[]>;
  /** `host.actions.invokeAction`. */
  invoke(action: string, payload?: unknown): Promise<unknown>;
  /** The store's state (`desktop`, `actions`, the plugins' own namespaces …). */
  state(): Record<string, unknown> & { desktop: DesktopState };
  /** Renders a slot (in a DOM: use Jest's jsdom environment), inside the host's providers. */
  render<S extends SlotName>(slot: S, props?: SlotProps<S>): Promise<RenderedSlot>;
  /** Renders any element inside the host's providers. */
  renderElement(element: ReactNode): Promise<RenderedSlot>;
  /** Lets pending promises, timers of 0 ms, an animation frame and React updates settle. */
  settle(): Promise<void>;
  /** Unmounts what was rendered, unloads every plugin, disposes the host, stops the contact center. */
  dispose(): Promise<void>;
}

const isDom = () => typeof document !== 'undefined';

/** Runs a step in React's act() where there is a DOM, so what it changes has rendered when it resolves. */
const inAct = async <T,>(run: () => Promise<T>): Promise<T> => {
  if (!isDom()) return run();
  (globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;
  let result!: T;
  // act's thenable does not pass a value on: the result is kept aside.
  await act(async () => {
    result = await run();
  });
  return result;
};

/**
 * Creates a test host, connected to its contact center, with `options.plugins` loaded.
 *
 * @example
 * const t = await createTestHost({ plugins: [plugin] });
 * const { reservationSid } = await t.contactCenter.createTask({ customerName: 'Ada' });
 * await t.invoke('AcceptTask', { sid: reservationSid });
 * expect(t.state().desktop.tasks[reservationSid]?.status).toBe('accepted');
 * await t.dispose();
 */
export async function createTestHost(options: TestHostOptions = {}): Promise<TestHost> {
  const contactCenter = await TestContactCenter.start({
    agent: options.agent ?? 'agent',
    ...(options.others ? { others: options.others } : {}),
    ...(options.reservationTimeoutMs === undefined ? {} : { reservationTimeoutMs: options.reservationTimeoutMs }),
    ...(options.chatCapacity === undefined ? {} : { chatCapacity: options.chatCapacity }),
    ...(options.voice === undefined ? {} : { voice: options.voice }),
    step: inAct,
  });
  const definitions = new Map<string, PluginDefinition>();
  const host: Host = createHost({
    logLevel: 'silent',
    ...options.host,
    global: false,
    pluginTimeoutMs: options.pluginTimeoutMs ?? 2_000,
    contactCenter: contactCenter.provider,
    // "Loading a bundle" registers the definition, as a bundle's loadPlugin would.
    loader: async (entry) => {
      const definition = definitions.get(entry.name);
      if (!definition) throw new Error(`createTestHost: no plugin "${entry.name}" was given`);
      host.plugins.register(definition);
    },
  });
  await contactCenter.connect();

  const roots = new Set<Root>();
  const mount = async (render: (root: Root) => void): Promise<{ root: Root; container: HTMLElement }> => {
    if (!isDom())
      throw new Error('createTestHost: render needs a DOM: add `/** @jest-environment jsdom */` to the test file');
    // React runs act() only where the environment says it is a test.
    (globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;
    const container = document.body.appendChild(document.createElement('div'));
    const root = createRoot(container);
    roots.add(root);
    await act(async () => render(root));
    return { root, container };
  };
  const rendered = (root: Root, container: HTMLElement, rerender: (props?: object) => void): RenderedSlot => ({
    container,
    text: () => container.textContent ?? '',
    rerender: async (props) => act(async () => rerender(props)),
    unmount: () => {
      act(() => root.unmount());
      roots.delete(root);
      container.remove();
    },
  });

  const testHost: TestHost = {
    host,
    contactCenter,
    async load(...plugins) {
      for (const p of plugins) definitions.set(p.name, p);
      return host.plugins.loadManifest(
        plugins.map((p) => ({
          name: p.name,
          version: '0.0.0-test',
          src: `https://plugins.test/${p.name}.js`,
          hostVersion: '*',
          ...(options.permissions?.[p.name] ? { permissions: options.permissions[p.name] } : {}),
        })),
      );
    },
    invoke: (action, payload) => host.actions.invokeAction(action, payload),
    state: () => host.store.getState() as ReturnType<TestHost['state']>,
    async render(slot, props) {
      const element = (p?: object) => (
        <HostProvider host={host}>
          <Slot name={slot} props={(p ?? props ?? {}) as never} />
        </HostProvider>
      );
      const { root, container } = await mount((r) => r.render(element()));
      return rendered(root, container, (p) => root.render(element(p)));
    },
    async renderElement(node) {
      const element = () => <HostProvider host={host}>{node}</HostProvider>;
      const { root, container } = await mount((r) => r.render(element()));
      return rendered(root, container, () => root.render(element()));
    },
    async settle() {
      for (let i = 0; i < 3; i++) {
        await (isDom() ? act(() => new Promise((r) => setTimeout(r, 0))) : new Promise((r) => setTimeout(r, 0)));
      }
      // Plugin statuses reach the store's subscribers once per animation frame.
      if (isDom() && typeof requestAnimationFrame === 'function')
        await act(() => new Promise<void>((r) => requestAnimationFrame(() => r())));
    },
    async dispose() {
      for (const root of roots) act(() => root.unmount());
      roots.clear();
      host.dispose();
      await contactCenter.close();
    },
  };
  if (options.plugins?.length) {
    const statuses = await testHost.load(...options.plugins);
    const failed = statuses.filter((s) => s.state === 'Failed');
    if (failed.length) {
      await testHost.dispose();
      throw new Error(
        `createTestHost: ${failed.map((s) => `plugin "${s.name}" failed: ${s.error?.message ?? 'unknown'}`).join('; ')}`,
      );
    }
  }
  return testHost;
}
