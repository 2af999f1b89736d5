import React, { useState } from 'react';
import { Actions, useFlexSelector, withTaskContext } from '@twilio/flex-ui';

import { NAMESPACE } from '../states';

/** The Wrap-up notes tab: a disposition and free notes, saved on the task's attributes. */
const DispositionForm = ({ task, dispositions }) => {
  const [disposition, setDisposition] = useState(task?.attributes.disposition || '');
  const [notes, setNotes] = useState(task?.attributes.wrapup_notes || '');
  const [saving, setSaving] = useState(false);
  const savedCount = useFlexSelector((state) => state[NAMESPACE]?.saved ?? 0);

  if (!task) return null;

  const save = async (event) => {
    event.preventDefault();
    setSaving(true);
    try {
      await Actions.invokeAction('SaveWrapupNotes', { task, disposition, notes });
    } finally {
      setSaving(false);
    }
  };

  return (
    <form className="wrapup-disposition-form" onSubmit={save} aria-label="Wrap-up notes">
      <label>
        Disposition
        <select value={disposition} onChange={(e) => setDisposition(e.target.value)} name="disposition">
          <option value="">Choose…</option>
          {dispositions.map((d) => (
            <option key={d} value={d}>
              {d}
            </option>
          ))}
        </select>
      </label>
      <label>
        Notes
        <textarea value={notes} onChange={(e) => setNotes(e.target.value)} name="notes" rows={3} />
      </label>
      <button type="submit" disabled={!disposition || saving}>
        {saving ? 'Saving…' : 'Save notes'}
      </button>
      <p className="wrapup-disposition-count">Saved this session: {savedCount}</p>
    </form>
  );
};

export default withTaskContext(DispositionForm);
