import type { PluginDefinition, SwitchboardGlobal } from './index';
import { definePlugin, loadPlugin } from './index';

describe('definePlugin', () => {
  it('returns the plugin unchanged when it is well formed', () => {
    const plugin = { name: 'accept-task-confirm', init: () => {} };
    expect(definePlugin(plugin)).toBe(plugin);
    expect(definePlugin({ name: '@acme/crm-sync', init: async () => {} }).name).toBe('@acme/crm-sync');
  });

  it('names the culprit when it is not', () => {
    expect(() => definePlugin({ name: 'Bad Name', init: () => {} })).toThrow(/definePlugin: name must be .*"Bad Name"/);
    expect(() => definePlugin({ name: '', init: () => {} })).toThrow(/got ""/);
    expect(() => definePlugin({ name: 'ok', init: 'nope' } as unknown as PluginDefinition)).toThrow(
      /definePlugin\("ok"\): init must be a function, got string/,
    );
    expect(() => definePlugin(null as unknown as PluginDefinition)).toThrow(/got undefined/);
  });
});

describe('loadPlugin', () => {
  afterEach(() => {
    delete globalThis.Switchboard;
  });

  it('registers the plugin with the host global', () => {
    const init = jest.fn();
    globalThis.Switchboard = { version: '1.0.0', Plugins: { init }, modules: {} } satisfies SwitchboardGlobal;
    const plugin = definePlugin({ name: 'p', init: () => {} });
    loadPlugin(plugin);
    expect(init).toHaveBeenCalledWith(plugin);
  });

  it('fails clearly outside a host page', () => {
    expect(() => loadPlugin({ name: 'p', init: () => {} })).toThrow(
      expect.objectContaining({ code: 'HOST_NOT_FOUND', message: expect.stringContaining('loadPlugin("p")') }),
    );
  });

  it('checks the plugin before registering it', () => {
    const init = jest.fn();
    globalThis.Switchboard = { version: '1.0.0', Plugins: { init }, modules: {} };
    expect(() => loadPlugin({ name: 'p' } as PluginDefinition)).toThrow(/init must be a function/);
    expect(init).not.toHaveBeenCalled();
  });
});
