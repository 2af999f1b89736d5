/** @jest-environment jsdom */
import { desktopSlice, selectComponentState } from '@switchboard/host';
import { createTestHost, type TestHost } from '@switchboard/plugin/testing';
import plugin, { SURVEY, SURVEY_TAB } from './plugin';
import pkg from '../package.json';

/** The plugin runs under the permissions its package.json declares, as in production. */
const permissions = { 'wrapup-survey': pkg.switchboard.plugin.permissions };

let t: TestHost;
beforeEach(async () => {
  t = await createTestHost({ permissions, plugins: [plugin] });
});
afterEach(() => t.dispose());

const acceptedChat = async (customerName = 'Ada') => {
  const task = await t.contactCenter.createTask({ customerName, message: 'Hi' });
  await t.invoke('AcceptTask', { sid: task.reservationSid });
  return task;
};

it('sends the survey to the customer of a chat task, then wraps up', async () => {
  const { reservationSid, channelSid, taskSid } = await acceptedChat();
  await expect(t.invoke('WrapupTask', { sid: reservationSid })).resolves.toMatchObject({ status: 'wrapping' });
  // What the customer sees: their message, then the survey, sent before the wrap-up.
  expect((await t.contactCenter.messagesOf(channelSid)).map((m) => [m.authorRole, m.body])).toEqual([
    ['customer', 'Hi'],
    ['agent', SURVEY],
  ]);
  const calls = t.contactCenter.calls.map((c) => c.method);
  expect(calls.indexOf('sendMessage')).toBeLessThan(calls.indexOf('wrapupTask'));
  expect((await t.contactCenter.taskInfo(taskSid))?.status).toBe('wrapping');
});

it('counts the surveys in its own reducer, through the Redux listener middleware', async () => {
  const panel = await t.render('AgentDesktop.Panel');
  expect(panel.text()).toBe('Surveys sent: 0');
  const a = await acceptedChat('Ada');
  const b = await acceptedChat('Bo');
  await t.invoke('WrapupTask', { sid: a.reservationSid });
  await t.invoke('WrapupTask', { sid: b.reservationSid });
  await t.settle();
  expect(t.state().wrapupSurvey).toEqual({ sent: 2, tasks: [a.taskSid, b.taskSid] });
  expect(panel.text()).toBe('Surveys sent: 2');
  // The survey's message reaching the store again (the contact center's event, history) counts once.
  const survey = (await t.contactCenter.messagesOf(a.channelSid)).find((m) => m.body === SURVEY)!;
  t.host.store.dispatch(desktopSlice.actions.messageAdded(survey));
  await t.settle();
  expect(t.state().wrapupSurvey).toMatchObject({ sent: 2 });
});

it('does not count a survey that could not be sent; the wrap-up does not happen either', async () => {
  const { reservationSid } = await acceptedChat();
  t.contactCenter.failNext('sendMessage', 'CC_DISCONNECTED', 'the network is down');
  await expect(t.invoke('WrapupTask', { sid: reservationSid })).rejects.toThrow('the network is down');
  await t.settle();
  expect(t.state().wrapupSurvey).toEqual({ sent: 0, tasks: [] });
  expect(t.state().desktop.tasks[reservationSid]?.status).toBe('accepted');
});

it('lets other channels pass straight through', async () => {
  const { reservationSid, channelSid, taskSid } = await acceptedChat();
  // A voice task, as a contact center with voice would report it.
  const voice = { ...(await t.contactCenter.taskInfo(taskSid))!, channelType: 'voice' as 'chat' };
  t.host.store.dispatch(desktopSlice.actions.taskUpdated(voice));
  expect(t.state().desktop.tasks[reservationSid]?.channel).toBe('voice');
  await t.invoke('WrapupTask', { sid: reservationSid });
  expect(await t.contactCenter.messagesOf(channelSid)).toHaveLength(1); // no survey
  expect((await t.contactCenter.taskInfo(taskSid))?.status).toBe('wrapping');
});

it('unloading it restores the native WrapupTask and leaves nothing behind', async () => {
  await t.host.plugins.unload('wrapup-survey');
  const { reservationSid, channelSid } = await acceptedChat();
  await t.invoke('WrapupTask', { sid: reservationSid });
  expect(await t.contactCenter.messagesOf(channelSid)).toHaveLength(1);
  expect(t.state()).not.toHaveProperty('wrapupSurvey');
  expect(t.host.actions.describe('WrapupTask')?.replacements).toEqual([]);
});

it('adds a Survey tab to the task canvas and selects it (SetComponentState) once the survey is sent', async () => {
  const { reservationSid, taskSid } = await acceptedChat('Ada');
  const task = () => t.state().desktop.tasks[reservationSid]!;
  const tab = await t.render('TaskCanvasTabs', { task: task() });
  expect(tab.text()).toContain('Wrapping up sends Ada a satisfaction survey.');
  expect(selectComponentState(t.state() as never, 'TaskCanvasTabs')).toEqual({});
  await t.invoke('WrapupTask', { sid: reservationSid });
  await t.settle();
  expect(selectComponentState(t.state() as never, 'TaskCanvasTabs')).toEqual({ selectedTabName: SURVEY_TAB });
  await tab.rerender({ task: task() });
  expect(tab.text()).toContain('The survey was sent to Ada');
  expect(t.state().wrapupSurvey).toMatchObject({ tasks: [taskSid] });
});

it("draws the survey's message as a survey card in the chat; the other messages keep their bubble", async () => {
  const { reservationSid, channelSid } = await acceptedChat('Ada');
  await t.invoke('WrapupTask', { sid: reservationSid });
  const task = t.state().desktop.tasks[reservationSid]!;
  const [hi, survey] = await t.contactCenter.messagesOf(channelSid);
  const surveyItem = await t.render('MessageListItem', { task, message: survey! });
  const card = surveyItem.container.querySelector('.wrapup-survey-message');
  expect(card?.getAttribute('aria-label')).toBe('Satisfaction survey sent');
  expect(card?.textContent).toContain(SURVEY);
  // The other messages are not replaced.
  const hiItem = await t.render('MessageListItem', { task, message: hi! });
  expect(hiItem.container.querySelector('.wrapup-survey-message')).toBeNull();
});
