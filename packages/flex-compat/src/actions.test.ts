import { createActions } from '@switchboard/actions';
import type { DesktopTask } from '@switchboard/plugin';
import { FlexActions } from './actions';
import { TaskTranslator, type ITask } from './itask';

const task: DesktopTask = {
  sid: 'WR1',
  taskSid: 'WT1',
  status: 'accepted',
  taskStatus: 'assigned',
  channel: 'chat',
  channelSid: 'CH1',
  customerName: 'Ada',
  attributes: { tier: 'gold' },
  workerSid: 'WK1',
  createdAt: 1_000,
  updatedAt: 2_000,
  expiresAt: null,
};

function setup() {
  const actions = createActions();
  const scope = actions.scope('flex-plugin');
  const warnings: string[] = [];
  const tasks = new TaskTranslator((name, payload) => scope.invokeAction(name, payload));
  const flex = new FlexActions(scope, tasks, (m) => warnings.push(m));
  return { actions, scope, flex, tasks, warnings };
}

it('listeners see a view in which task is an ITask; what they set reaches the native payload', async () => {
  const { actions, flex } = setup();
  const bodies: unknown[] = [];
  actions.registerAction('WrapupTask', (p: unknown) => void bodies.push(p));
  flex.addListener('beforeWrapupTask', (payload) => {
    expect((payload.task as ITask).taskChannelUniqueName).toBe('chat');
    expect('task' in payload).toBe(true);
    payload.reason = 'done';
  });
  await actions.invokeAction('WrapupTask', { sid: 'WR1', task });
  expect(bodies).toEqual([{ sid: 'WR1', task, reason: 'done' }]);
});

it('chat payloads get conversationSid; Flex callers may pass it for channelSid; an ITask goes back as its desktop task', async () => {
  const { actions, flex, tasks } = setup();
  const seen: unknown[] = [];
  actions.registerAction('SendMessage', (p: unknown) => void seen.push(p));
  actions.registerAction('CompleteTask', (p: unknown) => void seen.push(p));
  flex.addListener('beforeSendMessage', (payload) => {
    expect(payload.conversationSid).toBe('CH9');
  });
  await flex.invokeAction('SendMessage', { conversationSid: 'CH9', body: 'hi' });
  await flex.invokeAction('CompleteTask', { task: tasks.toITask(task) });
  expect(seen).toEqual([{ conversationSid: 'CH9', channelSid: 'CH9', body: 'hi' }, { task }]);
});

it('removeListener removes the most recent registration; actions without a local equivalent warn', async () => {
  const { actions, flex, warnings } = setup();
  actions.registerAction('SelectTask', () => undefined);
  let calls = 0;
  const listener = () => void calls++;
  flex.addListener('afterSelectTask', listener);
  flex.addListener('afterSelectTask', listener);
  flex.removeListener('afterSelectTask', listener);
  await actions.invokeAction('SelectTask', { sid: 'WR1' });
  expect(calls).toBe(1);
  flex.addListener('beforeCancelTransfer', () => {});
  flex.replaceAction('CancelTransfer', (p, original) => original(p));
  flex.addListener('beforeHoldCall', () => {});
  expect(warnings).toEqual([
    'Flex action CancelTransfer has no local equivalent: this beforeCancelTransfer listener will not run',
    'Flex action CancelTransfer has no local equivalent: this replacement will not run',
  ]);
});

it('a copy of the view ({ ...payload }) holds what reading it shows, and goes back to the action as it was', async () => {
  const { actions, flex, tasks } = setup();
  const bodies: unknown[] = [];
  actions.registerAction('SendMessage', (p: unknown) => void bodies.push(p));
  flex.replaceAction('SendMessage', (payload, original) => {
    const copy = { ...payload };
    expect(copy).toEqual({ channelSid: 'CH1', conversationSid: 'CH1', body: 'hi', task: tasks.toITask(task) });
    return original({ ...copy, body: 'Hi' });
  });
  await actions.invokeAction('SendMessage', { channelSid: 'CH1', body: 'hi', task });
  expect(bodies).toEqual([{ channelSid: 'CH1', conversationSid: 'CH1', body: 'Hi', task }]);
});

it('registerAction: the function and its payloadUpdate see the payload in Flex shape; an ITask result comes back as one', async () => {
  const { flex, tasks } = setup();
  const seen: unknown[] = [];
  flex.registerAction(
    'Stamp',
    (payload) => {
      const itask = payload.task as ITask;
      seen.push([itask.taskChannelUniqueName, typeof itask.setAttributes, payload.conversationSid, payload.stamped]);
      return itask;
    },
    (payload) => ({ ...payload, stamped: (payload.task as ITask).taskSid }),
  );
  const result = await flex.invokeAction('Stamp', { task: tasks.toITask(task), channelSid: 'CH1' });
  expect(seen).toEqual([['chat', 'function', 'CH1', 'WT1']]);
  expect((result as ITask).taskSid).toBe('WT1');
});

it("MonitorCall and StopMonitoringCall are supported: Flex's { task } (an ITask) reaches the host as the task, with its taskSid", async () => {
  const { actions, flex, tasks, warnings } = setup();
  const bodies: unknown[] = [];
  actions.registerAction('MonitorCall', (p: unknown) => void bodies.push(p));
  actions.registerAction('StopMonitoringCall', (p: unknown) => void bodies.push(p));
  const seen: string[] = [];
  flex.addListener('beforeMonitorCall', (payload) => void seen.push((payload.task as ITask).taskSid));
  await flex.invokeAction('MonitorCall', { task: tasks.toITask(task), extraParams: { reason: 'coaching' } });
  await flex.invokeAction('StopMonitoringCall', { sid: 'WT1' });
  expect(bodies).toEqual([{ task, extraParams: { reason: 'coaching' } }, { sid: 'WT1' }]);
  expect((bodies[0] as { task: DesktopTask }).task.taskSid).toBe('WT1');
  expect(seen).toEqual(['WT1']);
  expect(warnings).toEqual([]);
});
