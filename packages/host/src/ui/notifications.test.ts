/** @jest-environment jsdom */
import { isSwitchboardError } from '@switchboard/actions';
import { selectNotifications } from '@switchboard/host';
import type { PluginApi, ShownNotification } from '@switchboard/plugin';
import { entry, makeHost, src } from '../../test/helpers';

const hosts: Array<{ dispose(): void }> = [];
const makeUiHost = (...args: Parameters<typeof makeHost>) => {
  const made = makeHost(...args);
  hosts.push(made.host);
  return made;
};

const shown = (host: ReturnType<typeof makeHost>['host']) =>
  selectNotifications(host.store.getState()).map((n) => `${n.id}:${n.type}`);

describe('notifications', () => {
  afterEach(() => {
    for (const h of hosts.splice(0)) h.dispose();
    jest.useRealTimers();
  });

  it('registers, shows with a context into state.ui, and dismisses by key or by id', () => {
    const { host } = makeUiHost({});
    host.notifications.register({ id: 'Saved', type: 'success', content: 'Saved {{contact.name}}', timeout: 0 });
    const n = host.notifications.show('Saved', { contact: { name: 'Ada' } })!;
    expect(n).toMatchObject({ id: 'Saved', type: 'success', context: { contact: { name: 'Ada' } }, closeButton: true });
    host.notifications.show('Saved');
    expect(shown(host)).toEqual(['Saved:success', 'Saved:success']);
    expect(host.notifications.dismiss(n.key)).toBe(true);
    expect(host.notifications.dismiss(n.key)).toBe(false);
    expect(host.notifications.dismissById('Saved')).toBe(1);
    expect(shown(host)).toEqual([]);
  });

  it('dismisses information and success after their timeout; warnings and errors stay', () => {
    jest.useFakeTimers();
    const { host } = makeUiHost({});
    host.notifications.register({ id: 'Info', content: 'i' });
    host.notifications.register({ id: 'Err', type: 'error', content: 'e' });
    host.notifications.register({ id: 'Quick', type: 'warning', content: 'q', timeout: 100 });
    host.notifications.show('Info');
    host.notifications.show('Err');
    host.notifications.show('Quick');
    jest.advanceTimersByTime(100);
    expect(shown(host)).toEqual(['Info:information', 'Err:error']);
    jest.advanceTimersByTime(5000);
    expect(shown(host)).toEqual(['Err:error']);
  });

  it('lets synchronous beforeAddNotification listeners see and cancel a notification', () => {
    const { host } = makeUiHost({});
    host.notifications.register({ id: 'Noisy', content: 'x' });
    const seen: ShownNotification[] = [];
    const d = host.notifications.addListener('beforeAddNotification', (n, cancel) => {
      seen.push(n);
      if (n.context.quiet) cancel();
    });
    expect(host.notifications.show('Noisy', { quiet: true })).toBeUndefined();
    expect(shown(host)).toEqual([]);
    expect(host.notifications.show('Noisy')).toBeDefined();
    expect(seen.map((n) => n.context)).toEqual([{ quiet: true }, {}]);
    d.dispose();
    host.notifications.show('Noisy', { quiet: true });
    expect(shown(host)).toHaveLength(2);
  });

  it('refuses unknown and duplicate ids and bad definitions with errors naming them', () => {
    const { host } = makeUiHost({});
    let error: unknown;
    try {
      host.notifications.show('Nope');
    } catch (e) {
      error = e;
    }
    expect(isSwitchboardError(error, 'NOTIFICATION_NOT_FOUND')).toBe(true);
    expect((error as Error).message).toMatch(/no notification "Nope" is registered \(registered: ActionFailed\)/);
    host.notifications.register({ id: 'A', content: 'a' });
    expect(() => host.notifications.register({ id: 'A', content: 'b' })).toThrow(/"A" is registered already by "host"/);
    expect(() => host.notifications.register({ id: 'B' })).toThrow(/exactly one of content and templateKey/);
    expect(() => host.notifications.register({ id: 'C', content: 'c', timeout: -1 })).toThrow(/timeout must be/);
    expect(() => host.notifications.register({ id: 'D', content: 'd', type: 'fatal' as 'error' })).toThrow(
      /type must be one of information, success, warning, error/,
    );
  });

  it("undoes a plugin's notifications when it unloads: its registrations, what it showed, its listeners", async () => {
    let api!: PluginApi;
    const { host } = makeUiHost({
      [src('crm')]: {
        plugin: {
          name: 'crm',
          init(a) {
            api = a;
            a.notifications.register({ id: 'CrmSaved', type: 'warning', content: 'saved' });
            a.notifications.addListener('beforeAddNotification', (_n, cancel) => cancel());
          },
        },
      },
    });
    host.notifications.register({ id: 'HostNote', type: 'error', content: 'host' });
    await host.plugins.loadManifest([entry('crm')]);
    expect(host.notifications.show('HostNote')).toBeUndefined(); // the plugin's listener cancels
    await host.plugins.unload('crm');
    expect(host.notifications.get('CrmSaved')).toBeUndefined();
    expect(host.notifications.show('HostNote')).toBeDefined();

    // Shown by the plugin (its own and the host's): dismissed on unload; the host's own stay.
    const { host: h2 } = makeUiHost({
      [src('crm')]: {
        plugin: {
          name: 'crm',
          init(a) {
            api = a;
            a.notifications.register({ id: 'CrmSaved', type: 'warning', content: 'saved' });
          },
        },
      },
    });
    h2.notifications.register({ id: 'HostNote', type: 'error', content: 'host' });
    await h2.plugins.loadManifest([entry('crm')]);
    api.notifications.show('CrmSaved');
    api.notifications.show('HostNote');
    h2.notifications.show('HostNote');
    expect(shown(h2)).toEqual(['CrmSaved:warning', 'HostNote:error', 'HostNote:error']);
    expect(selectNotifications(h2.store.getState())[1]!.owner).toBe('crm');
    await h2.plugins.unload('crm');
    expect(shown(h2)).toEqual(['HostNote:error']);
    expect(h2.notifications.get('CrmSaved')).toBeUndefined();
    // Late calls of the unloaded plugin leave nothing behind.
    expect(api.notifications.register({ id: 'Late', content: 'x' })).toBeDefined();
    expect(h2.notifications.get('Late')).toBeUndefined();
  });

  it("reports a plugin's listener that throws to the plugin (it fails); the notification still shows", async () => {
    const { host } = makeUiHost({
      [src('buggy')]: {
        plugin: {
          name: 'buggy',
          init(a) {
            a.notifications.addListener('beforeAddNotification', () => {
              throw new Error('listener bug');
            });
          },
        },
      },
    });
    host.notifications.register({ id: 'Note', type: 'warning', content: 'n' });
    await host.plugins.loadManifest([entry('buggy')]);
    expect(host.notifications.show('Note')).toBeDefined();
    await new Promise((r) => setTimeout(r, 0));
    expect(host.plugins.get('buggy')).toMatchObject({ state: 'Failed', error: { code: 'PLUGIN_RUNTIME_ERROR' } });
    expect(host.notifications.show('Note')).toBeDefined();
    expect(shown(host)).toEqual(['Note:warning', 'Note:warning']);
  });
});
