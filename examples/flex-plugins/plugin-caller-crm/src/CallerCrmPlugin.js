import React from 'react';
import { FlexPlugin } from '@twilio/flex-plugin';
import * as Flex from '@twilio/flex-ui';

import AgentBadge from './components/AgentBadge';
import CallerCard from './components/CallerCard';
import CallerHistoryView from './components/CallerHistoryView';
import CannedResponses from './components/CannedResponses';
import CrmThemeProvider from './components/CrmThemeProvider';
import UrgentMarker from './components/UrgentMarker';
import reducer, { customerWrote, NAMESPACE, reservationOffered } from './states';

const PLUGIN_NAME = 'CallerCrmPlugin';

export const VIEW_NAME = 'caller-history';

/** Card numbers (13 to 19 digits, spaces or dashes between) never leave the desktop. */
export const maskCardNumbers = (text) =>
  text.replace(/\b(?:\d[ -]?){12,18}\d\b/g, (digits) => `**** ${digits.replace(/\D/g, '').slice(-4)}`);

export default class CallerCrmPlugin extends FlexPlugin {
  constructor() {
    super(PLUGIN_NAME);
  }

  /**
   * @param flex { typeof import('@twilio/flex-ui') }
   * @param manager { import('@twilio/flex-ui').Manager }
   */
  init(flex, manager) {
    flex.setProviders({ CustomProvider: CrmThemeProvider });
    manager.store.addReducer(NAMESPACE, reducer);

    manager.strings.NoTasks = 'No callers waiting. Set your activity to Available to take chats.';
    manager.strings.CallerCrmGreeting =
      'Hello {{name}}, thanks for reaching out! I am {{agent}} and I have your file open.';
    manager.strings.CallerCrmSignOff = 'Is there anything else I can help you with?';

    // The caller's card in the CRM container, instead of what it shows by default.
    flex.CRMContainer.Content.replace(<CallerCard key="caller-crm-card" />, { sortOrder: 0 });

    // A page of its own, and its link in the side nav.
    flex.ViewCollection.Content.add(
      <Flex.View name={VIEW_NAME} key="caller-history-view" label="Caller history">
        <CallerHistoryView />
      </Flex.View>,
    );
    flex.SideNav.Content.add(
      <Flex.SideLink
        key="caller-history-link"
        showLabel
        icon="History"
        onClick={() => Flex.Actions.invokeAction('NavigateToView', { viewName: VIEW_NAME })}
      >
        Open caller history
      </Flex.SideLink>,
      { sortOrder: 10 },
    );

    flex.MainHeader.Content.add(<AgentBadge key="caller-crm-agent" />, { sortOrder: -1, align: 'end' });
    flex.MessageInputActions.Content.add(<CannedResponses key="caller-crm-canned" />, {
      sortOrder: -1,
      if: (props) => Flex.TaskHelper.isLiveChat(props.task),
    });
    flex.MessageListItem.Content.add(<UrgentMarker key="caller-crm-urgent" />, {
      sortOrder: 100,
      if: (props) => /\burgent\b/i.test((props.message && props.message.body) || ''),
    });

    flex.Actions.replaceAction('SendMessage', (payload, original) =>
      original({ ...payload, body: maskCardNumbers(payload.body || '') }),
    );

    // TaskRouter: every offer, with what became of it.
    manager.workerClient.on('reservationCreated', (reservation) => {
      manager.store.dispatch(
        reservationOffered({
          sid: reservation.task.sid,
          name: reservation.task.attributes.name || reservation.task.defaultFrom,
          at: reservation.task.dateCreated.toISOString(),
        }),
      );
    });
    manager.conversationsClient.on('messageAdded', (message) => {
      if (message.author !== manager.workerClient.name) manager.store.dispatch(customerWrote(message.conversation.sid));
    });
    // The agent's attributes keep the last caller it took (other desktops and routing read them).
    manager.events.addListener('taskAccepted', (task) => {
      manager.workerClient
        .setAttributes({ ...manager.workerClient.attributes, last_caller: task.defaultFrom })
        .catch((error) =>
          manager.reportErrorEvent(
            new Flex.FlexError('Updating the worker attributes failed', { wrappedError: error }),
          ),
        );
    });
  }
}
