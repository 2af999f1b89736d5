/** @jest-environment jsdom */
import { SlotTabs, TaskContextProvider } from '@switchboard/host';
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
  Template,
  templates,
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
  const header = await t.render('TaskCanvasHeader', { task: desktopTask });
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

it('what has no local equivalent fails naming the API', async () => {
  const Plugin = flexPlugin('VoicePlugin', () => {});
  t = await createTestHost({ plugins: [flexPluginDefinition(Plugin)] });
  expect(() => Manager.getInstance().voiceClient).toThrow(
    '@twilio/flex-ui manager.voiceClient is not supported on Switchboard',
  );
  const flex = (globalThis as { Twilio?: { Flex?: FlexNamespace } }).Twilio!.Flex!;
  expect(() => flex.CallCanvas.Content.add(<span key="x" />)).toThrow(
    '@twilio/flex-ui CallCanvas.Content is not supported on Switchboard: the desktop has no such component',
  );
  expect(() => flex.TaskCanvas.Content.remove('x')).toThrow('TaskCanvas.Content');
  expect(() => Manager.getInstance().events.addListener('taskTransferFailed', () => {})).toThrow(
    '@twilio/flex-ui manager.events.addListener("taskTransferFailed") is not supported on Switchboard: the host has no such event',
  );
});

it('Notifications: register (Flex shape), beforeAddNotification cancels, show with a context, dismiss; owned', async () => {
  const cancelled: string[] = [];
  const clicked: string[] = [];
  const Plugin = flexPlugin('NotifyPlugin', (flex) => {
    flex.Notifications.registerNotification({
      id: 'CrmSaved',
      type: flex.NotificationType.success,
      content: 'Saved {{name}}',
      timeout: 0,
      closeButton: false,
      actions: [<button key="undo" {...{ label: 'Undo' }} onClick={() => clicked.push('undo')} />],
    });
    flex.Notifications.registerNotification({ id: 'Quiet', content: 'never' });
    flex.Notifications.addListener('beforeAddNotification', (n, cancel) => {
      if (n.id === 'Quiet') {
        cancelled.push(n.id);
        cancel();
      }
    });
  });
  t = await createTestHost({ plugins: [flexPluginDefinition(Plugin)] });
  const shown = Notifications.showNotification('CrmSaved', { name: 'Ada' });
  expect(shown).toMatchObject({
    id: 'CrmSaved',
    type: 'success',
    timeout: 0,
    closeButton: false,
    owner: 'notify-plugin',
  });
  expect(t.host.notifications.get('CrmSaved')).toMatchObject({ content: 'Saved {{name}}' });
  t.host.notifications.get('CrmSaved')!.actions![0]!.onClick(shown!);
  expect(clicked).toEqual(['undo']);
  expect(Notifications.showNotification('Quiet')).toBeUndefined();
  expect(cancelled).toEqual(['Quiet']);
  Notifications.dismissNotificationById('CrmSaved');
  expect(t.host.notifications.shown()).toEqual([]);
  Notifications.showNotification('CrmSaved', { name: 'Bo' });
  expect(t.host.notifications.shown()).toHaveLength(1);
  // A string naming a key of the catalogue is a template by name.
  Manager.getInstance().strings.CrmSavedText = 'Saved for {{name}}!';
  Notifications.registerNotification({ id: 'ByKey', content: 'CrmSavedText', type: 'warning' });
  expect(t.host.notifications.get('ByKey')).toMatchObject({ templateKey: 'CrmSavedText', type: 'warning' });
  expect(() => Notifications.registerNotification({ id: 'Bad', content: 'x', type: 'loud' as never })).toThrow(
    'type "loud" is not one of information, success, warning, error',
  );
  await t.host.plugins.unload('notify-plugin');
  expect(t.host.notifications.get('CrmSaved')).toBeUndefined();
  expect(t.host.notifications.shown()).toEqual([]);
});

it('manager.strings reads the catalogue; assigning a key overrides it for the desktop (owned); templates and <Template>', async () => {
  const Plugin = flexPlugin('StringsPlugin', (_flex, manager) => {
    manager.strings.Greeting = 'Hello {{name}}';
    Object.assign(manager.strings, { Farewell: 'Bye {{name}}' });
  });
  t = await createTestHost({ plugins: [flexPluginDefinition(Plugin)] });
  const manager = Manager.getInstance();
  expect(manager.strings.Greeting).toBe('Hello {{name}}');
  expect(t.host.strings.get('Greeting', { name: 'Ada' })).toBe('Hello Ada');
  expect(templates.Farewell!({ name: 'Bo' })).toBe('Bye Bo');
  expect(Object.keys(manager.strings)).toEqual(expect.arrayContaining(['Greeting', 'Farewell']));
  const existing = Object.keys(t.host.strings.all()).find((k) => k !== 'Greeting' && k !== 'Farewell')!;
  expect(manager.strings[existing]).toBe(t.host.strings.template(existing));
  manager.strings.Greeting = 'Hi {{name}}';
  expect(t.host.strings.get('Greeting', { name: 'Ada' })).toBe('Hi Ada');
  const rendered = await t.renderElement(<Template code="Greeting" name="Cy" />);
  expect(rendered.text()).toBe('Hi Cy');
  await act(() => t!.host.plugins.unload('strings-plugin'));
  expect(t.host.strings.template('Greeting')).toBeUndefined();
});

it('ViewCollection.Content.add(<View>) registers a view (owned); SideNav.Content.add(<SideLink>) navigates to it', async () => {
  const Plugin = flexPlugin('ViewsPlugin', (flex) => {
    flex.ViewCollection.Content.add(
      <flex.View name="reports" key="reports" {...{ label: 'Reports' }}>
        <span>the reports</span>
      </flex.View>,
    );
    const Active = ({ activeView }: { activeView?: string }) => <i>{`active:${activeView}`}</i>;
    flex.SideNav.Content.add(<Active key="active" />);
    flex.SideNav.Content.add(
      <flex.SideLink
        key="reports-link"
        onClick={() => void flex.Actions.invokeAction('NavigateToView', { viewName: 'reports' })}
      >
        Reports
      </flex.SideLink>,
    );
  });
  t = await createTestHost({ plugins: [flexPluginDefinition(Plugin)] });
  expect(t.host.views.get('reports')).toMatchObject({ name: 'reports', label: 'Reports', owner: 'views-plugin' });
  const nav = await t.render('SideNav');
  await act(async () => nav.container.querySelector('button')!.click());
  await t.settle();
  expect(t.host.views.selected).toBe('reports');
  expect(nav.text()).toContain('active:reports');
  expect(Manager.getInstance().store.getState().flex.view.activeView).toBe('reports');
  await act(() => t!.host.plugins.unload('views-plugin'));
  expect(t.host.views.get('reports')).toBeUndefined();
});

it('MainHeader.Content.add goes to the MainHeader slot with its align', async () => {
  const Plugin = flexPlugin('HeaderPlugin', (flex) => {
    flex.MainHeader.Content.add(<span key="clock">12:00</span>, { align: 'end', sortOrder: 1 });
  });
  t = await createTestHost({ plugins: [flexPluginDefinition(Plugin)] });
  expect(t.host.contributions.describe('MainHeader').filter((c) => c.owner === 'header-plugin')).toEqual([
    expect.objectContaining({ key: 'clock', slot: 'MainHeader' }),
  ]);
  expect((await t.render('MainHeader')).text()).toContain('12:00');
});

it('withTaskContext gives the task of the host task context (useTask) as an ITask', async () => {
  const Plugin = flexPlugin('ContextPlugin', () => {});
  t = await createTestHost({ plugins: [flexPluginDefinition(Plugin)] });
  const task = await t.contactCenter.createTask({ customerName: 'Ada', attributes: { tier: 'gold' } });
  const Show = withTaskContext(({ task: it, conversationSid }: { task?: ITask; conversationSid?: string }) => (
    <span>{`${it?.taskSid}:${String(it?.attributes.tier)}:${conversationSid}`}</span>
  ));
  const desktopTask = t.state().desktop.tasks[task.reservationSid] as DesktopTask;
  const out = await t.renderElement(
    <TaskContextProvider task={desktopTask}>
      <Show />
    </TaskContextProvider>,
  );
  expect(out.text()).toBe(`${task.taskSid}:gold:${task.channelSid}`);
});

it('worker attributes and activities from state.desktop; SetWorkerAttributes, SetTaskAttributes, setAttributes', async () => {
  const Plugin = flexPlugin('WorkerPlugin', () => {});
  t = await createTestHost({ plugins: [flexPluginDefinition(Plugin)] });
  const manager = Manager.getInstance();
  const desktop = t.state().desktop;
  expect([...manager.store.getState().flex.worker.activities.keys()]).toEqual(desktop.activities.map((a) => a.sid));
  expect(manager.workerClient.attributes).toEqual(desktop.worker!.attributes);
  await manager.workerClient.setAttributes({ full_name: 'Agent Smith', skills: ['billing'] });
  expect(t.state().desktop.worker!.attributes).toMatchObject({ skills: ['billing'] });
  expect(manager.workerClient.attributes).toMatchObject({ full_name: 'Agent Smith', skills: ['billing'] });
  await Actions.invokeAction('SetWorkerAttributes', { attributes: { level: 2 }, mergeExisting: true });
  expect(manager.store.getState().flex.worker.attributes).toMatchObject({ skills: ['billing'], level: 2 });

  const task = await t.contactCenter.createTask({ customerName: 'Ada', attributes: { tier: 'gold' } });
  const itask = manager.store.getState().flex.worker.tasks.get(task.reservationSid)!;
  await itask.setAttributes({ crm: 42 }, true);
  expect(t.state().desktop.tasks[task.reservationSid]!.attributes).toMatchObject({ tier: 'gold', crm: 42 });
  await Actions.invokeAction('SetTaskAttributes', { task: itask, attributes: { only: true } });
  expect(manager.store.getState().flex.worker.tasks.get(task.reservationSid)!.attributes).toEqual({ only: true });
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

it("manager.events: every Flex event over the host's events (ITask payloads); removeListener; owned", async () => {
  const events: string[] = [];
  const Plugin = flexPlugin('EventsPlugin', (_flex, manager) => {
    manager.events.addListener('pluginsLoaded', () => events.push('pluginsLoaded'));
    manager.events.addListener('pluginsInitialized', () => events.push('pluginsInitialized'));
    for (const name of [
      'taskReceived',
      'taskAccepted',
      'taskUpdated',
      'taskCanceled',
      'taskCompleted',
      'taskRejected',
      'taskRescinded',
      'taskTimeout',
      'taskWrapup',
    ])
      manager.events.addListener(name, (task: ITask) =>
        events.push(`${name}:${task.taskSid}:${String(task.dateCreated instanceof Date)}`),
      );
    manager.events.on('workerActivityUpdated', (worker: { activity?: { name: string } }) =>
      events.push(`workerActivityUpdated:${worker.activity?.name}`),
    );
    manager.events.on('workerAttributesUpdated', (worker: { attributes: Record<string, unknown> }) =>
      events.push(`workerAttributesUpdated:${String(worker.attributes.level)}`),
    );
    manager.events.on('connectionStateChanged', (state: string) => events.push(`connectionStateChanged:${state}`));
  });
  t = await createTestHost({ plugins: [flexPluginDefinition(Plugin)], others: ['bob'] });
  await t.settle();
  events.length = 0;
  const cc = t.contactCenter;
  const a = await cc.createTask({ customerName: 'Ada' });
  await t.invoke('AcceptTask', { sid: a.reservationSid });
  await t.invoke('SetTaskAttributes', { sid: a.reservationSid, attributes: { crm: 1 }, mergeExisting: true });
  await t.invoke('WrapupTask', { sid: a.reservationSid });
  await t.invoke('CompleteTask', { sid: a.reservationSid });
  const b = await cc.createTask({ customerName: 'Bo' });
  await t.invoke('RejectTask', { sid: b.reservationSid });
  const c = await cc.createTask({ customerName: 'Cy' });
  await cc.timeOut(c.reservationSid);
  const d = await cc.createTask({ customerName: 'Di' });
  await cc.customerLeaves(d.channelSid);
  const e = await cc.createTask({ customerName: 'Ed' });
  await t.invoke('AcceptTask', { sid: e.reservationSid });
  await t.invoke('TransferTask', { sid: e.reservationSid, targetSid: cc.colleague('bob').worker!.sid });
  await t.invoke('SetActivity', { activityName: 'Busy' });
  await t.invoke('SetWorkerAttributes', { attributes: { level: 3 }, mergeExisting: true });
  await t.settle();
  const names = events.map((x) => x.split(':')[0]);
  for (const name of [
    'taskReceived',
    'taskAccepted',
    'taskUpdated',
    'taskWrapup',
    'taskCompleted',
    'taskRejected',
    'taskTimeout',
    'taskCanceled',
    'taskRescinded',
    'workerActivityUpdated',
    'workerAttributesUpdated',
  ])
    expect(names).toContain(name);
  expect(events).toEqual(
    expect.arrayContaining([
      `taskCompleted:${a.taskSid}:true`,
      `taskRejected:${b.taskSid}:true`,
      `taskTimeout:${c.taskSid}:true`,
      `taskCanceled:${d.taskSid}:true`,
      `taskRescinded:${e.taskSid}:true`,
      'workerActivityUpdated:Busy',
      'workerAttributesUpdated:3',
    ]),
  );
  cc.outage();
  await cc.restore();
  await t.settle();
  expect(events.filter((x) => x.startsWith('connectionStateChanged'))).not.toEqual([]);
  // removeListener removes one; the plugin's listeners go when it unloads.
  const count = t.host.events.count('taskReceived');
  const listener = () => {};
  Manager.getInstance().events.on('taskReceived', listener);
  expect(t.host.events.count('taskReceived')).toBe(count + 1);
  Manager.getInstance().events.removeListener('taskReceived', listener);
  expect(t.host.events.count('taskReceived')).toBe(count);
  await t.host.plugins.unload('events-plugin');
  expect(t.host.events.count('taskReceived')).toBe(0);
});

it('manager.events pluginsLoaded and pluginsInitialized come after the manifest settles', async () => {
  const events: string[] = [];
  const Plugin = flexPlugin('LifecyclePlugin', (_flex, manager) => {
    manager.events.addListener('pluginsLoaded', () => events.push('pluginsLoaded'));
    manager.events.addListener('pluginsInitialized', () => events.push('pluginsInitialized'));
  });
  t = await createTestHost({ plugins: [flexPluginDefinition(Plugin)] });
  await t.settle();
  expect(events).toEqual(['pluginsLoaded', 'pluginsInitialized']);
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
  expect(t.host.contributions.describe('TaskCanvasTabs').map((c) => [c.key, c.owner])).toEqual([
    ['crm', 'tabs-plugin'],
  ]);
  const task = await t.contactCenter.createTask({ customerName: 'Ada' });
  const tabs = await t.renderElement(
    <SlotTabs
      name="TaskCanvasTabs"
      props={{ task: t.state().desktop.tasks[task.reservationSid] as DesktopTask }}
      selected={undefined}
      onSelect={() => {}}
      label="Task"
    />,
  );
  await t.settle();
  expect(tabs.container.querySelector('[role="tab"]')?.textContent).toBe('CRM');
  expect(tabs.container.querySelector('[role="tabpanel"]')?.textContent).toBe('crm content');
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

it("TaskHelper: the host's task helpers over ITasks; lookups give ITasks", async () => {
  const Plugin = flexPlugin('HelperPlugin', () => {});
  t = await createTestHost({ plugins: [flexPluginDefinition(Plugin)] });
  const task = await t.contactCenter.createTask({ customerName: 'Ada' });
  const itask = TaskHelper.getTaskByTaskSid(task.taskSid)!;
  expect(itask).toBe(TaskHelper.getTaskByReservationSid(task.reservationSid));
  expect(TaskHelper.getTaskFromConversationSid(task.channelSid)).toBe(itask);
  expect(TaskHelper.getTaskByTaskSid('WTnope')).toBeUndefined();
  expect([TaskHelper.isPending(itask), TaskHelper.isTaskAccepted(itask), TaskHelper.isCallTask(itask)]).toEqual([
    true,
    false,
    false,
  ]);
  await t.invoke('AcceptTask', { sid: task.reservationSid });
  await t.invoke('WrapupTask', { sid: task.reservationSid });
  const wrapping = TaskHelper.getTaskByTaskSid(task.taskSid)!;
  expect([
    TaskHelper.isInWrapupMode(wrapping),
    TaskHelper.canComplete(wrapping),
    TaskHelper.canTransfer(wrapping),
  ]).toEqual([true, true, false]);
  expect(TaskHelper.isLiveChat(undefined)).toBe(false);
});

it("workerClient's reservation and worker events are the host's: accepted, wrapup, completed, rejected, timeout, canceled", async () => {
  const heard: string[] = [];
  const Plugin = flexPlugin('ReservationPlugin', (_flex, manager) => {
    manager.workerClient.on('reservationCreated', (reservation: FlexReservation) => {
      for (const event of ['accepted', 'wrapup', 'completed', 'rejected', 'canceled', 'timeout', 'rescinded'] as const)
        reservation.on(event, (r) => heard.push(`${r.task.attributes.name as string}:${event}`));
    });
    manager.workerClient.on('activityUpdated', (worker: { activity?: { name: string } }) =>
      heard.push(`activity:${worker.activity?.name}`),
    );
  });
  t = await createTestHost({ plugins: [flexPluginDefinition(Plugin)] });
  const cc = t.contactCenter;
  const a = await cc.createTask({ customerName: 'Ada', attributes: { name: 'a' } });
  const reservation = Manager.getInstance().workerClient.reservations.get(a.reservationSid)!;
  await reservation.accept();
  await reservation.wrap();
  await reservation.complete();
  const b = await cc.createTask({ customerName: 'Bo', attributes: { name: 'b' } });
  await Manager.getInstance().workerClient.reservations.get(b.reservationSid)!.reject();
  const c = await cc.createTask({ customerName: 'Cy', attributes: { name: 'c' } });
  await cc.timeOut(c.reservationSid);
  const d = await cc.createTask({ customerName: 'Di', attributes: { name: 'd' } });
  await cc.customerLeaves(d.channelSid);
  await t.invoke('SetActivity', { activityName: 'Busy' });
  await t.settle();
  expect(heard).toEqual([
    'a:accepted',
    'a:wrapup',
    'a:completed',
    'b:rejected',
    'c:timeout',
    'd:canceled',
    'activity:Busy',
  ]);
});
