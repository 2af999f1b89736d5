import React from 'react';
import { useFlexSelector } from '@twilio/flex-ui';

/** In the main header: the agent's name (worker attributes) and activity. */
const AgentBadge = () => {
  const name = useFlexSelector((state) => state.flex.worker.attributes.full_name);
  const activity = useFlexSelector((state) => state.flex.worker.activity);
  const lastCaller = useFlexSelector((state) => state.flex.worker.attributes.last_caller);
  return (
    <span className="caller-crm-agent">
      {name || 'Signed out'}
      {activity ? ` · ${activity.name}` : ''}
      {lastCaller ? ` · last caller: ${lastCaller}` : ''}
    </span>
  );
};

export default AgentBadge;
