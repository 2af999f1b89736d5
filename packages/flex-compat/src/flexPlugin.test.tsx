/** @jest-environment jsdom */
import { createTestHost, type TestHost } from '@switchboard/host/testing';
import type { DesktopTask } from '@switchboard/plugin';
import { act, type ReactNode } from 'react';
import { connect } from 'react-redux';
import {
  Actions,
  FlexPlugin,
  flexPluginDefinition,
  Manager,
  Notifications,
  Tab,
  TaskHelper,
  toPluginName,
  useFlexSelector,
  withTaskContext,
  type FlexNamespace,
  type FlexReservation,
  type FlexState,
  type ITask,
} from './index';

let t: TestHost | undefined;
afterEach(async () => {
  await t?.dispose();
  t = undefined;
  delete (globalThis as { Twilio?: unknown }).Twilio;
});

/** A Flex plugin written the way flex-plugin-builder projects are. */
function flexPlugin(name: string, init: (flex: FlexNamespace, manager: Manager) => void | Promise<void>) {
  return class extends FlexPlugin {
    constructor() {
      super(name);
    }
    init(flex: FlexNamespace, manager: Manager) {
      return init(flex, manager);
    }
  };
}

it('names the plugin from its Flex name unless told', () => {
  expect(toPluginName('SamplePlugin')).toBe('sample-plugin');
  expect(flexPluginDefinition(flexPlugin('CRMSync2Plugin', () => {})).name).toBe('crmsync2-plugin');
  expect(
    flexPluginDefinition(
      flexPlugin('X', () => {}),
      { name: 'plugin-x' },
    ).name,
  ).toBe('plugin-x');
});

it('an async before listener that calls abortFunction cancels AcceptTask; it sees an ITask', async () => {
  const seen: ITask[] = [];
  const Plugin = flexPlugin('GuardPlugin', (flex) => {
    flex.Actions.addListener('beforeAcceptTask', async (payload, abortFunction) => {
      seen.push(payload.task);
      await new Promise((r) => setTimeout(r, 1));
      if (payload.task.attributes.blocked) abortFunction();
    });
  });
  t = await createTestHost({ plugins: [flexPluginDefinition(Plugin)] });
  const blocked = await t.contactCenter.createTask({ customerName: 'Eve', attributes: { blocked: 'yes' } });
  await expect(t.invoke('AcceptTask', { sid: blocked.reservationSid })).rejects.toMatchObject({
    code: 'ACTION_ABORTED',
  });
  expect(t.state().desktop.tasks[blocked.reservationSid]?.status).toBe('pending');

  const ok = await t.contactCenter.createTask({ customerName: 'Ada' });
  await t.invoke('AcceptTask', { sid: ok.reservationSid });
  expect(t.state().desktop.tasks[ok.reservationSid]?.status).toBe('accepted');
  expect(seen[1]).toMatchObject({
    sid: ok.reservationSid,
    taskSid: ok.taskSid,
    taskChannelUniqueName: 'chat',
    status: 'pending',
    conversationSid: ok.channelSid,
    channelSid: ok.channelSid,
    queueName: 'Everyone',
  });
  expect(seen[1]!.dateCreated).toBeInstanceOf(Date);
  expect(TaskHelper.isPending(seen[1])).toBe(true);
  expect(TaskHelper.isChatBasedTask(seen[1])).toBe(true);
});

it('replaceAction: original runs what was there; invokeAction takes { task } and { conversationSid }', async () => {
  const log: string[] = [];
  const Plugin = flexPlugin('ReplacePlugin', (flex) => {
    flex.Actions.replaceAction('AcceptTask', async (payload, original) => {
      log.push(`replacing for ${payload.task.taskSid}`);
      const result = (await original(payload)) as ITask;
      log.push(`accepted ${result.status}`);
      return result;
    });
    flex.Actions.replaceAction('SendMessage', (payload, original) =>
      original({ ...payload, body: `${payload.body} (sent from Flex)` }),
    );
  });
  t = await createTestHost({ plugins: [flexPluginDefinition(Plugin)] });
  const task = await t.contactCenter.createTask({ customerName: 'Ada', message: 'Hi' });
  const itask = Manager.getInstance().store.getState().flex.worker.tasks.get(task.reservationSid)!;
  const accepted = (await Actions.invokeAction('AcceptTask', { task: itask })) as ITask;
  expect(accepted).toMatchObject({ sid: task.reservationSid, status: 'accepted' });
  expect(log).toEqual([`replacing for ${task.taskSid}`, 'accepted accepted']);

  await Actions.invokeAction('SendMessage', { conversationSid: task.channelSid, body: 'Hello' });
  expect((await t.contactCenter.messagesOf(task.channelSid)).map((m) => m.body)).toEqual([
    'Hi',
    'Hello (sent from Flex)',
  ]);
});

it("the store's flex state follows the desktop: tasks and activities as Maps, input text, session", async () => {
  let manager!: Manager;
  const Plugin = flexPlugin('StatePlugin', (_flex, m) => {
    manager = m;
  });
  t = await createTestHost({ plugins: [flexPluginDefinition(Plugin)] });
  expect(manager).toBe(Manager.getInstance());
  expect((globalThis as { Twilio?: { Flex?: FlexNamespace } }).Twilio?.Flex?.Manager.getInstance()).toBe(manager);
  const before = manager.store.getState().flex;
  expect(before.worker.tasks.size).toBe(0);
  expect(before.session).toMatchObject({ isLoggedIn: true, identity: 'agent' });
  expect([...before.worker.activities.values()].map((a) => a.name)).toEqual(['Available', 'Busy', 'Offline']);
  expect(before.worker.activity?.name).toBe('Available');
  expect(before.worker.attributes).toMatchObject({ full_name: expect.any(String) });

  const task = await t.contactCenter.createTask({ customerName: 'Ada' });
  const flex = manager.store.getState().flex;
  expect(flex).not.toBe(before);
  expect(flex.worker.tasks.get(task.reservationSid)).toMatchObject({ taskSid: task.taskSid, status: 'pending' });
  await t.invoke('AcceptTask', { sid: task.reservationSid });
  await t.invoke('SetInputText', { channelSid: task.channelSid, body: 'Draft' });
  const after = manager.store.getState().flex;
  expect(after.worker.tasks.get(task.reservationSid)?.status).toBe('accepted');
  expect(after.chat.conversationInput[task.channelSid]).toEqual({ inputText: 'Draft' });
  // The same host state gives the same merged state; a plugin's reducer is there too.
  expect(manager.store.getState()).toBe(manager.store.getState());
  manager.store.addReducer('counter', (s: number = 0, a: { type: string }) => (a.type === 'inc' ? s + 1 : s));
  manager.store.dispatch({ type: 'inc' });
  expect(manager.store.getState().counter).toBe(1);
});

it('Content.add renders the element in its slot with the task (ITask), sortOrder and if; unloading removes it', async () => {
  const Badge = withTaskContext(({ task, label }: { task?: ITask; label: string }) => (
    <span>{`${label}:${task?.attributes.tier as string}`}</span>
  ));
  const Status = connect((state: { flex: FlexState }) => ({ count: state.flex.worker.tasks.size }))(
    ({ count }: { count: number }) => <span>{`tasks:${count}`}</span>,
  );
  const Live = () => <span>{`live:${useFlexSelector((s) => s.flex.session.identity)}`}</span>;
  const Plugin = flexPlugin('UiPlugin', (flex) => {
    flex.TaskCanvasHeader.Content.add(<Badge key="second" label="b" />, { sortOrder: 2 });
    flex.TaskCanvasHeader.Content.add(<Badge key="first" label="a" />, { sortOrder: 1 });
    flex.TaskCanvasHeader.Content.add(<Status key="status" />, { sortOrder: 3 });
    flex.TaskCanvasHeader.Content.add(<Live key="live" />, { sortOrder: 4 });
    flex.TaskCanvasHeader.Content.add(<span key="never">never</span>, {
      if: (props) => props.task.attributes.tier === 'bronze',
    });
  });
  t = await createTestHost({ plugins: [flexPluginDefinition(Plugin)] });
  const task = await t.contactCenter.createTask({ customerName: 'Ada', attributes: { tier: 'gold' } });
  const desktopTask = t.state().desktop.tasks[task.reservationSid] as DesktopTask;
  const header = await t.render('TaskCanvas.Header', { task: desktopTask });
  expect(header.text()).toBe('a:goldb:goldtasks:1live:agent');

  await act(() => t!.host.plugins.unload('ui-plugin'));
  expect(header.text()).toBe('');
});

it('Content.add without a key fails naming the component; module-level APIs need a loaded plugin', async () => {
  expect(() => Actions.addListener('beforeAcceptTask', () => {})).toThrow(
    '@twilio/flex-ui Actions.addListener was used outside a loaded Flex plugin',
  );
  const Plugin = flexPlugin('NoKeyPlugin', (flex) => {
    flex.TaskCanvasHeader.Content.add(<span>x</span>);
  });
  await expect(createTestHost({ plugins: [flexPluginDefinition(Plugin)] })).rejects.toThrow(
    'TaskCanvasHeader.Content.add: the element needs a key',
  );
});

it('what the host does not have yet fails naming the API', async () => {
  const Plugin = flexPlugin('NotifyPlugin', () => {});
  t = await createTestHost({ plugins: [flexPluginDefinition(Plugin)] });
  expect(() => Notifications.showNotification('x')).toThrow(
    '@twilio/flex-ui Notifications.showNotification is not supported on Switchboard: this host has no notifications (api.notifications)',
  );
  expect(() => Manager.getInstance().strings).toThrow('manager.strings');
  expect(() => Manager.getInstance().voiceClient).toThrow('manager.voiceClient');
});

it('workerClient and conversationsClient over the host: reservationCreated, getMessages, sendMessage, messageAdded', async () => {
  const created: string[] = [];
  const added: string[] = [];
  const Plugin = flexPlugin('SdkPlugin', (_flex, manager) => {
    manager.workerClient.on('reservationCreated', (reservation: FlexReservation) => {
      created.push(`${reservation.sid}:${reservation.task.sid}:${reservation.task.status}`);
    });
    manager.conversationsClient.on('messageAdded', (message: { body: string }) => {
      added.push(message.body);
    });
  });
  t = await createTestHost({ plugins: [flexPluginDefinition(Plugin)] });
  const manager = Manager.getInstance();
  expect(manager.workerClient.activity?.name).toBe('Available');
  const task = await t.contactCenter.createTask({ customerName: 'Ada', message: 'Hi' });
  expect(created).toEqual([`${task.reservationSid}:${task.taskSid}:reserved`]);
  await t.invoke('AcceptTask', { sid: task.reservationSid });
  const conversation = await manager.conversationsClient.getConversationBySid(task.channelSid);
  await conversation.sendMessage('Hello Ada');
  await t.contactCenter.customerWrites(task.channelSid, 'Thanks');
  expect((await conversation.getMessages()).items.map((m) => m.body)).toEqual(['Hi', 'Hello Ada', 'Thanks']);
  expect(added).toEqual(expect.arrayContaining(['Hello Ada', 'Thanks']));
  await expect(manager.conversationsClient.getConversationBySid('CHnope')).rejects.toThrow('CHnope');
});

it('manager.events: pluginsInitialized and the task events the store tells; the others need the host events', async () => {
  const events: string[] = [];
  const Plugin = flexPlugin('EventsPlugin', (_flex, manager) => {
    manager.events.addListener('pluginsInitialized', () => events.push('pluginsInitialized'));
    for (const name of ['taskReceived', 'taskAccepted', 'taskWrapup', 'taskCompleted', 'taskRejected'])
      manager.events.addListener(name, (task: ITask) => events.push(`${name}:${task.status}`));
  });
  t = await createTestHost({ plugins: [flexPluginDefinition(Plugin)] });
  await t.settle();
  const task = await t.contactCenter.createTask({ customerName: 'Ada' });
  await t.invoke('AcceptTask', { sid: task.reservationSid });
  await t.invoke('WrapupTask', { sid: task.reservationSid });
  await t.invoke('CompleteTask', { sid: task.reservationSid });
  const other = await t.contactCenter.createTask({ customerName: 'Bo' });
  await t.invoke('RejectTask', { sid: other.reservationSid });
  expect(events).toEqual([
    'pluginsInitialized',
    'taskReceived:pending',
    'taskAccepted:accepted',
    'taskWrapup:wrapping',
    'taskCompleted:wrapping',
    'taskReceived:pending',
    'taskRejected:pending',
  ]);
  expect(() => Manager.getInstance().events.addListener('taskTimeout', () => {})).toThrow(
    'manager.events.addListener("taskTimeout") is not supported on Switchboard: this host has no task and worker events (api.events)',
  );
});

it('setProviders wraps the contributions; a <Tab> child of TaskCanvasTabs renders its content, given its label', async () => {
  const Theme = ({ children }: { children?: ReactNode }) => <div data-theme="paste">{children}</div>;
  const Plugin = flexPlugin('TabsPlugin', (flex) => {
    flex.setProviders({ PasteThemeProvider: Theme });
    flex.TaskCanvasTabs.Content.add(
      <Tab key="crm" label="CRM">
        <span>crm content</span>
      </Tab>,
    );
  });
  t = await createTestHost({ plugins: [flexPluginDefinition(Plugin)] });
  expect(t.host.contributions.describe('TaskCanvas.Tabs').map((c) => [c.key, c.owner])).toEqual([
    ['crm', 'tabs-plugin'],
  ]);
  // The label is given as the contribution's `label` option (the host's resolve() does not pass it on yet).
  const task = await t.contactCenter.createTask({ customerName: 'Ada' });
  const tabs = await t.render('TaskCanvas.Tabs', { task: t.state().desktop.tasks[task.reservationSid] as DesktopTask });
  expect(tabs.text()).toBe('crm content');
  expect(tabs.container.querySelector('[data-theme="paste"]')?.textContent).toBe('crm content');
});

it('Manager.getInstance() at a module top level finds the manager once the plugin is loaded; SetActivity by activitySid', async () => {
  const early = Manager.getInstance();
  expect(() => early.store).toThrow('Manager.getInstance().store was used outside a loaded Flex plugin');
  const Plugin = flexPlugin('ActivityPlugin', () => {});
  t = await createTestHost({ plugins: [flexPluginDefinition(Plugin)] });
  const busy = [...early.store.getState().flex.worker.activities.values()].find((a) => a.name === 'Busy')!;
  await Actions.invokeAction('SetActivity', { activitySid: busy.sid });
  expect(early.workerClient.activity?.name).toBe('Busy');
  expect(early.store.getState().flex.worker.activity).toEqual(busy);
});

it('CRMContainer.defaultProps.uriCallback shows the URL in the CRM container; other defaultProps warn; AgentDesktopView.Panel2', async () => {
  const Plugin = flexPlugin('CrmPlugin', (flex) => {
    flex.CRMContainer.defaultProps.uriCallback = (task?: ITask) =>
      task ? `https://crm.example/search?q=${encodeURIComponent(task.defaultFrom)}` : 'https://crm.example/';
    flex.MainHeader.defaultProps.logoUrl = 'https://example.com/logo.png';
    flex.AgentDesktopView.Panel2.Content.add(<span key="panel">panel two</span>);
  });
  t = await createTestHost({ plugins: [flexPluginDefinition(Plugin)] });
  const task = await t.contactCenter.createTask({ customerName: 'Ada' });
  const crm = await t.render('CRMContainer', { task: t.state().desktop.tasks[task.reservationSid] as DesktopTask });
  expect(crm.container.querySelector('iframe')?.getAttribute('src')).toBe('https://crm.example/search?q=Ada');
  expect((await t.render('AgentDesktop.Panel')).text()).toBe('panel two');
  expect(
    () =>
      Manager.getInstance() &&
      (globalThis as { Twilio?: { Flex?: FlexNamespace } }).Twilio!.Flex!.AgentDesktopView.Panel1.Content.add(
        <span key="x" />,
      ),
  ).toThrow('AgentDesktopView.Panel1.Content');
});
