/**
 * The outbound dialer's panel content, loaded the first time an agent opens the dialer (a
 * chunk of its own): the `OutboundDialerPanel` slot with its children, the number field and
 * the Call button.
 */
import { PHONE_NUMBER, Slot, useStrings, type SlotDefault } from '@switchboard/host';
import { createContext, useContext, useEffect, useId, useMemo, useRef } from 'react';
import { usePending } from './hooks';

type PanelProps = { destination: string };

/** The number field's value, shared by the panel's own children. */
const DialerContext = createContext<DialerState>({
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

/** What the dialer gives its panel: the number, and how to change it and to close the panel. */
export interface DialerState {
  destination: string;
  setDestination: (value: string) => void;
  close: () => void;
}

/** The `OutboundDialerPanel` slot, its children sharing the dialer's state. */
export function OutboundDialerPanel({ dialer }: { dialer: DialerState }) {
  const props = useMemo(() => ({ destination: dialer.destination }), [dialer.destination]);
  return (
    <DialerContext.Provider value={dialer}>
      <Slot name="OutboundDialerPanel" props={props} defaults={OUTBOUND_DIALER_PANEL_CHILDREN} />
    </DialerContext.Provider>
  );
}
