import React from 'react';
import { IconButton, Manager, templates, useFlexSelector, withTaskContext } from '@twilio/flex-ui';

/**
 * Beside the message input: send the greeting at once (Conversations' `sendMessage`), or add
 * the sign-off to what the agent is writing (`SetInputText` through `window.Twilio.Flex`).
 */
const CannedResponses = ({ task }) => {
  const conversationSid = task && task.conversationSid;
  const inputText = useFlexSelector(
    (state) => (conversationSid && state.flex.chat.conversationInput[conversationSid]?.inputText) || '',
  );
  if (!task) return null;

  const sendGreeting = async () => {
    const manager = Manager.getInstance();
    const conversation = await manager.conversationsClient.getConversationBySid(conversationSid);
    const agent = manager.workerClient.attributes.full_name || manager.workerClient.name;
    await conversation.sendMessage(
      templates.CallerCrmGreeting({ name: task.attributes.name || task.defaultFrom, agent }),
    );
  };
  const addSignOff = () =>
    window.Twilio.Flex.Actions.invokeAction('SetInputText', {
      conversationSid,
      body: `${inputText}${inputText ? ' ' : ''}${templates.CallerCrmSignOff()}`,
    });

  return (
    <span className="caller-crm-canned">
      <IconButton icon="Hand" title="Send the greeting" onClick={sendGreeting} />
      <IconButton icon={<span aria-hidden="true">✎</span>} title="Add the sign-off" onClick={addSignOff} />
    </span>
  );
};

export default withTaskContext(CannedResponses);
