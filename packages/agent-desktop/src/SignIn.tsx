import { useEffect, useState } from 'react';

interface Agent {
  identity: string;
  fullName: string;
}

/** Picks the agent to sign in as (the local contact center has no passwords). */
export function SignIn({
  serverUrl,
  problem,
  onSignIn,
}: {
  serverUrl: string;
  problem?: string;
  onSignIn: (identity: string) => void;
}) {
  const [agents, setAgents] = useState<Agent[] | undefined>();
  const [error, setError] = useState<string | undefined>(problem);
  useEffect(() => {
    fetch(new URL('/api/agents', serverUrl))
      .then((res) => (res.ok ? (res.json() as Promise<Agent[]>) : Promise.reject(new Error(`HTTP ${res.status}`))))
      .then(setAgents, (e: unknown) => setError(`The contact center at ${serverUrl} did not answer (${String(e)}).`));
  }, [serverUrl]);
  return (
    <main className="sb-signin" aria-labelledby="sb-signin-title">
      <h1 id="sb-signin-title">Sign in to the agent desktop</h1>
      {error && (
        <p role="alert" className="sb-error">
          {error}
        </p>
      )}
      {agents === undefined && !error && <p>Loading agents…</p>}
      {agents && (
        <ul className="sb-agents" aria-label="Agents">
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
