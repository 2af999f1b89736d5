import React from 'react';
import { FlexPlugin } from '@twilio/flex-plugin';
import { Actions, FlexError, Notifications, NotificationType, Tab, TaskHelper } from '@twilio/flex-ui';

import DispositionBadge from './components/DispositionBadge';
import DispositionForm from './components/DispositionForm';
import NeedsDisposition from './components/NeedsDisposition';
import reducer, { dispositionSaved, NAMESPACE } from './states';

const PLUGIN_NAME = 'WrapupDispositionPlugin';

/** What the agent may choose when `configuration.custom_data.dispositions` has no list. */
export const DEFAULT_DISPOSITIONS = ['Resolved', 'Follow-up needed', 'Escalated', 'Not reachable'];

/** Where completed tasks' dispositions are recorded (the local stack's demo CRM by default). */
export const CRM_URL = process.env.FLEX_APP_CRM_URL || '/demo-crm/interactions';

export const NOTIFICATION_REQUIRED = 'WrapupDispositionRequired';
export const NOTIFICATION_SAVED = 'WrapupDispositionSaved';

export default class WrapupDispositionPlugin extends FlexPlugin {
  constructor() {
    super(PLUGIN_NAME);
  }

  /**
   * This method is called once the plugin is loaded in Flex.
   *
   * @param flex { typeof import('@twilio/flex-ui') }
   * @param manager { import('@twilio/flex-ui').Manager }
   */
  async init(flex, manager) {
    const customData = manager.configuration.custom_data || {};
    const dispositions = Array.isArray(customData.dispositions) ? customData.dispositions : DEFAULT_DISPOSITIONS;

    manager.store.addReducer(NAMESPACE, reducer);

    // Strings: one of the desktop's own, and this plugin's templates.
    manager.strings.WrapUp = 'Wrap up & add notes';
    manager.strings.WrapupDispositionMissing = 'No disposition yet';
    manager.strings.WrapupDispositionChosen = 'Disposition: {{disposition}}';

    Notifications.registerNotification({
      id: NOTIFICATION_REQUIRED,
      type: NotificationType.warning,
      content: 'Choose a disposition for {{customer}} in the Wrap-up notes tab before completing the task.',
      closeButton: true,
      timeout: 0,
    });
    flex.Notifications.registerNotification({
      id: NOTIFICATION_SAVED,
      type: NotificationType.success,
      content: 'Wrap-up notes saved: {{disposition}}',
      timeout: 4000,
    });

    // The tab's Save button invokes this action; other plugins may listen to it or replace it.
    flex.Actions.registerAction('SaveWrapupNotes', async (payload) => {
      const { disposition, notes } = payload;
      try {
        await Actions.invokeAction('SetTaskAttributes', {
          task: payload.task,
          attributes: { disposition, wrapup_notes: notes || '' },
          mergeExisting: true,
        });
      } catch (error) {
        manager.reportErrorEvent(
          new FlexError('Saving the wrap-up notes failed', { wrappedError: error, plugin: PLUGIN_NAME }),
        );
        throw error;
      }
      manager.store.dispatch(dispositionSaved(disposition));
      Notifications.showNotification(NOTIFICATION_SAVED, { disposition });
    });

    // Wrapping up stamps the task first: an async listener, awaited before the action runs.
    flex.Actions.addListener('beforeWrapupTask', async (payload) => {
      await payload.task.setAttributes({ wrapup_started_at: new Date().toISOString() }, true);
    });

    // No disposition, no completion: the action is aborted and the agent told why.
    flex.Actions.addListener('beforeCompleteTask', async (payload, abortFunction) => {
      // The task as it is now (the payload's may predate a save still on its way).
      const task = TaskHelper.getTaskByTaskSid(payload.task.taskSid) || payload.task;
      if (!task.attributes.disposition) {
        Notifications.showNotification(NOTIFICATION_REQUIRED, { customer: task.defaultFrom });
        abortFunction();
      }
    });

    // Once completed, the disposition goes to the CRM, with the agent's token as Twilio Functions take it.
    flex.Actions.addListener('afterCompleteTask', async (payload) => {
      const { task } = payload;
      try {
        const response = await fetch(CRM_URL, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            Token: manager.user.token,
            taskSid: task.taskSid,
            customer: task.defaultFrom,
            channel: task.taskChannelUniqueName,
            disposition: task.attributes.disposition,
            notes: task.attributes.wrapup_notes,
          }),
        });
        if (!response.ok) throw new Error(`the CRM answered ${response.status}`);
      } catch (error) {
        manager.reportErrorEvent(
          new FlexError('Recording the disposition in the CRM failed', { wrappedError: error, plugin: PLUGIN_NAME }),
        );
      }
    });

    flex.TaskCanvasTabs.Content.add(
      <Tab key="wrapup-disposition-tab" uniqueName="wrapup-notes" label="Wrap-up notes">
        <DispositionForm dispositions={dispositions} />
      </Tab>,
      { sortOrder: 10, if: (props) => TaskHelper.isTaskAccepted(props.task) },
    );
    flex.TaskCanvasHeader.Content.add(<DispositionBadge key="wrapup-disposition-badge" />, {
      sortOrder: 5,
      if: (props) => TaskHelper.isTaskAccepted(props.task),
    });
    flex.TaskListItem.Content.add(<NeedsDisposition key="wrapup-disposition-needed" />, {
      if: (props) => TaskHelper.isInWrapupMode(props.task) && !props.task.attributes.disposition,
    });
  }
}
