/** @jest-environment jsdom */
import { act, render, screen } from '@testing-library/react';
import { HostProvider, PluginStatusPanel, Slot, useHost } from '@switchboard/host';
import { useSelector } from 'react-redux';
import { busyPlugin, desktopTask, entry, makeHost, src } from '../../test/helpers';

const Label = ({ text }: { text: string }) => <span>{text}</span>;

function renderWith(host: ReturnType<typeof makeHost>['host'], ui: React.ReactNode) {
  return render(<HostProvider host={host}>{ui}</HostProvider>);
}

describe('<Slot>', () => {
  it('renders contributions in order, passing the slot props, and follows changes', () => {
    const { host } = makeHost({});
    const task = desktopTask({ sid: 'WT1', channel: 'chat' });
    host.contributions.add('TaskCanvas.Header', ({ task: t }) => <b>task {t.sid}</b>, { key: 'sid', sortOrder: 2 });
    renderWith(host, <Slot name="TaskCanvas.Header" props={{ task }} />);
    expect(screen.getByText('task WT1')).toBeTruthy();

    let extra!: { dispose(): void };
    act(() => {
      extra = host.contributions.add('TaskCanvas.Header', () => <i>first</i>, { key: 'first', sortOrder: 1 });
      host.contributions.add('TaskCanvas.Header', () => <i>voice only</i>, {
        key: 'v',
        if: (p) => p.task.channel === 'voice',
      });
    });
    expect(document.body.textContent).toBe('firsttask WT1');
    act(() => extra.dispose());
    expect(document.body.textContent).toBe('task WT1');
  });

  it("renders a component's own children (defaults) first among equals, removable and replaceable by key", () => {
    const { host } = makeHost({});
    const own = [
      { key: 'title', component: () => <b>title</b> },
      { key: 'logout', component: () => <b>logout</b>, align: 'end' as const },
    ];
    host.contributions.add('MainHeader', () => <i>clock</i>, { key: 'clock', align: 'end', sortOrder: -1 });
    host.contributions.add('MainHeader', () => <i>search</i>, { key: 'search' });
    renderWith(
      host,
      <>
        <p data-testid="start">
          <Slot name="MainHeader" defaults={own} align="start" />
        </p>
        <p data-testid="end">
          <Slot name="MainHeader" defaults={own} align="end" />
        </p>
      </>,
    );
    expect(screen.getByTestId('start').textContent).toBe('titlesearch');
    expect(screen.getByTestId('end').textContent).toBe('clocklogout');
    act(() => {
      host.contributions.remove('MainHeader', 'logout');
      host.contributions.add('MainHeader', () => <i>bye</i>, { key: 'bye', align: 'end' });
    });
    expect(screen.getByTestId('end').textContent).toBe('clockbye');
  });

  it('replaces one message of a list: a conditional replace holds for the props of that item only', () => {
    const { host } = makeHost({});
    const task = desktopTask();
    const own = [
      { key: 'bubble', component: ({ message }: { message: { body: string } }) => <span>{message.body}</span> },
    ];
    host.contributions.replace('MessageListItem', ({ message }) => <em>card {message.body.slice(6)}</em>, {
      key: 'card',
      if: ({ message }) => message.body.startsWith('/card '),
    });
    const message = (index: number, body: string) =>
      ({
        sid: `IM${index}`,
        index,
        body,
        channelSid: 'CH1',
        author: 'a',
        authorName: 'A',
        authorRole: 'customer',
        createdAt: 0,
      }) as never;
    renderWith(
      host,
      <ol>
        {[message(0, 'hello'), message(1, '/card 42'), message(2, 'bye')].map((m, i) => (
          <li key={i}>
            <Slot name="MessageListItem" props={{ task, message: m }} defaults={own} />
          </li>
        ))}
      </ol>,
    );
    expect([...document.querySelectorAll('li')].map((li) => li.innerHTML)).toEqual([
      '<span>hello</span>',
      '<em>card 42</em>',
      '<span>bye</span>',
    ]);
  });

  it('renders only the contribution that changed: the others are not rendered again', () => {
    const { host } = makeHost({});
    const renders: Record<string, number> = {};
    const counted = (key: string) => () => {
      renders[key] = (renders[key] ?? 0) + 1;
      return <i>{key}</i>;
    };
    host.contributions.add('AgentDesktop.Panel', counted('a'), { key: 'a' });
    renderWith(host, <Slot name="AgentDesktop.Panel" />);
    act(() => {
      host.contributions.add('AgentDesktop.Panel', counted('b'), { key: 'b' });
    });
    act(() => {
      host.contributions.add('AgentDesktop.Panel', counted('c'), { key: 'c' });
    });
    expect(document.body.textContent).toBe('abc');
    expect(renders).toEqual({ a: 1, b: 1, c: 1 });
  });

  it('contains a contribution that throws: a notice names the plugin, the plugin fails, the page lives', async () => {
    const { host } = makeHost({
      [src('broken-ui')]: {
        plugin: busyPlugin(
          'broken-ui',
          (api) =>
            void api.contributions.add(
              'AgentDesktop.Panel',
              () => {
                throw new Error('render exploded');
              },
              { key: 'panel' },
            ),
        ),
      },
      [src('fine-ui')]: {
        plugin: busyPlugin(
          'fine-ui',
          (api) =>
            void api.contributions.add('AgentDesktop.Panel', () => <Label text="fine panel" />, { key: 'panel2' }),
        ),
      },
    });
    await host.plugins.loadManifest([entry('broken-ui'), entry('fine-ui')]);
    const spy = jest.spyOn(console, 'error').mockImplementation(() => {}); // React logs caught errors
    try {
      renderWith(
        host,
        <>
          <h1>desktop</h1>
          <Slot name="AgentDesktop.Panel" />
        </>,
      );
      await act(async () => {});
    } finally {
      spy.mockRestore();
    }
    expect(screen.getByText('desktop')).toBeTruthy();
    expect(screen.getByText('fine panel')).toBeTruthy();
    const notice = screen.getByRole('alert');
    expect(notice.textContent).toBe('Plugin “broken-ui” failed.');
    expect(notice.getAttribute('data-plugin')).toBe('broken-ui');
    expect(host.plugins.get('broken-ui')?.error).toEqual({
      code: 'PLUGIN_RUNTIME_ERROR',
      message: 'plugin "broken-ui" failed in its render: render exploded',
    });
    expect(host.plugins.get('fine-ui')?.state).toBe('Initialized');
    // The notice stays where the plugin's UI was, until it is unloaded.
    expect(notice.getAttribute('title')).toMatch(/render exploded/);
    await act(() => host.plugins.unload('broken-ui'));
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('a host component that throws shows a notice and is logged', async () => {
    const { host } = makeHost({});
    const errors: string[] = [];
    host.events.on('log', (e) => e.level === 'error' && errors.push(e.message));
    host.contributions.add(
      'MainHeader.Right',
      () => {
        throw new Error('own bug');
      },
      { key: 'own' },
    );
    const spy = jest.spyOn(console, 'error').mockImplementation(() => {});
    try {
      renderWith(host, <Slot name="MainHeader.Right" />);
    } finally {
      spy.mockRestore();
    }
    expect(screen.getByRole('alert').textContent).toBe('This part of the page failed to render.');
    expect(errors).toEqual(['a component in slot "MainHeader.Right" failed to render']);
  });

  it('lets contributions use the store through react-redux and the host through useHost', async () => {
    const { host } = makeHost({
      [src('counter')]: {
        plugin: {
          name: 'counter',
          init(api) {
            api.store.addReducer('clicks', (n: number = 0, a: { type: string }) => (a.type === 'click' ? n + 1 : n));
            api.contributions.add(
              'MainHeader.Right',
              () => {
                const clicks = useSelector((s: { clicks: number }) => s.clicks);
                return <span>{`${useHost().version} clicks ${clicks}`}</span>;
              },
              { key: 'clicks' },
            );
          },
        },
      },
    });
    await host.plugins.loadManifest([entry('counter')]);
    renderWith(host, <Slot name="MainHeader.Right" />);
    expect(screen.getByText('0.1.0 clicks 0')).toBeTruthy();
    act(() => void host.store.dispatch({ type: 'click' }));
    expect(screen.getByText('0.1.0 clicks 1')).toBeTruthy();
  });

  it('useHost outside a provider says what is missing', () => {
    const Orphan = () => <>{useHost().version}</>;
    const spy = jest.spyOn(console, 'error').mockImplementation(() => {});
    try {
      expect(() => render(<Orphan />)).toThrow('useHost: no <HostProvider host={host}> above this component');
    } finally {
      spy.mockRestore();
    }
  });
});

/** Statuses reach the store's subscribers once per animation frame (auto-batched). */
const nextFrame = () => act(() => new Promise<void>((resolve) => requestAnimationFrame(() => resolve())));

describe('<PluginStatusPanel>', () => {
  it('lists plugins with their state and failure, and updates', async () => {
    const { host } = makeHost({ [src('ok')]: { plugin: busyPlugin('ok') }, [src('gone')]: { http: 404 } });
    renderWith(host, <PluginStatusPanel />);
    await act(() => host.plugins.loadManifest([entry('ok'), entry('gone'), entry('off', { enabled: false })]));
    await nextFrame();
    const rows = screen
      .getAllByRole('row')
      .slice(1)
      .map((r) => [...r.querySelectorAll('td')].map((td) => td.textContent));
    expect(rows).toEqual([
      ['ok', '1.0.0', 'Initialized', '', 'no declared permissions'],
      [
        'gone',
        '1.0.0',
        'Failed',
        `PLUGIN_LOAD_FAILED: plugin "gone": GET ${src('gone')} answered HTTP 404`,
        'no declared permissions',
      ],
      ['off', '1.0.0', 'Disabled', '', 'no declared permissions'],
    ]);
    await act(() => host.plugins.unload('ok'));
    await nextFrame();
    expect(screen.getAllByRole('row')[1]?.getAttribute('data-state')).toBe('NotStarted');
  });

  it('shows the real state and the manifest version: Failed for a rejected entry, Initialized after a disabled plugin is reloaded', async () => {
    const { host } = makeHost({ [src('off')]: { plugin: busyPlugin('off') } });
    renderWith(host, <PluginStatusPanel />);
    await act(() =>
      host.plugins.loadManifest([
        entry('off', { enabled: false, version: '3.1.4' }),
        { name: 'broken', version: '2.0', src: 'b.js', hostVersion: 'not a range' },
      ]),
    );
    await nextFrame();
    const rows = () =>
      screen
        .getAllByRole('row')
        .slice(1)
        .map((r) => [...r.querySelectorAll('td')].slice(0, 3).map((td) => td.textContent));
    expect(rows()).toEqual([
      ['off', '3.1.4', 'Disabled'],
      ['broken', '2.0', 'Failed'],
    ]);
    await act(() => host.plugins.reload('off'));
    await act(() => host.plugins.reload('broken#1'));
    await nextFrame();
    expect(rows()).toEqual([
      ['off', '3.1.4', 'Initialized'],
      ['broken', '2.0', 'Failed'],
    ]);
  });

  it('shows what a plugin may touch, and marks one that declares nothing', async () => {
    const { host } = makeHost({
      [src('crm')]: { plugin: { name: 'crm', init: () => {} } },
      [src('any')]: { plugin: { name: 'any', init: () => {} } },
    });
    renderWith(host, <PluginStatusPanel />);
    await act(() =>
      host.plugins.loadManifest([
        entry('crm', { permissions: { actions: ['AcceptTask'], slots: [], origins: ['https://crm.example.com'] } }),
        entry('any', { permissions: null }),
      ]),
    );
    await nextFrame();
    const cells = screen.getAllByRole('row').map((r) => r.querySelectorAll('td, th')[4]);
    expect(cells.map((c) => c?.textContent)).toEqual([
      'Permissions',
      'actions: AcceptTask · slots: none · origins: https://crm.example.com',
      'no declared permissions',
    ]);
    expect(cells[2]?.querySelector('.sb-plugin-undeclared')).not.toBeNull();
  });
});
