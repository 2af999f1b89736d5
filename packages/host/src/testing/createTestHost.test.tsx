/** @jest-environment jsdom */
import { createTestHost } from '@switchboard/host/testing';
import { definePlugin, type DesktopTask } from '@switchboard/plugin';
import { useSelector } from 'react-redux';

const badge = definePlugin({
  name: 'vip-badge',
  init(api) {
    const seen: string[] = [];
    api.store.addReducer('vipBadge', (s: { accepted: number } = { accepted: 0 }, a: { type: string }) =>
      a.type === 'vipBadge/accepted' ? { accepted: s.accepted + 1 } : s,
    );
    api.actions.addListener('afterAcceptTask', (payload) => {
      seen.push((payload as { sid: string }).sid);
      api.store.dispatch({ type: 'vipBadge/accepted' });
    });
    api.contributions.add(
      'TaskCanvas.Header',
      ({ task }) => {
        const accepted = useSelector((s: { vipBadge: { accepted: number } }) => s.vipBadge.accepted);
        return <span>{`${String(task.attributes.tier ?? 'standard')} · ${accepted} accepted`}</span>;
      },
      { key: 'vip' },
    );
  },
});

it('loads a plugin into a real host: real actions, real state, rendered slots', async () => {
  const t = await createTestHost({ plugins: [badge] });
  try {
    expect(t.host.plugins.get('vip-badge')?.state).toBe('Initialized');
    const { reservationSid, channelSid } = await t.contactCenter.createTask({
      customerName: 'Ada',
      attributes: { tier: 'gold' },
      message: 'Hi',
    });
    await t.invoke('AcceptTask', { sid: reservationSid });
    expect(t.state().vipBadge).toEqual({ accepted: 1 });
    const task = t.state().desktop.tasks[reservationSid] as DesktopTask;
    expect(task.status).toBe('accepted');

    const header = await t.render('TaskCanvas.Header', { task });
    expect(header.text()).toBe('gold · 1 accepted');

    await t.invoke('SendMessage', { channelSid, body: 'Hello Ada' });
    expect((await t.contactCenter.messagesOf(channelSid)).map((m) => m.body)).toEqual(['Hi', 'Hello Ada']);
  } finally {
    await t.dispose();
  }
});

it('fails clearly when a plugin does not start', async () => {
  const broken = definePlugin({
    name: 'broken',
    init() {
      throw new Error('no config');
    },
  });
  await expect(createTestHost({ plugins: [broken] })).rejects.toThrow(
    'createTestHost: plugin "broken" failed: plugin "broken": init failed: no config',
  );
});
