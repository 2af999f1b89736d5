/**
 * Sends a satisfaction survey when a chat task is wrapped up, and counts the surveys sent.
 * It works both ways Switchboard offers:
 *   1. the Actions API: it replaces WrapupTask (chat tasks: send the survey, then run the
 *      original WrapupTask; other channels pass straight through);
 *   2. the Redux middleware integration: an RTK listener middleware, added through the plugin
 *      API, reacts to the survey's message reaching the store (the contact center took it)
 *      and counts it, once per task, in the plugin's own reducer.
 * And it shows the survey in the desktop's programmable components: a "Survey" tab of the
 * task canvas (`TaskCanvasTabs`, a `<Tab>`), selected through `SetComponentState` once the
 * survey is sent, and the survey's message drawn as a survey card in the chat (the
 * `MessageListItem` of that one message replaced, with `if`).
 */
import { createListenerMiddleware, createSlice, type PayloadAction } from '@reduxjs/toolkit';
import type { ChatMessage } from '@switchboard/contact-center';
import { desktopSlice, selectTasks, Tab } from '@switchboard/host';
import { definePlugin, type DesktopTask, type PluginApi, type ResolvedTaskPayload } from '@switchboard/plugin';
import { useSelector } from 'react-redux';

export const SURVEY = 'Thanks for chatting with us! How did we do? Reply with a number from 1 (poor) to 5 (great).';

const surveys = createSlice({
  name: 'wrapupSurvey',
  initialState: { sent: 0, tasks: [] as string[] },
  reducers: {
    surveySent(state, action: PayloadAction<{ taskSid: string }>) {
      state.sent += 1;
      state.tasks.push(action.payload.taskSid);
    },
  },
});

export const { surveySent } = surveys.actions;
type WithSurveys = { wrapupSurvey?: ReturnType<typeof surveys.reducer> };

function SurveyCount() {
  const sent = useSelector((s: WithSurveys) => s.wrapupSurvey?.sent ?? 0);
  return <p className="wrapup-survey-count">{`Surveys sent: ${sent}`}</p>;
}

/** The name of its tab in the task canvas (`TaskCanvasTabs.selectedTabName`). */
export const SURVEY_TAB = 'survey';

/** The "Survey" tab of a task: whether its survey was sent. */
function SurveyTab({ task }: { task: DesktopTask }) {
  const sent = useSelector((s: WithSurveys) => s.wrapupSurvey?.tasks.includes(task.taskSid) ?? false);
  return (
    <Tab name={SURVEY_TAB} label="Survey">
      <div className="wrapup-survey-tab">
        <p>
          {sent
            ? `The survey was sent to ${task.customerName}; their answer arrives in the chat.`
            : `Wrapping up sends ${task.customerName} a satisfaction survey.`}
        </p>
        <blockquote>{SURVEY}</blockquote>
      </div>
    </Tab>
  );
}

/** The survey's message in the chat, drawn as a card instead of a plain bubble. */
function SurveyMessage({ message }: { message: ChatMessage }) {
  return (
    <div className="sb-message sb-from-agent wrapup-survey-message" aria-label="Satisfaction survey sent">
      <span className="sb-message-author">{`${message.authorName} · survey`}</span>
      <span className="sb-message-body">{message.body}</span>
    </div>
  );
}

const isSurvey = ({ message }: { message: ChatMessage }) => message.authorRole === 'agent' && message.body === SURVEY;

export default definePlugin({
  name: 'wrapup-survey',
  init(api: PluginApi) {
    api.store.addReducer(surveys.name, surveys.reducer);

    // 1. The Actions API: replace WrapupTask.
    api.actions.replaceAction('WrapupTask', async (payload, original) => {
      const { task } = payload as ResolvedTaskPayload;
      if (task.channel === 'chat') {
        await api.actions.invokeAction('SendMessage', { channelSid: task.channelSid, body: SURVEY });
      }
      const result = await original(payload);
      // Show the survey's tab of the task canvas (component state, as any component's).
      if (task.channel === 'chat')
        await api.actions.invokeAction('SetComponentState', {
          name: 'TaskCanvasTabs',
          state: { selectedTabName: SURVEY_TAB },
        });
      return result;
    });

    // 2. The Redux middleware integration: react to what reaches the store. (Not to the
    //    Redux bridge's invocationStarted/invocationEnded: the bridge mirrors what a component
    //    can show, at a macrotask boundary, and a SendMessage answered before it is never
    //    shown as pending. To see every invocation, use the Actions API: afterSendMessage.)
    //    The same message may reach the store more than once (the send's answer, the
    //    contact center's event, the history): it counts once per task.
    const listener = createListenerMiddleware();
    listener.startListening({
      actionCreator: desktopSlice.actions.messageAdded,
      effect: ({ payload: message }, { dispatch, getState }) => {
        if (message.authorRole !== 'agent' || message.body !== SURVEY) return;
        const state = getState() as WithSurveys & Parameters<typeof selectTasks>[0];
        const task = selectTasks(state).find((t) => t.channelSid === message.channelSid);
        if (task && !state.wrapupSurvey?.tasks.includes(task.taskSid)) dispatch(surveySent({ taskSid: task.taskSid }));
      },
    });
    api.store.addMiddleware(listener.middleware);
    api.onDispose(() => listener.clearListeners());

    api.contributions.add('AgentDesktop.Panel', SurveyCount, { key: 'survey-count' });

    // 3. The programmable components: a tab of the task canvas (chat tasks), and the survey's
    //    message replaced (only that one: `if`) in the chat's message list.
    api.contributions.add('TaskCanvasTabs', SurveyTab, {
      key: 'wrapup-survey',
      sortOrder: 10,
      if: ({ task }) => task.channel === 'chat',
    });
    api.contributions.replace('MessageListItem', SurveyMessage, { key: 'wrapup-survey-message', if: isSurvey });
  },
});
