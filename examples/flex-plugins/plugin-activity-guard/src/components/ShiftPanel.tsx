import React from 'react';
import { Manager, useFlexSelector } from '@twilio/flex-ui';

import { NAMESPACE, type ActivityGuardState } from '../states';

/** In the main header: who is signed in, the connection, and how often the activity changed. */
const ShiftPanel = () => {
  const session = useFlexSelector((state) => state.flex.session);
  const changes = useFlexSelector((state) => (state[NAMESPACE] as ActivityGuardState).changes.length);
  const { user, serviceConfiguration } = Manager.getInstance();
  return (
    <span
      className="activity-guard-shift"
      title={`Signed in as ${user.identity} (${serviceConfiguration.account_sid})`}
      data-connection={session.connectionState}
    >
      Shift: {session.identity} · {changes} activity change(s)
    </span>
  );
};

export default ShiftPanel;
