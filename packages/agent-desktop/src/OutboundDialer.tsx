/**
 * The outbound dialer: a header button (shown when the contact center has voice) that opens a
 * panel (`OutboundDialerPanel` slot): the number field (`+` and 3–15 digits), what plugins add
 * (a caller-id picker: it sets `callerId` in a `beforeStartOutboundCall` listener), and the
 * Call button, which invokes StartOutboundCall.
 */
import { PHONE_NUMBER, Slot, useHost, useStrings, type SlotDefault } from '@switchboard/host';
import { createContext, useContext, useEffect, useId, useMemo, useRef, useState, type FormEvent } from 'react';
import { useInvoke, usePending } from './hooks';

type PanelProps = { destination: string };

/** The number field's value, shared by the panel's own children. */
const DialerContext = createContext<{
  destination: string;
  setDestination: (value: string) => void;
  close: () => void;
}>({
  destination: '',
  setDestination: () => {},
  close: () => {},
});

function NumberField() {
  const { destination, setDestination } = useContext(DialerContext);
  const strings = useStrings();
  const id = useId();
  const invalid = destination !== '' && !PHONE_NUMBER.test(destination);
  const input = useRef<HTMLInputElement>(null);
  // The panel opens with the number field focused.
  useEffect(() => input.current?.focus(), []);
  return (
    <div className="sb-dialer-number">
      <label htmlFor={`${id}-number`}>{strings.get('OutboundNumber')}</label>
      <input
        ref={input}
        id={`${id}-number`}
        type="tel"
        inputMode="tel"
        autoComplete="tel"
        placeholder="+15551234"
        value={destination}
        aria-invalid={invalid}
        aria-describedby={`${id}-hint`}
        onChange={(e) => setDestination(e.target.value.replace(/[\s()-]/g, ''))}
      />
      <p id={`${id}-hint`} className={invalid ? 'sb-error' : 'sb-muted'} role={invalid ? 'alert' : undefined}>
        {strings.get(invalid ? 'OutboundNumberInvalid' : 'OutboundNumberHint')}
      </p>
    </div>
  );
}

function CallButton() {
  const { destination } = useContext(DialerContext);
  const strings = useStrings();
  const calling = usePending('StartOutboundCall');
  return (
    <button type="submit" className="sb-accept" disabled={calling || !PHONE_NUMBER.test(destination)}>
      {strings.get(calling ? 'OutboundCalling' : 'OutboundCall')}
    </button>
  );
}

/** The children of `OutboundDialerPanel`, by key: plugins go between them (sortOrder 1–19). */
export const OUTBOUND_DIALER_PANEL_CHILDREN: readonly SlotDefault<PanelProps>[] = [
  { key: 'number', component: NumberField, sortOrder: 0 },
  { key: 'call', component: CallButton, sortOrder: 20 },
];

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
  const props = useMemo(() => ({ destination }), [destination]);
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
          <DialerContext.Provider value={context}>
            <Slot name="OutboundDialerPanel" props={props} defaults={OUTBOUND_DIALER_PANEL_CHILDREN} />
          </DialerContext.Provider>
        </form>
      )}
    </div>
  );
}
