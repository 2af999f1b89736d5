/** @jest-environment jsdom */
import type { PluginStatus } from '@switchboard/host';
import { busyPlugin, entry, makeHost, src } from '../../test/helpers';

afterEach(() => {
  delete globalThis.Switchboard;
});

it('pluginsLoaded, then pluginsInitialized, once per loadManifest, with the statuses of its plugins', async () => {
  const { host } = makeHost({
    [src('a')]: { plugin: busyPlugin('a', () => new Promise((r) => setTimeout(r, 20))) },
    [src('b')]: { plugin: busyPlugin('b') },
  });
  const heard: Array<[string, Array<[string, string]>]> = [];
  const shown = (statuses: PluginStatus[]) => statuses.map((s): [string, string] => [s.name, s.state]);
  host.events.on('pluginsLoaded', (statuses) => heard.push(['pluginsLoaded', shown(statuses)]));
  host.events.on('pluginsInitialized', (statuses) => heard.push(['pluginsInitialized', shown(statuses)]));
  await host.plugins.loadManifest([entry('a'), entry('b')]);
  expect(heard[0]![0]).toBe('pluginsLoaded');
  // `a`'s init is still running when both are loaded.
  expect(heard[0]![1]).toContainEqual(['a', 'Initializing']);
  expect(heard[1]).toEqual([
    'pluginsInitialized',
    [
      ['a', 'Initialized'],
      ['b', 'Initialized'],
    ],
  ]);
  expect(heard).toHaveLength(2);
  host.dispose();
});
