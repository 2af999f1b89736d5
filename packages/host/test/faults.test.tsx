/**
 * @jest-environment jsdom
 *
 * Fault injection (jsdom): one faulty plugin among healthy ones, for each fault the host must
 * contain. Here bundles come from a fake loader; the faults of loading itself (404, SRI,
 * syntax errors, classified by the real `<script>` loader) run in headless Chromium in
 * test/browser/faults.test.ts.
 */
import { HostProvider, Slot, type Host, type PluginStatus } from '@switchboard/host';
import type { PluginApi, PluginDefinition } from '@switchboard/plugin';
import { act, render, screen } from '@testing-library/react';
import { busyPlugin, entry, makeHost, NO_RESIDUE, residue, src, type FakeBundle } from './helpers';

interface Fault {
  /** What is wrong with the plugin called "faulty". */
  fault: string;
  bundle?: FakeBundle;
  manifest?: Array<ReturnType<typeof entry>>;
  /** Provoke a run-time fault after loading. */
  trigger?: (host: Host) => Promise<void>;
  expected: { state: PluginStatus['state']; code?: string; kind?: string; message: RegExp };
  /** The faulty plugin's id, when not "faulty". */
  id?: string;
}

const faulty = (extra: (api: PluginApi) => unknown): PluginDefinition =>
  busyPlugin('faulty', (api) => extra(api) as void);

const faults: Fault[] = [
  {
    fault: 'its bundle 404s (as the loader reports it)',
    bundle: { http: 404 },
    expected: {
      state: 'Failed',
      code: 'PLUGIN_LOAD_FAILED',
      kind: 'http',
      message: /plugin "faulty": GET .* answered HTTP 404/,
    },
  },
  {
    fault: 'its bundle has a syntax error (as the loader reports it)',
    bundle: { throws: "SyntaxError: Unexpected token '}'" },
    expected: {
      state: 'Failed',
      code: 'PLUGIN_LOAD_FAILED',
      kind: 'evaluation',
      message: /plugin "faulty": its bundle threw while running: SyntaxError/,
    },
  },
  {
    fault: 'its bundle never calls registration',
    bundle: { silent: true },
    expected: {
      state: 'Failed',
      code: 'PLUGIN_NOT_REGISTERED',
      message: /plugin "faulty": its bundle ran but never registered/,
    },
  },
  {
    fault: 'it throws in init',
    bundle: {
      plugin: faulty(() => {
        throw new TypeError('cannot read config');
      }),
    },
    expected: {
      state: 'Failed',
      code: 'PLUGIN_INIT_FAILED',
      message: /plugin "faulty": init failed: cannot read config/,
    },
  },
  {
    fault: 'it rejects in init',
    bundle: { plugin: faulty(() => Promise.reject(new Error('CRM login refused'))) },
    expected: {
      state: 'Failed',
      code: 'PLUGIN_INIT_FAILED',
      message: /plugin "faulty": init failed: CRM login refused/,
    },
  },
  {
    fault: 'its init never resolves',
    bundle: { plugin: faulty(() => new Promise(() => {})) },
    expected: {
      state: 'Failed',
      code: 'PLUGIN_INIT_TIMEOUT',
      message: /plugin "faulty": init did not finish within 150 ms/,
    },
  },
  {
    fault: 'it has a duplicate name',
    id: 'healthy-a#2',
    manifest: [entry('healthy-a', { src: src('faulty') })],
    bundle: { plugin: busyPlugin('healthy-a') },
    expected: {
      state: 'Failed',
      code: 'PLUGIN_DUPLICATE',
      message: /plugins\[2\] \("healthy-a"\): a plugin named "healthy-a" is already loaded/,
    },
  },
  {
    fault: 'it needs another host version',
    bundle: { plugin: faulty(() => {}) },
    manifest: [entry('faulty', { hostVersion: '^3.0.0' })],
    expected: {
      state: 'Failed',
      code: 'PLUGIN_HOST_VERSION',
      message: /plugin "faulty" needs host \^3\.0\.0; this host is 0\.1\.0/,
    },
  },
  {
    fault: 'it throws while rendering',
    bundle: {
      plugin: faulty((api) =>
        api.contributions.add(
          'AgentDesktop.Panel',
          () => {
            throw new Error('undefined is not a function');
          },
          { key: 'broken-panel' },
        ),
      ),
    },
    trigger: async (host) => {
      const spy = jest.spyOn(console, 'error').mockImplementation(() => {});
      try {
        render(
          <HostProvider host={host}>
            <p>the agent desktop</p>
            <Slot name="AgentDesktop.Panel" />
          </HostProvider>,
        );
        await act(async () => {});
      } finally {
        spy.mockRestore();
      }
      expect(screen.getByText('the agent desktop')).toBeTruthy();
      expect(screen.getByRole('alert').textContent).toBe('Plugin “faulty” failed.');
    },
    expected: {
      state: 'Failed',
      code: 'PLUGIN_RUNTIME_ERROR',
      message: /plugin "faulty" failed in its render: undefined is not a function/,
    },
  },
  {
    fault: 'it has a listener that throws',
    bundle: {
      plugin: faulty((api) =>
        api.actions.addListener('beforePing', () => {
          throw new Error('listener bug');
        }),
      ),
    },
    trigger: async (host) => void (await host.actions.invokeAction('Ping', 'trigger')),
    expected: {
      state: 'Failed',
      code: 'PLUGIN_RUNTIME_ERROR',
      message: /plugin "faulty" failed in its listener: listener bug/,
    },
  },
  {
    fault: 'it has a reducer that throws',
    bundle: {
      plugin: faulty((api) =>
        api.store.addReducer('faultyState', (s: number = 0, a: { type: string }) => {
          if (a.type === 'task/updated') throw new Error('reducer bug');
          return s;
        }),
      ),
    },
    trigger: async (host) => {
      host.store.dispatch({ type: 'task/updated' });
      await new Promise((r) => setTimeout(r, 0));
      expect(host.store.getState()).not.toHaveProperty('faultyState');
    },
    expected: {
      state: 'Failed',
      code: 'PLUGIN_RUNTIME_ERROR',
      message: /plugin "faulty" failed in its reducer: reducer bug/,
    },
  },
  {
    fault: 'it has a middleware that throws',
    bundle: {
      plugin: faulty((api) =>
        api.store.addMiddleware(() => () => () => {
          throw new Error('middleware bug');
        }),
      ),
    },
    trigger: async (host) => {
      host.store.dispatch({ type: 'task/updated' });
      await new Promise((r) => setTimeout(r, 0));
    },
    expected: {
      state: 'Failed',
      code: 'PLUGIN_RUNTIME_ERROR',
      message: /plugin "faulty" failed in its middleware: middleware bug/,
    },
  },
  {
    fault: 'it is unloaded mid-session',
    bundle: { plugin: faulty(() => {}) },
    trigger: async (host) => {
      await host.actions.invokeAction('Ping', 'before unload');
      await host.plugins.unload('faulty');
    },
    expected: { state: 'NotStarted', message: /^$/ },
  },
];

describe.each(faults)('a plugin where $fault', ({ bundle, manifest, trigger, expected, id = 'faulty' }) => {
  let host: Host;
  let pings: unknown[];
  const observed: string[] = [];

  beforeAll(async () => {
    const healthy = (name: string) =>
      busyPlugin(
        name,
        (api) => void api.actions.addListener('afterPing', (p) => void observed.push(`${name} saw ${String(p)}`)),
      );
    ({ host, pings } = makeHost(
      {
        [src('healthy-a')]: { plugin: healthy('healthy-a') },
        [src('healthy-b')]: { plugin: healthy('healthy-b') },
        ...(bundle ? { [src('faulty')]: bundle } : {}),
      },
      { pluginTimeoutMs: 150 },
    ));
    await host.plugins.loadManifest([
      entry('healthy-a'),
      entry('healthy-b', { phase: 1 }),
      ...(manifest ?? [entry('faulty')]),
    ]);
    await trigger?.(host);
  });

  afterAll(() => host.dispose());

  it('every other plugin reaches Initialized', () => {
    expect(host.plugins.get('healthy-a')?.state).toBe('Initialized');
    expect(host.plugins.get('healthy-b')?.state).toBe('Initialized');
  });

  it('the host stays usable: an action still runs end to end', async () => {
    observed.length = 0;
    await expect(host.actions.invokeAction('Ping', 'after')).resolves.toBe('pong');
    expect(pings).toContain('after');
    expect(observed).toEqual(['healthy-a saw after', 'healthy-b saw after']);
  });

  it('the faulty one has the expected state and a reason that names it', () => {
    const status = host.plugins.get(id);
    expect(status?.state).toBe(expected.state);
    expect(status?.error?.message ?? '').toMatch(expected.message);
    if (expected.code) expect(status?.error?.code).toBe(expected.code);
    if (expected.kind) expect(status?.error?.kind).toBe(expected.kind);
  });

  it('nothing of it leaks', () => {
    expect(residue(host, 'faulty')).toEqual(NO_RESIDUE);
    expect(host.actions.describe('faulty.Custom')).toBeUndefined();
  });
});

it('a loader rejecting with a plain error is a load failure naming the plugin and the cause', async () => {
  const { host } = makeHost({}, { loader: () => Promise.reject(new Error('socket hang up')) });
  await host.plugins.loadManifest([entry('healthy-a'), entry('nowhere')]);
  expect(host.plugins.get('nowhere')?.error).toEqual({
    code: 'PLUGIN_LOAD_FAILED',
    message: 'plugin "nowhere": could not be loaded: socket hang up',
  });
  await expect(host.actions.invokeAction('Ping')).resolves.toBe('pong');
});
