/** @jest-environment jsdom */
import type { PluginApi } from '@switchboard/plugin';
import { busyPlugin, entry, makeHost, src } from '../../test/helpers';

afterEach(() => {
  delete globalThis.Switchboard;
});

describe('api.events', () => {
  it("delivers the host's events to the plugin, and its listeners go when it unloads", async () => {
    const heard: string[] = [];
    const { host } = makeHost({
      [src('watcher')]: {
        plugin: busyPlugin('watcher', (api) => {
          api.events.on('pluginsInitialized', (statuses) =>
            heard.push(statuses.map((s) => `${s.name} ${s.state}`).join()),
          );
          api.events.on('taskAccepted', (task) => heard.push(task.taskSid));
        }),
      },
    });
    await host.plugins.loadManifest([entry('watcher')]);
    expect(heard).toEqual(['watcher Initialized']);
    expect(host.events.count('pluginsInitialized')).toBe(1);
    expect(host.events.count('taskAccepted')).toBe(1);
    await host.plugins.unload('watcher');
    expect(host.events.count('pluginsInitialized')).toBe(0);
    expect(host.events.count('taskAccepted')).toBe(0);
    host.dispose();
  });

  it('a Disposable removes one listener; after unload, on() is refused and leaves nothing', async () => {
    let api: PluginApi | undefined;
    const { host } = makeHost({ [src('p')]: { plugin: busyPlugin('p', (a) => void (api = a)) } });
    await host.plugins.loadManifest([entry('p')]);
    const d = api!.events.on('selectedViewChanged', () => {});
    expect(host.events.count('selectedViewChanged')).toBeGreaterThan(0);
    const before = host.events.count('selectedViewChanged');
    d.dispose();
    expect(host.events.count('selectedViewChanged')).toBe(before - 1);
    await host.plugins.unload('p');
    const late = api!.events.on('taskReceived', () => {});
    expect(host.events.count('taskReceived')).toBe(0);
    late.dispose();
    expect(() => api!.events.on('taskReceived', 'nope' as never)).toThrow(/listener must be a function.*"p"/);
    host.dispose();
  });

  it('a listener that throws is reported as its plugin\'s error (source "listener"); other listeners run', async () => {
    const others: string[] = [];
    const { host } = makeHost({
      [src('fragile')]: {
        plugin: busyPlugin('fragile', (api) => {
          api.events.on('pluginsInitialized', () => {
            throw new Error('listener broke');
          });
        }),
      },
    });
    const reports: string[] = [];
    host.events.on('pluginError', (r) =>
      reports.push(`${r.plugin}/${r.source}: ${String((r.error as Error).message)}`),
    );
    host.events.on('pluginsInitialized', () => others.push('host'));
    await host.plugins.loadManifest([entry('fragile')]);
    await new Promise((r) => setTimeout(r, 0));
    expect(reports).toEqual(['fragile/listener: listener broke']);
    expect(others).toEqual(['host']);
    expect(host.plugins.get('fragile')?.state).toBe('Failed');
    expect(host.events.count('pluginsInitialized')).toBe(1);
    host.dispose();
  });
});
