import { isSwitchboardError } from '@switchboard/actions';
import {
  createHost,
  createMemoryHistory,
  selectComponentState,
  selectSelectedView,
  selectUi,
  UI_ACTIONS,
} from '@switchboard/host';

const View = () => null;

function uiHost() {
  const history = createMemoryHistory();
  const host = createHost({ logLevel: 'silent', history });
  const changes: string[] = [];
  host.events.on('selectedViewChanged', (name) => changes.push(name));
  const selected = () => selectSelectedView(host.store.getState());
  return { host, history, changes, selected };
}

describe('native UI actions', () => {
  it('are registered on every host, without a contact center', () => {
    const { host } = uiHost();
    for (const name of UI_ACTIONS) expect(host.actions.describe(name)?.owner).toBe('host');
    expect(selectUi(host.store.getState())).toEqual({
      notifications: [],
      view: { selected: 'agent-desktop', path: '/agent-desktop' },
      componentState: {},
      sidebar: { open: true },
    });
    host.dispose();
  });

  it('NavigateToView: refuses an unknown view with an error naming it and the registered ones', async () => {
    const { host, selected } = uiHost();
    const error = await host.actions.invokeAction('NavigateToView', { viewName: 'crm' }).catch((e: unknown) => e);
    expect(isSwitchboardError(error, 'VIEW_NOT_FOUND')).toBe(true);
    expect((error as Error).message).toBe('NavigateToView: no view "crm" is registered (views: agent-desktop)');
    const bad = await host.actions.invokeAction('NavigateToView', {}).catch((e: unknown) => e);
    expect((bad as Error).message).toMatch(/NavigateToView: the payload needs \{ viewName \}/);
    expect(selected()).toBe('agent-desktop');
    host.dispose();
  });

  it('NavigateToView and the history actions move through the history; selectedViewChanged tells each change', async () => {
    const { host, history, changes, selected } = uiHost();
    host.views.register({ name: 'crm', label: 'CRM', component: View });
    host.views.register({ name: 'reports', label: 'Reports', component: View, sortOrder: 5 });
    expect(host.views.list().map((v) => v.name)).toEqual(['agent-desktop', 'reports', 'crm']);

    await host.actions.invokeAction('NavigateToView', { viewName: 'crm' });
    expect(selected()).toBe('crm');
    expect(history.path).toBe('/crm');
    await host.actions.invokeAction('HistoryPush', '/reports/2024');
    expect(selectUi(host.store.getState()).view).toEqual({ selected: 'reports', path: '/reports/2024' });
    await host.actions.invokeAction('HistoryGoBack');
    expect(selected()).toBe('crm');
    await host.actions.invokeAction('HistoryGoForward');
    expect(selected()).toBe('reports');
    await host.actions.invokeAction('HistoryGo', { steps: -2 });
    expect(selected()).toBe('agent-desktop');
    await host.actions.invokeAction('HistoryReplace', { path: 'crm' });
    expect(selected()).toBe('crm');
    await host.actions.invokeAction('HistoryGoForward');
    expect(selected()).toBe('crm'); // replaced the first entry; forward is /crm
    expect(changes).toEqual(['crm', 'reports', 'crm', 'reports', 'agent-desktop', 'crm']);
    const bad = await host.actions.invokeAction('HistoryGo', { steps: 'back' }).catch((e: unknown) => e);
    expect((bad as Error).message).toMatch(/HistoryGo: the payload needs \{ steps \}/);
    host.dispose();
  });

  it('lets plugins observe and block navigation like any action', async () => {
    const { host, selected } = uiHost();
    host.views.register({ name: 'crm', label: 'CRM', component: View });
    host.actions.addListener('beforeNavigateToView', (_p, abort) => abort());
    await expect(host.actions.invokeAction('NavigateToView', { viewName: 'crm' })).rejects.toThrow();
    expect(selected()).toBe('agent-desktop');
    host.dispose();
  });

  it('SetComponentState merges into the named component state; ToggleSidebar toggles or sets', async () => {
    const { host } = uiHost();
    await host.actions.invokeAction('SetComponentState', { name: 'TaskCanvasTabs', state: { selectedTabName: 'crm' } });
    await host.actions.invokeAction('SetComponentState', { name: 'TaskCanvasTabs', state: { other: 1 } });
    expect(selectComponentState(host.store.getState(), 'TaskCanvasTabs')).toEqual({ selectedTabName: 'crm', other: 1 });
    expect(selectComponentState(host.store.getState(), 'Nothing')).toEqual({});
    const bad = await host.actions.invokeAction('SetComponentState', { name: 'X', state: 3 }).catch((e: unknown) => e);
    expect(isSwitchboardError(bad, 'PAYLOAD_INVALID')).toBe(true);

    expect(await host.actions.invokeAction('ToggleSidebar')).toBe(false);
    expect(await host.actions.invokeAction('ToggleSidebar', { open: false })).toBe(false);
    expect(await host.actions.invokeAction('ToggleSidebar', {})).toBe(true);
    expect(selectUi(host.store.getState()).sidebar.open).toBe(true);
    host.dispose();
  });

  it('views: names checked, duplicates refused naming the owner, unregistered by the Disposable', () => {
    const { host } = uiHost();
    expect(() => host.views.register({ name: 'a b', label: 'x', component: View })).toThrow(/name must be letters/);
    expect(() => host.views.register({ name: 'agent-desktop', label: 'x', component: View })).toThrow(
      /"agent-desktop" is registered already by "host"/,
    );
    const seen: number[] = [];
    host.views.subscribe(() => seen.push(host.views.list().length));
    const d = host.views.register({ name: 'crm', label: 'CRM', component: View, icon: '☎' });
    expect(host.views.get('crm')).toMatchObject({
      name: 'crm',
      label: 'CRM',
      sortOrder: 100,
      owner: 'host',
      icon: '☎',
    });
    d.dispose();
    expect(host.views.get('crm')).toBeUndefined();
    expect(seen).toEqual([2, 1]);
    host.dispose();
  });
});
