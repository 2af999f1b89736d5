import React from 'react';

/** After a message that says "urgent" (the `if` of Content.add picks the messages). */
const UrgentMarker = () => <span className="caller-crm-urgent">Urgent</span>;

export default UrgentMarker;
