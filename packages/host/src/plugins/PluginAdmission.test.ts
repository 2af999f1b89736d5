/**
 * @jest-environment jsdom
 *
 * The admission step: which manifest entries may load (valid, a free name, a host version
 * the entry accepts) and which registration contracts are accepted; a refused entry stays
 * Failed with its reason. Unit tests of PluginAdmission, then the same rules through a host.
 */
import type { ParsedEntry } from '../manifest/manifest';
import { busyPlugin, entry, makeHost, src, states } from '../../test/helpers';
import { PluginAdmission } from './PluginAdmission';

describe('PluginAdmission', () => {
  const valid = (name: string, index = 0, hostVersion = '^1.0.0'): ParsedEntry => ({
    index,
    name,
    entry: { name, version: '1.0.0', src: src(name), hostVersion, phase: 2, enabled: false },
  });
  const none = () => false;

  it('admits a valid entry under its name, showing the manifest’s values', () => {
    expect(new PluginAdmission('1.4.0').admit(valid('crm'), none)).toEqual({
      id: 'crm',
      name: 'crm',
      entry: valid('crm').entry,
      shown: { version: '1.0.0', src: src('crm'), phase: 2, enabled: false },
      rejection: undefined,
    });
  });

  it('refuses a host version outside the range (prereleases of this host count)', () => {
    const admission = new PluginAdmission('2.0.0-beta.1');
    expect(admission.admit(valid('crm', 0, '^1.0.0'), none).rejection).toMatchObject({
      code: 'PLUGIN_HOST_VERSION',
      owner: 'crm',
      message: 'plugin "crm" needs host ^1.0.0; this host is 2.0.0-beta.1',
    });
    expect(admission.admit(valid('crm', 0, '>=1.0.0'), none).rejection).toBeUndefined();
  });

  it('refuses a taken name, under the id name#index', () => {
    const admitted = new PluginAdmission('1.0.0').admit(valid('crm', 3), (id) => id === 'crm');
    expect(admitted).toMatchObject({ id: 'crm#3', name: 'crm', rejection: { code: 'PLUGIN_DUPLICATE' } });
  });

  it('keeps every refused entry: an id taken by an earlier manifest’s refused entry gets a suffix', () => {
    const taken = new Set(['crm', 'crm#3', 'crm#3.2']);
    expect(new PluginAdmission('1.0.0').admit(valid('crm', 3), (id) => taken.has(id)).id).toBe('crm#3.3');
  });

  it('refuses an invalid entry with its problems, showing only what it declared', () => {
    const parsed: ParsedEntry = {
      index: 1,
      name: undefined,
      problems: ['plugins[1].name: required', 'plugins[1].src: required'],
      declared: { version: '2.0' },
    };
    expect(new PluginAdmission('1.0.0').admit(parsed, none)).toEqual({
      id: 'plugin#1',
      name: 'plugin#1',
      entry: undefined,
      shown: { version: '2.0', phase: 0, enabled: true },
      rejection: expect.objectContaining({
        code: 'MANIFEST_INVALID',
        message: 'plugins[1].name: required; plugins[1].src: required',
      }),
    });
  });

  it('accepts the registration contracts of HOST_CONTRACTS; none stated is contract 1', () => {
    const admission = new PluginAdmission('1.0.0');
    expect(admission.contractProblem('p', undefined)).toBeUndefined();
    expect(admission.contractProblem('p', { contract: 1, sdkVersion: '0.1.0' })).toBeUndefined();
    expect(admission.contractProblem('p', { contract: 1.5, sdkVersion: '0.1.0' })).toMatchObject({
      code: 'PLUGIN_CONTRACT_UNSUPPORTED',
      owner: 'p',
    });
  });
});

describe('the manifest step, through a host', () => {
  it('fails a plugin that needs another host version without fetching it', async () => {
    const { host, fake } = makeHost({ [src('future')]: { plugin: busyPlugin('future') } }, { hostVersion: '1.4.0' });
    await host.plugins.loadManifest([entry('future', { hostVersion: '^2.0.0' })]);
    expect(host.plugins.get('future')?.error).toEqual({
      code: 'PLUGIN_HOST_VERSION',
      message: 'plugin "future" needs host ^2.0.0; this host is 1.4.0',
    });
    expect(fake.loads).toEqual([]);
  });

  it('fails the second of two entries with the same name; the first loads', async () => {
    const { host } = makeHost({ [src('twin')]: { plugin: busyPlugin('twin') } });
    await host.plugins.loadManifest([entry('twin'), entry('twin', { src: 'https://cdn.test/other.js' })]);
    expect(states(host)).toEqual({ twin: 'Initialized', 'twin#1': 'Failed PLUGIN_DUPLICATE' });
    expect(host.plugins.get('twin#1')?.error?.message).toMatch(
      /plugins\[1\] \("twin"\): a plugin named "twin" is already loaded/,
    );
  });

  it('fails an entry of a later manifest whose name is taken', async () => {
    const { host } = makeHost({ [src('a')]: { plugin: busyPlugin('a') } });
    await host.plugins.loadManifest([entry('a')]);
    await host.plugins.loadManifest([entry('a')]);
    expect(states(host)).toEqual({ a: 'Initialized', 'a#0': 'Failed PLUGIN_DUPLICATE' });
  });

  it('fails invalid entries with the manifest problem, and loads the valid ones', async () => {
    const { host } = makeHost({ [src('good')]: { plugin: busyPlugin('good') } });
    await host.plugins.loadManifest([{ name: 'broken', version: 'x', src: 'b.js', hostVersion: '*' }, entry('good')]);
    expect(states(host)).toEqual({ 'broken#0': 'Failed MANIFEST_INVALID', good: 'Initialized' });
    expect(host.plugins.get('broken#0')?.error?.message).toBe(
      'plugins[0] ("broken").version: must be a semver version, like "1.2.0"',
    );
  });
});

describe('refused entries keep their reason', () => {
  it('reloading an entry the manifest step refused keeps its reason and fetches nothing', async () => {
    const { host, fake } = makeHost(
      { [src('twin')]: { plugin: busyPlugin('twin') }, [src('future')]: { plugin: busyPlugin('future') } },
      { hostVersion: '1.0.0' },
    );
    await host.plugins.loadManifest([
      { name: 'broken', version: '2.0', src: 'b.js', hostVersion: '*' },
      entry('twin', { hostVersion: '*' }),
      entry('twin', { src: 'https://cdn.test/twin-other.js', hostVersion: '*' }),
      entry('future', { hostVersion: '^2.0.0' }),
    ]);
    const before = host.plugins.list();
    const loads = [...fake.loads];
    for (const id of ['broken#0', 'twin#2', 'future']) {
      const status = await host.plugins.reload(id);
      expect(status).toEqual(before.find((p) => p.id === id));
      await host.plugins.unload(id);
      expect(host.plugins.get(id)).toEqual(before.find((p) => p.id === id));
    }
    expect(fake.loads).toEqual(loads); // not the host page (src ""), not the duplicate's bundle
    expect(states(host)).toEqual({
      'broken#0': 'Failed MANIFEST_INVALID',
      twin: 'Initialized',
      'twin#2': 'Failed PLUGIN_DUPLICATE',
      future: 'Failed PLUGIN_HOST_VERSION',
    });
  });

  it('the status shows the manifest’s version, even of an invalid entry, and no placeholder', async () => {
    const { host } = makeHost({});
    await host.plugins.loadManifest([
      { name: 'broken', version: '2.0', src: 'b.js', hostVersion: 'nope' },
      { name: 'bare' } as never,
    ]);
    expect(host.plugins.get('broken#0')).toEqual({
      id: 'broken#0',
      name: 'broken',
      version: '2.0',
      src: 'b.js',
      phase: 0,
      enabled: true,
      state: 'Failed',
      error: expect.objectContaining({ code: 'MANIFEST_INVALID' }),
    });
    expect(host.plugins.get('bare#1')).not.toHaveProperty('version');
    expect(host.plugins.get('bare#1')).not.toHaveProperty('src');
  });
});

describe('the registration contract', () => {
  const contract = (n: number | undefined) => ({
    name: 'p',
    init: () => {},
    ...(n === undefined ? {} : { registration: { contract: n, sdkVersion: `${n}.0.0` } }),
  });

  it.each([
    [undefined, 'Initialized', undefined],
    [1, 'Initialized', undefined],
    [
      2,
      'Failed',
      'plugin "p": its bundle was built with @switchboard/plugin 2.0.0 for registration contract 2; this host (0.1.0) accepts contract 1: use a newer host, or build the plugin with an older @switchboard/plugin',
    ],
    [
      0,
      'Failed',
      'plugin "p": its bundle was built with @switchboard/plugin 0.0.0 for registration contract 0; this host (0.1.0) accepts contract 1: rebuild the plugin with a current @switchboard/plugin',
    ],
  ])('a bundle for contract %s is %s', async (n, state, reason) => {
    const bundle = contract(n);
    const { host } = makeHost({
      [src('p')]: { registers: [{ name: bundle.name, init: bundle.init }], registration: bundle.registration },
    });
    await host.plugins.loadManifest([entry('p')]);
    expect(host.plugins.get('p')?.state).toBe(state);
    if (reason) expect(host.plugins.get('p')?.error).toEqual({ code: 'PLUGIN_CONTRACT_UNSUPPORTED', message: reason });
  });
});
