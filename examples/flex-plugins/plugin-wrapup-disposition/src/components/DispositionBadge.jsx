import React from 'react';
import { Template, withTaskContext } from '@twilio/flex-ui';

/** In the task canvas header: the task's disposition, or that it has none yet. */
const DispositionBadge = ({ task }) => {
  const disposition = task?.attributes.disposition;
  return (
    <span className="wrapup-disposition-badge">
      {disposition ? (
        <Template code="WrapupDispositionChosen" disposition={disposition} />
      ) : (
        <Template code="WrapupDispositionMissing" />
      )}
    </span>
  );
};

export default withTaskContext(DispositionBadge);
