/**
 * The outbound dialer: a header button (shown when the contact center has voice) that opens a
 * panel (`OutboundDialerPanel` slot): the number field (`+` and 3–15 digits), what plugins add
 * (a caller-id picker: it sets `callerId` in a `beforeStartOutboundCall` listener), and the
 * Call button, which invokes StartOutboundCall. The panel's content is a chunk loaded when the
 * dialer first opens (see README, "Code splitting").
 */
import { PHONE_NUMBER, Template, useHost, useStrings } from '@switchboard/host';
import { lazy, Suspense, useId, useMemo, useRef, useState, type FormEvent } from 'react';
import { useInvoke } from './hooks';

const OutboundDialerPanel = lazy(() =>
  import(/* webpackChunkName: "outbound-dialer" */ './OutboundDialerPanel').then((m) => ({
    default: m.OutboundDialerPanel,
  })),
);

/** The dialer's header button and its panel. */
export function OutboundDialer() {
  const host = useHost();
  const strings = useStrings();
  const invoke = useInvoke();
  const id = useId();
  const [open, setOpen] = useState(false);
  const toggle = useRef<HTMLButtonElement>(null);
  const [destination, setDestination] = useState('');
  const context = useMemo(() => ({ destination, setDestination, close: () => setOpen(false) }), [destination]);
  if (!host.contactCenter?.voice) return null;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!PHONE_NUMBER.test(destination)) return;
    void invoke('StartOutboundCall', { destination }).then((result) => {
      if (result !== undefined) {
        setOpen(false);
        setDestination('');
      }
    });
  };
  return (
    <div className="sb-dialer">
      <button
        ref={toggle}
        type="button"
        aria-expanded={open}
        aria-controls={`${id}-panel`}
        onClick={() => setOpen((o) => !o)}
      >
        {strings.get('OutboundDialer')}
      </button>
      {open && (
        <form
          id={`${id}-panel`}
          className="sb-dialer-panel"
          aria-label={strings.get('OutboundDialerLabel')}
          onSubmit={submit}
          onKeyDown={(e) => {
            if (e.key !== 'Escape') return;
            setOpen(false);
            toggle.current?.focus();
          }}
        >
          <Suspense
            fallback={
              <p className="sb-loading" role="status">
                <Template code="ViewLoading" />
              </p>
            }
          >
            <OutboundDialerPanel dialer={context} />
          </Suspense>
        </form>
      )}
    </div>
  );
}
