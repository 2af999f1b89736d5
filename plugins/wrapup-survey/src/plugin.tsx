/**
 * Sends a satisfaction survey when a chat task is wrapped up, and counts the surveys sent.
 * It hooks the action lifecycle both ways Switchboard offers:
 *   1. the Actions API: it replaces WrapupTask (chat tasks: send the survey, then run the
 *      original WrapupTask; other channels pass straight through);
 *   2. the Redux middleware integration: an RTK listener middleware, added through the plugin
 *      API, reacts to the Redux bridge's lifecycle actions and counts each survey whose
 *      SendMessage succeeded, in the plugin's own reducer.
 */
import { createListenerMiddleware, createSlice, type PayloadAction } from '@reduxjs/toolkit';
import { invocationEnded, invocationStarted } from '@switchboard/actions/redux';
import { definePlugin, type PluginApi, type ResolvedTaskPayload } from '@switchboard/plugin';
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

export default definePlugin({
  name: 'wrapup-survey',
  init(api: PluginApi) {
    api.store.addReducer(surveys.name, surveys.reducer);

    // 1. The Actions API: replace WrapupTask.
    api.actions.replaceAction('WrapupTask', async (payload, original) => {
      const { task } = payload as ResolvedTaskPayload;
      if (task.channel === 'chat') {
        // `survey` marks the message for the listener below (it sees the payload's primitive fields).
        await api.actions.invokeAction('SendMessage', {
          channelSid: task.channelSid,
          body: SURVEY,
          survey: task.taskSid,
        });
      }
      return original(payload);
    });

    // 2. The Redux middleware integration: react to the bridge's lifecycle actions.
    const listener = createListenerMiddleware();
    const running = new Map<number, string>(); // SendMessage invocation id → the task it surveys
    listener.startListening({
      actionCreator: invocationStarted,
      effect: ({ payload }) => {
        const survey =
          payload.action === 'SendMessage' && typeof payload.payload === 'object' && payload.payload?.survey;
        if (typeof survey === 'string') running.set(payload.id, survey);
      },
    });
    listener.startListening({
      actionCreator: invocationEnded,
      effect: ({ payload }, { dispatch }) => {
        const taskSid = running.get(payload.id);
        if (taskSid === undefined) return;
        running.delete(payload.id);
        if (payload.status === 'succeeded') dispatch(surveySent({ taskSid }));
      },
    });
    api.store.addMiddleware(listener.middleware);
    api.onDispose(() => listener.clearListeners());

    api.contributions.add('AgentDesktop.Panel', SurveyCount, { key: 'survey-count' });
  },
});
