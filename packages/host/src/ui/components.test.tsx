/** @jest-environment jsdom */
import { act, fireEvent, render, screen } from '@testing-library/react';
import {
  HostProvider,
  NotificationBar,
  SideNav,
  Template,
  ViewContainer,
  useComponentState,
  useString,
  type Host,
} from '@switchboard/host';
import type { NotificationContentProps } from '@switchboard/plugin';
import { makeHost } from '../../test/helpers';

const hosts: Host[] = [];
function setup(ui: React.ReactNode) {
  const { host } = makeHost({}, { global: false });
  hosts.push(host);
  const view = render(<HostProvider host={host}>{ui}</HostProvider>);
  return { host, ...view };
}
afterEach(() => {
  for (const h of hosts.splice(0)) h.dispose();
});
beforeEach(() => window.history.replaceState(null, '', '/'));

describe('UI components', () => {
  it('<Template> and useString render the catalogue with a context and follow overrides and the locale', () => {
    function Title({ name }: { name: string }) {
      return <h2>{useString('ChatWith', { task: { customerName: name } })}</h2>;
    }
    const { host } = setup(
      <>
        <Title name="Ada" />
        <p>
          <Template code="TaskAcceptChatFrom" task={{ customerName: 'Bob' }} />|<Template code="Unknown" />
        </p>
      </>,
    );
    expect(screen.getByRole('heading').textContent).toBe('Chat with Ada');
    expect(screen.getByText(/Accept chat from Bob/).textContent).toBe('Accept chat from Bob|Unknown');
    let undo!: { dispose(): void };
    act(() => {
      undo = host.strings.override({ ChatWith: 'Talking to {{task.customerName}}' });
    });
    expect(screen.getByRole('heading').textContent).toBe('Talking to Ada');
    act(() => host.strings.setLocale('fr', { ChatWith: 'Discussion avec {{task.customerName}}' }));
    expect(screen.getByRole('heading').textContent).toBe('Talking to Ada');
    act(() => undo.dispose());
    expect(screen.getByRole('heading').textContent).toBe('Discussion avec Ada');
  });

  it('renders notifications in a live region: errors as alerts, others as statuses, with actions and a dismiss button', () => {
    const { host } = setup(<NotificationBar />);
    const clicked: string[] = [];
    host.notifications.register({
      id: 'Saved',
      type: 'success',
      content: 'Saved {{contact.name}}',
      timeout: 0,
      actions: [{ label: 'Open {{contact.name}}', onClick: (n) => clicked.push(n.id) }],
    });
    host.notifications.register({ id: 'Oops', type: 'error', templateKey: 'ActionFailed', closeButton: true });
    host.notifications.register({
      id: 'Custom',
      type: 'warning',
      closeButton: false,
      content: ({ context, dismiss }: NotificationContentProps) => (
        <button type="button" onClick={dismiss}>
          custom {String(context.n)}
        </button>
      ),
    });
    host.notifications.register({ id: 'Element', type: 'information', content: <em>an element</em>, timeout: 0 });
    act(() => {
      host.notifications.show('Element');
      host.notifications.show('Saved', { contact: { name: 'Ada' } });
      host.notifications.show('Oops', { action: 'AcceptTask', message: 'gone' });
      host.notifications.show('Custom', { n: 7 });
    });
    const region = screen.getByRole('region', { name: 'Notifications' });
    expect(region.getAttribute('aria-live')).toBe('polite');
    expect(screen.getAllByRole('status').map((s) => s.textContent)).toEqual(['an element×', 'Saved AdaOpen Ada×']);
    const alerts = screen.getAllByRole('alert');
    expect(alerts.map((a) => a.textContent)).toEqual(['AcceptTask failed: gone×', 'custom 7']);

    fireEvent.click(screen.getByRole('button', { name: 'Open Ada' }));
    expect(clicked).toEqual(['Saved']);
    expect(screen.getAllByRole('status')).toHaveLength(1); // an action dismisses by default
    for (const button of screen.getAllByRole('button', { name: 'Dismiss' })) fireEvent.click(button);
    fireEvent.click(screen.getByRole('button', { name: 'custom 7' }));
    expect(region.textContent).toBe('');
    expect(host.notifications.shown()).toEqual([]);
  });

  it('lists the views in the side nav, marks the current one, navigates on click and shows the selected view', async () => {
    function Crm({ name, path }: { name: string; path: string }) {
      return (
        <p>
          view {name} at {path}
        </p>
      );
    }
    const { host } = setup(
      <>
        <SideNav />
        <main>
          <ViewContainer>
            <p>the agent desktop</p>
          </ViewContainer>
        </main>
      </>,
    );
    act(() => {
      host.views.register({ name: 'crm', label: 'CRM', component: Crm, icon: '☎' });
    });
    const nav = screen.getByRole('navigation', { name: 'Views' });
    const links = Array.from(nav.querySelectorAll('a'));
    expect(links.map((a) => [a.textContent, a.getAttribute('href'), a.getAttribute('aria-current')])).toEqual([
      ['Agent Desktop', '#/agent-desktop', 'page'],
      ['☎CRM', '#/crm', null],
    ]);
    expect(screen.getByRole('main').textContent).toBe('the agent desktop');
    await act(async () => {
      fireEvent.click(screen.getByRole('link', { name: /CRM/ }));
    });
    expect(screen.getByRole('main').textContent).toBe('view crm at /crm');
    expect(screen.getByRole('link', { name: /CRM/ }).getAttribute('aria-current')).toBe('page');
    await act(async () => {
      await host.actions.invokeAction('HistoryPush', '/gone');
    });
    expect(screen.getByRole('main').textContent).toMatch(/The view "gone" is not available/);
  });

  it('useComponentState follows SetComponentState', async () => {
    function Tabs() {
      const { selectedTabName } = useComponentState('TaskCanvasTabs');
      return <p>{String(selectedTabName ?? 'none')}</p>;
    }
    const { host, container } = setup(<Tabs />);
    expect(container.textContent).toBe('none');
    await act(async () => {
      await host.actions.invokeAction('SetComponentState', {
        name: 'TaskCanvasTabs',
        state: { selectedTabName: 'crm' },
      });
    });
    expect(container.textContent).toBe('crm');
  });
});
