/** @jest-environment jsdom */
import type { LogEntry } from '@switchboard/host';
import type { PluginApi, PluginPermissions } from '@switchboard/plugin';
import { entry, makeHost, src, states } from '../../test/helpers';

/** A host with one plugin `p` declaring `permissions`, whose init hands its API out. */
async function hostWith(permissions: PluginPermissions | null | undefined, init?: (api: PluginApi) => void) {
  let api!: PluginApi;
  const made = makeHost({
    [src('p')]: {
      plugin: {
        name: 'p',
        init: (a) => {
          api = a;
          init?.(a);
        },
      },
    },
  });
  const logs: LogEntry[] = [];
  made.host.events.on('log', (e) => logs.push(e));
  made.host.actions.registerAction('AcceptTask', () => 'accepted');
  await made.host.plugins.loadManifest([entry('p', permissions === undefined ? {} : { permissions })]);
  return { ...made, api, logs };
}

const declared = (p: Partial<PluginPermissions>): PluginPermissions => ({ actions: [], slots: [], origins: [], ...p });
const noop = () => {};
const Nothing = () => null;

const actionDenied = (action: string) => ({
  code: 'PERMISSION_DENIED',
  owner: 'p',
  message: `plugin "p" has no permission for action "${action}" (declare it in package.json switchboard.plugin.permissions.actions)`,
});
const slotDenied = (slot: string) => ({
  code: 'PERMISSION_DENIED',
  owner: 'p',
  message: `plugin "p" has no permission for slot "${slot}" (declare it in package.json switchboard.plugin.permissions.slots)`,
});

describe('a plugin that declares its permissions', () => {
  it('refuses every way to touch an undeclared action, naming the plugin, the action and where to declare it', async () => {
    const { host, api } = await hostWith(declared({ actions: ['Ping'] }));
    const attempts: Array<() => unknown> = [
      () => api.actions.addListener('beforeAcceptTask', noop),
      () => api.actions.addListener('afterAcceptTask', noop),
      () => api.actions.on('beforeAcceptTask', noop),
      () => api.actions.replaceAction('AcceptTask', (p, original) => original(p)),
      () => api.actions.registerAction('AcceptTask', noop),
      () => api.actions.blockAction('AcceptTask'),
      () => api.actions.unblockAction('AcceptTask'),
    ];
    for (const attempt of attempts) expect(attempt).toThrow(expect.objectContaining(actionDenied('AcceptTask')));
    // Invoking is refused the way an invocation is: a rejected promise, never a throw.
    await expect(api.actions.invokeAction('AcceptTask')).rejects.toMatchObject(actionDenied('AcceptTask'));
    // Nothing was registered on the way, and the action still works for the others.
    const described = host.actions.describe('AcceptTask')!;
    expect([described.before, described.after, described.replacements, described.blocks]).toEqual([[], [], [], []]);
    expect(described.owner).toBeUndefined();
    await expect(host.actions.invokeAction('AcceptTask')).resolves.toBe('accepted');
  });

  it('allows what it declared', async () => {
    const { host, api, pings } = await hostWith(declared({ actions: ['Ping', 'p.Lookup'], slots: ['CRMContainer'] }));
    const seen: string[] = [];
    api.actions.addListener('beforePing', () => void seen.push('before'));
    api.actions.on('afterPing', () => void seen.push('after'));
    api.actions.replaceAction('Ping', (payload, original) => original(payload));
    api.actions.registerAction('p.Lookup', () => 'found');
    await expect(api.actions.invokeAction('Ping', 'x')).resolves.toBe('pong');
    await expect(api.actions.invokeAction('p.Lookup')).resolves.toBe('found');
    expect(seen).toEqual(['before', 'after']);
    expect(pings).toEqual(['x']);
    const block = api.actions.blockAction('Ping');
    await expect(host.actions.invokeAction('Ping')).rejects.toMatchObject({ code: 'ACTION_BLOCKED' });
    block.dispose();
    api.contributions.add('CRMContainer', Nothing, { key: 'crm' });
    api.contributions.replace('CRMContainer', Nothing, { key: 'crm2' });
    api.contributions.remove('CRMContainer', 'crm');
    expect(host.contributions.describe().map((c) => `${c.slot} ${c.kind} ${c.key} ${c.owner}`)).toEqual([
      'CRMContainer add crm p',
      'CRMContainer replace crm2 p',
      'CRMContainer remove crm p',
    ]);
    // Reading stays free.
    expect(api.actions.describe('AcceptTask')?.registered).toBe(true);
    expect(api.actions.findPendingActions('AcceptTask')).toEqual({});
  });

  it('refuses an undeclared slot for add, replace and remove', async () => {
    const { host, api } = await hostWith(declared({ slots: ['CRMContainer'] }));
    expect(() => api.contributions.add('TaskCanvasTabs', Nothing, { key: 'tab' })).toThrow(
      expect.objectContaining(slotDenied('TaskCanvasTabs')),
    );
    expect(() => api.contributions.replace('MainHeader', Nothing, { key: 'h' })).toThrow(
      expect.objectContaining(slotDenied('MainHeader')),
    );
    expect(() => api.contributions.remove('TaskCanvasTabs', 'chat')).toThrow(
      expect.objectContaining(slotDenied('TaskCanvasTabs')),
    );
    expect(host.contributions.describe()).toEqual([]);
  });

  it('"*" allows any action (the lifecycle events too) and any slot', async () => {
    const { host, api } = await hostWith(declared({ actions: ['*'], slots: ['*'] }));
    api.actions.addListener('beforeAcceptTask', noop);
    api.actions.replaceAction('Anything', noop);
    api.actions.addListener('invocationEnd', noop);
    await expect(api.actions.invokeAction('AcceptTask')).resolves.toBe('accepted');
    api.contributions.add('TaskCanvasTabs', Nothing, { key: 'tab' });
    expect(host.actions.describe('AcceptTask')?.before).toEqual([{ owner: 'p', name: 'noop' }]);
    expect(host.contributions.describe()).toHaveLength(1);
  });

  it('needs "*" for the lifecycle events, which see every action', async () => {
    const { api } = await hostWith(declared({ actions: ['AcceptTask'] }));
    expect(() => api.actions.addListener('invocationBegin', noop)).toThrow(
      expect.objectContaining({
        code: 'PERMISSION_DENIED',
        message: expect.stringContaining('plugin "p" has no permission for the lifecycle event "invocationBegin"'),
      }),
    );
  });

  it('holds a sub-scope to the same declaration', async () => {
    const { api } = await hostWith(declared({ actions: ['Ping'] }));
    const sub = api.actions.scope('p/part');
    sub.addListener('beforePing', noop);
    expect(() => sub.addListener('beforeAcceptTask', noop)).toThrow(
      expect.objectContaining(actionDenied('AcceptTask')),
    );
  });

  it('fails a plugin whose init touches an undeclared action, and the rest runs', async () => {
    const { host } = await hostWith(declared({ actions: [] }), (api) => {
      api.actions.addListener('beforeAcceptTask', noop);
    });
    expect(states(host)).toEqual({ p: 'Failed PERMISSION_DENIED' });
    expect(host.plugins.get('p')?.error?.message).toBe(actionDenied('AcceptTask').message);
    await expect(host.actions.invokeAction('AcceptTask')).resolves.toBe('accepted');
  });

  it('shows the declaration in its status, and logs no warning', async () => {
    const permissions = declared({ actions: ['Ping'], origins: ['https://crm.example.com'] });
    const { host, logs } = await hostWith(permissions);
    expect(host.plugins.get('p')?.permissions).toEqual(permissions);
    expect(
      (host.store.getState() as { switchboard: { plugins: Record<string, unknown> } }).switchboard.plugins.p,
    ).toMatchObject({ permissions });
    expect(logs.filter((l) => l.message.includes('declares no permissions'))).toEqual([]);
  });
});

describe('a plugin that declares nothing', () => {
  it.each([
    ['no declaration', undefined],
    ['null', null],
  ])(
    'runs unrestricted with %s, warned once in its log (not again on reload), flagged in its status',
    async (_, permissions) => {
      const { host, api, logs } = await hostWith(permissions, (a) => {
        a.actions.addListener('beforeAcceptTask', noop);
        a.actions.addListener('invocationBegin', noop);
        a.contributions.add('TaskCanvasTabs', Nothing, { key: 'tab' });
      });
      expect(states(host)).toEqual({ p: 'Initialized' });
      await expect(api.actions.invokeAction('AcceptTask')).resolves.toBe('accepted');
      expect(host.plugins.get('p')).not.toHaveProperty('permissions');
      await host.plugins.reload('p');
      expect(states(host)).toEqual({ p: 'Initialized' });
      const warnings = logs.filter((l) => l.level === 'warn').map((l) => `${l.source}: ${l.message}`);
      expect(warnings).toEqual([
        'p: plugin "p" declares no permissions: it may hook any action and fill any slot (declare them in package.json switchboard.plugin.permissions)',
      ]);
    },
  );
});
