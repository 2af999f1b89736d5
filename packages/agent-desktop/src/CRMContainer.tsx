import { selectSelectedTask, Slot, useSlotContributions } from '@switchboard/host';
import { useMemo } from 'react';
import { useSelector } from 'react-redux';

/**
 * The CRM container (`CRMContainer` slot): beside the task canvas, the plugins' view of the
 * selected task (`{ task }`, undefined when none is selected; `useTask()` inside). Renders
 * nothing while no plugin contributes to it.
 */
export function CRMContainer() {
  const task = useSelector(selectSelectedTask);
  const props = useMemo(() => ({ task }), [task]);
  const shown = useSlotContributions('CRMContainer', props).length > 0;
  return shown ? (
    <section className="sb-crm" aria-label="CRM">
      <Slot name="CRMContainer" props={props} />
    </section>
  ) : null;
}
