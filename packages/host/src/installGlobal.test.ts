/** @jest-environment jsdom */
import { SHARED_MODULES } from '@switchboard/plugin';
import { installGlobal, type GlobalOptions } from './installGlobal';
import './index'; // the package entry shares @switchboard/host with the table

const install = (more: Partial<GlobalOptions> = {}) => {
  const register = jest.fn();
  const warn = jest.fn();
  const installed = installGlobal({ hostVersion: '1.2.3', register, log: { warn }, ...more });
  return { register, warn, installed };
};

/** Runs `fn` as if the `<script>` of plugin `name` were running (connected or not). */
const asScriptOf = (name: string, connected: boolean, fn: () => void) => {
  const script = document.createElement('script');
  script.dataset.switchboardPlugin = name;
  if (connected) document.head.append(script);
  const spy = jest.spyOn(document, 'currentScript', 'get').mockReturnValue(script);
  try {
    fn();
  } finally {
    spy.mockRestore();
    script.remove();
  }
};

afterEach(() => {
  delete globalThis.Switchboard;
});

it('puts the version, the contracts and every shared module on window.Switchboard', () => {
  const { installed } = install({ modules: { extra: { x: 1 } }, moduleVersions: { extra: '0.0.1' } });
  const global = globalThis.Switchboard!;
  expect(global).toMatchObject({ version: '1.2.3', contracts: { min: 1, max: 1 } });
  expect(Object.keys(global.modules)).toEqual([...SHARED_MODULES, 'extra']);
  expect(global.versions).toMatchObject({ extra: '0.0.1' });
  expect(Object.isFrozen(global.modules)).toBe(true);
  installed.dispose();
  expect(globalThis.Switchboard).toBeUndefined();
});

it('passes registrations on, with the plugin whose script is running', () => {
  const { register } = install();
  const plugin = { name: 'crm', init: () => {} };
  globalThis.Switchboard!.Plugins.init(plugin);
  asScriptOf('crm', true, () => globalThis.Switchboard!.Plugins.init(plugin, { contract: 1, sdkVersion: '0.1.0' }));
  expect(register.mock.calls).toEqual([
    [plugin, undefined, undefined],
    [plugin, { contract: 1, sdkVersion: '0.1.0' }, 'crm'],
  ]);
});

it('ignores a bundle of an abandoned load attempt that runs late (its script was removed)', () => {
  const { register, warn } = install();
  asScriptOf('crm', false, () => globalThis.Switchboard!.Plugins.init({ name: 'crm', init: () => {} }));
  expect(register).not.toHaveBeenCalled();
  expect(warn).toHaveBeenCalledWith('plugin "crm": a bundle of an abandoned load attempt ran late; ignored');
});

it('a second host replaces the first; the first one, disposed, leaves the second in place', () => {
  const first = install();
  const second = install({ hostVersion: '2.0.0' });
  expect(second.warn).toHaveBeenCalledWith('another Switchboard host was on this page; this one replaces it');
  first.installed.dispose();
  expect(globalThis.Switchboard?.version).toBe('2.0.0');
  second.installed.dispose();
  second.installed.dispose();
  expect(globalThis.Switchboard).toBeUndefined();
});
