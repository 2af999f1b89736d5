import { createContext, useContext, type ReactNode } from 'react';
import { Provider } from 'react-redux';
import type { Host } from '../createHost';

const HostContext = createContext<Host | undefined>(undefined);

/**
 * Makes `host` available to `<Slot>` and hooks below it, and its store to react-redux
 * (plugins' components can use `useSelector`).
 */
export function HostProvider({ host, children }: { host: Host; children?: ReactNode }) {
  return (
    <HostContext.Provider value={host}>
      <Provider store={host.store}>{children}</Provider>
    </HostContext.Provider>
  );
}

/** The host of the nearest `<HostProvider>`. */
export function useHost(): Host {
  const host = useContext(HostContext);
  if (!host) throw new Error('useHost: no <HostProvider host={host}> above this component');
  return host;
}
