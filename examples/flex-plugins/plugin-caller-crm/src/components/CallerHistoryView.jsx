import React from 'react';
import { useFlexSelector, VERSION } from '@twilio/flex-ui';

import { NAMESPACE } from '../states';

/** The Caller history view (ViewCollection): this session's offers and the agent's open tasks. */
const CallerHistoryView = () => {
  const offers = useFlexSelector((state) => state[NAMESPACE].offers);
  const tasks = useFlexSelector((state) => state.flex.worker.tasks);
  const activities = useFlexSelector((state) => state.flex.worker.activities);
  return (
    <div className="caller-history">
      <h2>Caller history</h2>
      <p>
        {tasks.size} open task(s); {activities.size} activities; Flex UI API {VERSION}
      </p>
      <ol className="caller-history-offers">
        {offers.map((offer) => (
          <li key={offer.sid}>
            {offer.name} <small>({offer.at})</small>
          </li>
        ))}
      </ol>
      {offers.length === 0 ? <p>No callers yet this session.</p> : null}
    </div>
  );
};

export default CallerHistoryView;
