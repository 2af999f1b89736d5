import React from 'react';

/** In the task list, on a task in wrap-up without a disposition (the `if` of Content.add decides). */
const NeedsDisposition = () => <span className="wrapup-disposition-needed">Needs a disposition</span>;

export default NeedsDisposition;
