/** @jest-environment jsdom */
import type { PluginDefinition } from '@switchboard/plugin';
import { entry, makeHost, src, states } from '../../test/helpers';

/**
 * A plugin keeping a draft in its namespace `notes` (and a second one, `notes_ui`); `label`
 * tells the bundle versions apart, `extra` is merged into the definition.
 */
const notesPlugin = (label: string, extra: Partial<PluginDefinition> = {}): PluginDefinition => ({
  name: 'notes',
  init(api) {
    api.store.addReducer('notes', (s: { draft: string; by: string } = { draft: '', by: label }, action) =>
      action.type === 'notes/type' ? { ...s, draft: s.draft + String(action.payload) } : s,
    );
    api.store.addReducer('notes_ui', (s: { open: boolean } = { open: false }, action) =>
      action.type === 'notes/open' ? { open: true } : s,
    );
  },
  ...extra,
});

const v = (n: number) => `${src('notes')}?v=${n}`;

async function edited(next: PluginDefinition) {
  const made = makeHost({ [src('notes')]: { plugin: notesPlugin('v1') }, [v(2)]: { plugin: next } });
  await made.host.plugins.loadManifest([entry('notes')]);
  made.host.store.dispatch({ type: 'notes/type', payload: 'Dear customer' });
  made.host.store.dispatch({ type: 'notes/open' });
  return made;
}

const stateOf = (host: ReturnType<typeof makeHost>['host']) => host.store.getState() as Record<string, unknown>;

describe('a state-keeping reload', () => {
  it('starts the new bundle’s namespaces from the state the plugin had', async () => {
    const { host } = await edited(notesPlugin('v2'));
    const status = await host.plugins.reload('notes', { src: v(2), keepState: true });
    expect(status).toMatchObject({ state: 'Initialized', src: v(2) });
    expect(stateOf(host).notes).toEqual({ draft: 'Dear customer', by: 'v1' });
    expect(stateOf(host).notes_ui).toEqual({ open: true });
    // The new reducer runs on from there.
    host.store.dispatch({ type: 'notes/type', payload: ',' });
    expect(stateOf(host).notes).toEqual({ draft: 'Dear customer,', by: 'v1' });
  });

  it('drops a namespace the new init no longer adds, and gives a later plain reload a fresh state', async () => {
    const lean: PluginDefinition = {
      name: 'notes',
      init(api) {
        api.store.addReducer('notes', (s: { draft: string } = { draft: '' }) => s);
      },
    };
    const { host } = await edited(lean);
    await host.plugins.reload('notes', { src: v(2), keepState: true });
    expect(stateOf(host).notes).toEqual({ draft: 'Dear customer', by: 'v1' });
    expect(stateOf(host)).not.toHaveProperty('notes_ui');
    await host.plugins.reload('notes');
    expect(stateOf(host).notes).toEqual({ draft: '' });
  });

  it('without keepState, a reload starts from the reducers’ initial state', async () => {
    const { host } = await edited(notesPlugin('v2'));
    await host.plugins.reload('notes', { src: v(2) });
    expect(stateOf(host).notes).toEqual({ draft: '', by: 'v2' });
    expect(stateOf(host).notes_ui).toEqual({ open: false });
  });

  it('honours the new bundle’s opt-out (definePlugin hotReload: { keepState: false })', async () => {
    const { host } = await edited(notesPlugin('v2', { hotReload: { keepState: false } }));
    await host.plugins.reload('notes', { src: v(2), keepState: true });
    expect(stateOf(host).notes).toEqual({ draft: '', by: 'v2' });
    expect(stateOf(host).notes_ui).toEqual({ open: false });
    expect(states(host)).toEqual({ notes: 'Initialized' });
  });

  it('lets the held state go when the reload fails: nothing else can take it later', async () => {
    const broken: PluginDefinition = {
      name: 'notes',
      init: () => {
        throw new Error('broken edit');
      },
    };
    const { host } = await edited(broken);
    await host.plugins.reload('notes', { src: v(2), keepState: true });
    expect(states(host)).toEqual({ notes: 'Failed PLUGIN_INIT_FAILED' });
    // The held state was let go when the reload ended: a namespace added by someone else starts fresh.
    host.store.addReducer('notes', (s: string = 'fresh') => s);
    expect(stateOf(host).notes).toBe('fresh');
  });
});
