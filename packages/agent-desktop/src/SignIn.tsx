import { createStrings } from '@switchboard/host';
import type { StringsApi } from '@switchboard/plugin';
import { useEffect, useState } from 'react';

/** The desktop's strings in English: the sign-in screen shows before any host exists. */
const DEFAULT_STRINGS = createStrings();

interface Agent {
  identity: string;
  fullName: string;
}

/** Picks the agent to sign in as (the local contact center has no passwords). */
export function SignIn({
  serverUrl,
  problem,
  onSignIn,
  strings = DEFAULT_STRINGS,
}: {
  serverUrl: string;
  problem?: string;
  onSignIn: (identity: string) => void;
  /** The texts (`SignInTitle`, `SignInLoadingAgents`, `SignInAgentsLabel`, `SignInNoAnswer`). */
  strings?: Pick<StringsApi, 'get'>;
}) {
  const [agents, setAgents] = useState<Agent[] | undefined>();
  const [error, setError] = useState<string | undefined>(problem);
  useEffect(() => {
    fetch(new URL('/api/agents', serverUrl))
      .then((res) => (res.ok ? (res.json() as Promise<Agent[]>) : Promise.reject(new Error(`HTTP ${res.status}`))))
      .then(setAgents, (e: unknown) => setError(strings.get('SignInNoAnswer', { serverUrl, error: String(e) })));
  }, [serverUrl, strings]);
  return (
    <main className="sb-signin" aria-labelledby="sb-signin-title">
      <h1 id="sb-signin-title">{strings.get('SignInTitle')}</h1>
      {error && (
        <p role="alert" className="sb-error">
          {error}
        </p>
      )}
      {agents === undefined && !error && <p>{strings.get('SignInLoadingAgents')}</p>}
      {agents && (
        <ul className="sb-agents" aria-label={strings.get('SignInAgentsLabel')}>
          {agents.map((a) => (
            <li key={a.identity}>
              <button type="button" onClick={() => onSignIn(a.identity)}>
                {a.fullName} <span className="sb-muted">({a.identity})</span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </main>
  );
}
