import React from 'react';
import * as Flex from '@twilio/flex-ui';
import { FlexPlugin } from '@twilio/flex-plugin';

import ShiftPanel from './components/ShiftPanel';
import reducer, { activityChanged, NAMESPACE, pluginsReady } from './states';

const PLUGIN_NAME = 'ActivityGuardPlugin';

export const NOTIFICATION_BUSY = 'ActivityGuardOpenTasks';

interface SetActivityPayload {
  activitySid?: string;
  activityName?: string;
}

export default class ActivityGuardPlugin extends FlexPlugin {
  constructor() {
    super(PLUGIN_NAME);
  }

  /**
   * This method is called once the plugin is loaded in Flex.
   */
  async init(flex: typeof Flex, manager: Flex.Manager): Promise<void> {
    manager.store.addReducer(NAMESPACE, reducer);

    flex.Notifications.registerNotification({
      id: NOTIFICATION_BUSY,
      type: Flex.NotificationType.error,
      content: 'You have {{count}} open task(s): finish them before going {{activity}}.',
      closeButton: true,
      timeout: 0,
    });

    // Going to an unavailable activity with open tasks is refused. The activity list is read
    // from the store as it is when the action runs (async: awaited before the action).
    flex.Actions.addListener('beforeSetActivity', async (payload: SetActivityPayload, abortFunction: () => void) => {
      const { worker } = manager.store.getState().flex;
      const target = payload.activitySid
        ? worker.activities.get(payload.activitySid)
        : [...worker.activities.values()].find((a) => a.name === payload.activityName);
      if (!target) {
        manager.reportErrorEvent(
          new Flex.FlexError(`No activity ${payload.activitySid ?? payload.activityName}`, { plugin: PLUGIN_NAME }),
        );
        return;
      }
      const open = [...worker.tasks.values()].filter((task) => Flex.TaskHelper.isTaskAccepted(task));
      if (!target.available && open.length > 0) {
        Flex.Notifications.showNotification(NOTIFICATION_BUSY, { count: open.length, activity: target.name });
        abortFunction();
      }
    });

    // The activity's history, from the store's changes.
    let last = manager.workerClient.activity?.name;
    manager.store.subscribe(() => {
      const now = manager.workerClient.activity?.name;
      if (now !== last) {
        last = now;
        if (now) manager.store.dispatch(activityChanged(now));
      }
    });
    manager.events.addListener('pluginsInitialized', () => manager.store.dispatch(pluginsReady()));

    flex.MainHeader.Content.add(<ShiftPanel key="activity-guard-shift" />, { sortOrder: 1, align: 'start' });
    // The desktop's own "Enable notifications" button goes: this contact center's agents get
    // the desktop's notifications only.
    flex.MainHeader.Content.remove('notifications');
  }
}
