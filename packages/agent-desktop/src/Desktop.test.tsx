/** @jest-environment jsdom */
import { act, fireEvent, screen, within } from '@testing-library/react';
import { definePlugin } from '@switchboard/plugin';
import { createTestHost, type TestHost } from '@switchboard/host/testing';
import { Desktop } from './Desktop';

const crmPlugin = definePlugin({
  name: 'crm',
  init(api) {
    api.views.register({ name: 'crm', label: 'CRM', component: ({ path }) => <p>CRM at {path}</p>, icon: '☎' });
    api.strings.override({ LogOut: 'Sign off' });
  },
});

let t: TestHost;
beforeEach(async () => {
  window.history.replaceState(null, '', '/');
  t = await createTestHost();
});
afterEach(() => t.dispose());

describe('<Desktop>', () => {
  it('lists the views in the side nav and shows the selected one: the agent desktop, then a plugin view', async () => {
    await t.load(crmPlugin);
    await t.renderElement(<Desktop />);
    const nav = screen.getByRole('navigation', { name: 'Views' });
    expect(
      within(nav)
        .getAllByRole('link')
        .map((a) => a.textContent),
    ).toEqual(['Agent Desktop', '☎CRM']);
    expect(screen.getByText('No tasks. Set your activity to Available to receive chats.')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Sign off' })).toBeTruthy(); // the plugin's override

    await act(async () => {
      fireEvent.click(within(nav).getByRole('link', { name: /CRM/ }));
    });
    expect(window.location.hash).toBe('#/crm');
    expect(screen.getByRole('main', { name: 'CRM' }).textContent).toBe('CRM at /crm');
    expect(screen.queryByText(/No tasks/)).toBeNull();

    // Unloaded: its view, its link and its override go; the URL keeps the view.
    await act(async () => {
      await t.host.plugins.unload('crm');
    });
    expect(
      within(nav)
        .getAllByRole('link')
        .map((a) => a.textContent),
    ).toEqual(['Agent Desktop']);
    expect(screen.getByRole('main', { name: 'crm' }).textContent).toMatch(/The view "crm" is not available/);
    expect(screen.getByRole('button', { name: 'Sign out' })).toBeTruthy();
  });

  it("lists the contact center's activities (state.desktop.activities) and sets one by its sid", async () => {
    await t.renderElement(<Desktop />);
    const select = screen.getByRole('combobox', { name: 'Activity' }) as HTMLSelectElement;
    const activities = t.state().desktop.activities;
    expect(activities.length).toBeGreaterThan(0);
    expect([...select.options].map((o) => [o.value, o.textContent])).toEqual(activities.map((a) => [a.sid, a.name]));
    const busy = activities.find((a) => a.name === 'Busy')!;
    await act(async () => {
      fireEvent.change(select, { target: { value: busy.sid } });
    });
    await t.settle();
    expect(t.state().desktop.worker?.activitySid).toBe(busy.sid);
    expect(select.value).toBe(busy.sid);
  });

  it("shows a failed action as the host's notification, in a live region, with a dismiss button", async () => {
    t.host.actions.replaceAction('SetActivity', () => {
      throw new Error('the contact center said no');
    });
    await t.renderElement(<Desktop />);
    await act(async () => {
      fireEvent.change(screen.getByRole('combobox', { name: 'Activity' }), { target: { value: 'Break' } });
    });
    await t.settle();
    const region = screen.getByRole('region', { name: 'Notifications' });
    expect(region.getAttribute('aria-live')).toBe('polite');
    const alert = within(region).getByRole('alert');
    expect(alert.textContent).toContain('SetActivity failed: the contact center said no');
    await act(async () => {
      fireEvent.click(within(alert).getByRole('button', { name: 'Dismiss' }));
    });
    expect(within(region).queryByRole('alert')).toBeNull();
  });

  it('shows which plugin stopped an action, and its reason', async () => {
    await t.load(
      definePlugin({
        name: 'activity-guard',
        init(api) {
          api.actions.addListener('beforeSetActivity', (_payload, abort) => abort('Finish your wrap-up first'));
        },
      }),
    );
    await t.renderElement(<Desktop />);
    await act(async () => {
      fireEvent.change(screen.getByRole('combobox', { name: 'Activity' }), { target: { value: 'Break' } });
    });
    await t.settle();
    const region = screen.getByRole('region', { name: 'Notifications' });
    expect(within(region).getByRole('alert').textContent).toContain(
      'SetActivity failed: Stopped by plugin "activity-guard": Finish your wrap-up first',
    );
  });

  it('toggles the side nav with the header button (ToggleSidebar)', async () => {
    await t.renderElement(<Desktop />);
    const toggle = screen.getByRole('button', { name: 'Toggle the side navigation' });
    expect(toggle.getAttribute('aria-expanded')).toBe('true');
    await act(async () => {
      fireEvent.click(toggle);
    });
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
    expect(screen.queryByRole('navigation', { name: 'Views' })).toBeNull();
    await act(async () => {
      await t.invoke('ToggleSidebar', { open: true });
    });
    expect(screen.getByRole('navigation', { name: 'Views' })).toBeTruthy();
  });

  it('renders the selected view as the `view` child of MainContainer: plugins add beside it, or replace it', async () => {
    await t.load(
      definePlugin({
        name: 'beside',
        init(api) {
          api.contributions.add('MainContainer', () => <aside aria-label="Helper">Helper</aside>, {
            key: 'helper',
            sortOrder: 10,
          });
        },
      }),
    );
    const { container } = await t.renderElement(<Desktop />);
    const layout = container.querySelector('.sb-layout')!;
    expect([...layout.children].map((e) => e.className || e.tagName)).toEqual(['sb-sidenav', 'sb-body', 'ASIDE']);
    await act(async () => {
      await t.load(
        definePlugin({
          name: 'replacer',
          init(api) {
            api.contributions.replace('MainContainer', () => <main aria-label="Mine">Mine</main>, { key: 'mine' });
          },
        }),
      );
    });
    expect(screen.getByRole('main', { name: 'Mine' })).toBeTruthy();
    expect(container.querySelector('.sb-body')).toBeNull();
  });
});
