import React, { useEffect, useState } from 'react';
import { FlexError, Manager, useFlexSelector, withTaskContext } from '@twilio/flex-ui';

import { NAMESPACE } from '../states';

/** The CRM container: who the caller is, what they asked, how many messages they wrote. */
const CallerCard = ({ task }) => {
  const conversationSid = task && task.conversationSid;
  const written = useFlexSelector(
    (state) => (conversationSid && state[NAMESPACE].customerMessages[conversationSid]) || 0,
  );
  const [firstMessage, setFirstMessage] = useState(undefined);

  useEffect(() => {
    if (!conversationSid) return undefined;
    let live = true;
    const manager = Manager.getInstance();
    manager.conversationsClient
      .getConversationBySid(conversationSid)
      .then((conversation) => conversation.getMessages())
      .then((page) => live && setFirstMessage(page.items[0] && page.items[0].body))
      .catch((error) =>
        manager.reportErrorEvent(
          new FlexError('The caller card could not read the conversation', { wrappedError: error }),
        ),
      );
    return () => {
      live = false;
    };
  }, [conversationSid]);

  if (!task) return <section className="caller-crm-card caller-crm-empty">No caller selected</section>;
  const { attributes } = task;
  return (
    <section className="caller-crm-card" aria-label="Caller">
      <h3>Caller: {attributes.name || task.defaultFrom}</h3>
      <dl>
        <dt>Channel</dt>
        <dd>{task.taskChannelUniqueName}</dd>
        <dt>Queue</dt>
        <dd>{task.queueName}</dd>
        {attributes.email ? (
          <>
            <dt>Email</dt>
            <dd>{attributes.email}</dd>
          </>
        ) : null}
        <dt>First message</dt>
        <dd className="caller-crm-first">{firstMessage || '—'}</dd>
        <dt>Messages since the offer</dt>
        <dd className="caller-crm-written">{written}</dd>
      </dl>
    </section>
  );
};

export default withTaskContext(CallerCard);
