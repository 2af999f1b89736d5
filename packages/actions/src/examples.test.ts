/**
 * The README's examples, run as tests so the documentation stays true.
 */
import { createActions, isSwitchboardError } from './index';

interface Task {
  sid: string;
  channel: 'chat' | 'voice';
  conversationSid: string;
  status: 'pending' | 'accepted' | 'wrapping' | 'completed';
}

interface DesktopActions {
  AcceptTask: { payload: { sid: string; task?: Task }; result: void };
  WrapupTask: { payload: { sid: string; task?: Task }; result: void };
  CompleteTask: { payload: { sid: string; task?: Task }; result: void };
  SendMessage: { payload: { conversationSid: string; body: string }; result: void };
  LogDisposition: { payload: { sid: string }; result: void };
  StartEngagement: { payload: { formData: { name: string; question?: string } }; result: void };
}

function desktop() {
  const tasks = new Map<string, Task>([
    ['WT1', { sid: 'WT1', channel: 'chat', conversationSid: 'CH1', status: 'pending' }],
  ]);
  const sent: Array<{ conversationSid: string; body: string }> = [];
  const actions = createActions<DesktopActions>();
  const host = actions.scope('host');
  const withTask = (p: { sid: string; task?: Task }) => ({ ...p, task: tasks.get(p.sid) });
  host.registerAction('AcceptTask', ({ task }) => void (task!.status = 'accepted'), withTask);
  host.registerAction('WrapupTask', ({ task }) => void (task!.status = 'wrapping'), withTask);
  host.registerAction('CompleteTask', ({ task }) => void (task!.status = 'completed'), withTask);
  host.registerAction('SendMessage', (message) => void sent.push(message));
  host.registerAction('StartEngagement', () => {});
  return { actions, tasks, sent };
}

describe('README examples', () => {
  it('confirm before AcceptTask (abort on "no")', async () => {
    const { actions, tasks } = desktop();
    let agentSays = false;
    const confirm = async (_question: string) => agentSays;

    // --- README: confirm before AcceptTask
    const plugin = actions.scope('accept-task-confirm');
    plugin.addListener('beforeAcceptTask', async (payload, abort) => {
      if (!(await confirm(`Accept task ${payload.sid}?`))) abort();
    });
    // ---

    const error = await actions.invokeAction('AcceptTask', { sid: 'WT1' }).catch((e: unknown) => e);
    expect(isSwitchboardError(error, 'ACTION_ABORTED')).toBe(true);
    expect(tasks.get('WT1')!.status).toBe('pending');
    agentSays = true;
    await actions.invokeAction('AcceptTask', { sid: 'WT1' });
    expect(tasks.get('WT1')!.status).toBe('accepted');
  });

  it('replace WrapupTask to send a message on chat tasks', async () => {
    const { actions, tasks, sent } = desktop();

    // --- README: replace WrapupTask
    actions.scope('wrapup-survey').replaceAction('WrapupTask', async (payload, original, next) => {
      if (payload.task?.channel === 'chat') {
        await actions.invokeAction('SendMessage', {
          conversationSid: payload.task.conversationSid,
          body: 'Thanks! How did we do? Reply 1-5.',
        });
      }
      return next(payload); // next(), not original(): other plugins' replacements still run
    });
    // ---

    await actions.invokeAction('WrapupTask', { sid: 'WT1' });
    expect(sent).toEqual([{ conversationSid: 'CH1', body: 'Thanks! How did we do? Reply 1-5.' }]);
    expect(tasks.get('WT1')!.status).toBe('wrapping');
  });

  it('register a custom action and invoke it after CompleteTask', async () => {
    const { actions } = desktop();
    const crm: string[] = [];

    // --- README: custom action after CompleteTask
    const plugin = actions.scope('crm-disposition');
    plugin.registerAction('LogDisposition', async ({ sid }) => {
      crm.push(sid);
    });
    plugin.addListener('afterCompleteTask', (payload) => actions.invokeAction('LogDisposition', { sid: payload.sid }));
    // ---

    await actions.invokeAction('CompleteTask', { sid: 'WT1' });
    expect(crm).toEqual(['WT1']);
    plugin.dispose(); // unloading the plugin removes both registrations
    expect(actions.describe('LogDisposition')).toBeUndefined();
  });

  it('afterStartEngagement: send the pre-engagement question as the first message', async () => {
    const { actions, sent } = desktop();

    // --- README: afterStartEngagement
    actions.addListener('afterStartEngagement', async ({ formData }) => {
      if (formData.question) {
        await actions.invokeAction('SendMessage', { conversationSid: 'CH1', body: formData.question });
      }
    });
    // ---

    await actions.invokeAction('StartEngagement', { formData: { name: 'Ada', question: 'Where is my order?' } });
    expect(sent).toEqual([{ conversationSid: 'CH1', body: 'Where is my order?' }]);
  });
});
