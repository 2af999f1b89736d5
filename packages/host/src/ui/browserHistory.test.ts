/** @jest-environment jsdom */
import { createHost, selectSelectedView } from '@switchboard/host';
import type { PluginApi } from '@switchboard/plugin';
import { entry, makeHost, src } from '../../test/helpers';

const View = () => null;
const nextEvent = (name: string) => new Promise((resolve) => window.addEventListener(name, resolve, { once: true }));

describe('views in the browser', () => {
  beforeEach(() => window.history.replaceState(null, '', '/desk'));

  it('keep the view in the URL hash: it survives a reload, Back and a typed URL move it', async () => {
    const host = createHost({ logLevel: 'silent', global: false });
    host.views.register({ name: 'crm', label: 'CRM', component: View });
    await host.actions.invokeAction('NavigateToView', { viewName: 'crm' });
    expect(window.location.hash).toBe('#/crm');
    host.dispose();

    // A reload: a new host reads the view from the URL (even before its plugin registers it).
    const again = createHost({ logLevel: 'silent', global: false });
    expect(selectSelectedView(again.store.getState())).toBe('crm');
    const changes: string[] = [];
    again.events.on('selectedViewChanged', (v) => changes.push(v));
    await again.actions.invokeAction('HistoryPush', '/agent-desktop');
    expect(window.location.hash).toBe('#/agent-desktop');
    const popped = nextEvent('popstate');
    await again.actions.invokeAction('HistoryGoBack');
    await popped;
    expect(selectSelectedView(again.store.getState())).toBe('crm');
    const typed = nextEvent('hashchange');
    window.location.hash = '#/reports';
    await typed;
    expect(selectSelectedView(again.store.getState())).toBe('reports');
    expect(changes).toEqual(['agent-desktop', 'crm', 'reports']);
    again.dispose();
  });

  it("a plugin's views go when it unloads; the selected one stays in the URL", async () => {
    let api!: PluginApi;
    const { host } = makeHost({
      [src('crm')]: {
        plugin: {
          name: 'crm',
          init(a) {
            api = a;
            a.views.register({ name: 'crm', label: 'CRM', component: View });
          },
        },
      },
    });
    await host.plugins.loadManifest([entry('crm')]);
    expect(api.views.list().map((v) => [v.name, v.owner])).toEqual([
      ['agent-desktop', 'host'],
      ['crm', 'crm'],
    ]);
    await host.actions.invokeAction('NavigateToView', { viewName: 'crm' });
    expect(api.views.selected).toBe('crm');
    await host.plugins.unload('crm');
    expect(host.views.get('crm')).toBeUndefined();
    expect(host.views.selected).toBe('crm');
    host.dispose();
  });
});
