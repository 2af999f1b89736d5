import { createStrings } from '@switchboard/host';
import type { StringsApi } from '@switchboard/plugin';
import { useEffect, useState, type FormEvent } from 'react';

/** The desktop's strings in English: the sign-in screen shows before any host exists. */
const DEFAULT_STRINGS = createStrings();

interface Agent {
  identity: string;
  fullName: string;
}

/** What `GET /api/auth` says the contact center offers. */
interface AuthInfo {
  dev: boolean;
  password: boolean;
  oidc: null | { name: string; url: string };
}

/** A password sign-in's answer: the tokens the agent client continues with. */
export interface SignedIn {
  identity: string;
  token: string;
  refreshToken: string;
  expiresAt: number;
}

const errorMessage = async (res: Response): Promise<string> => {
  const body = (await res.json().catch(() => undefined)) as { error?: { message?: unknown } } | undefined;
  return typeof body?.error?.message === 'string' ? body.error.message : `HTTP ${res.status}`;
};

/**
 * The sign-in page. It asks the contact center what it offers (`GET /api/auth`): the identity
 * and password form always; "Sign in with <provider>" when OpenID Connect is set up; and the
 * one-click list of agents only in local development, under a label that says so.
 */
export function SignIn({
  serverUrl,
  problem,
  onSignIn,
  onSignedIn,
  strings = DEFAULT_STRINGS,
}: {
  serverUrl: string;
  problem?: string;
  /** One click on an agent (development sign-in): the desktop signs in as `identity`. */
  onSignIn: (identity: string) => void;
  /** A password sign-in succeeded: the desktop starts with these tokens. */
  onSignedIn: (signedIn: SignedIn) => void;
  /** The texts (`SignIn…` keys). */
  strings?: Pick<StringsApi, 'get'>;
}) {
  const [auth, setAuth] = useState<AuthInfo | undefined>();
  const [agents, setAgents] = useState<Agent[] | undefined>();
  const [error, setError] = useState<string | undefined>(problem);
  const [identity, setIdentity] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    const noAnswer = (e: unknown) => setError(strings.get('SignInNoAnswer', { serverUrl, error: String(e) }));
    fetch(new URL('/api/auth', serverUrl))
      .then((res) => (res.ok ? (res.json() as Promise<AuthInfo>) : Promise.reject(new Error(`HTTP ${res.status}`))))
      .then((info) => {
        setAuth(info);
        if (!info.dev) return;
        return fetch(new URL('/api/agents', serverUrl))
          .then((res) => (res.ok ? (res.json() as Promise<Agent[]>) : Promise.reject(new Error(`HTTP ${res.status}`))))
          .then(setAgents);
      })
      .catch(noAnswer);
  }, [serverUrl, strings]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const res = await fetch(new URL('/api/agents/login', serverUrl), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ identity: identity.trim(), password }),
      });
      if (!res.ok) {
        setError(await errorMessage(res));
        setPassword('');
        return;
      }
      const body = (await res.json()) as Omit<SignedIn, 'identity'> & { worker: { identity: string } };
      onSignedIn({
        identity: body.worker.identity,
        token: body.token,
        refreshToken: body.refreshToken,
        expiresAt: body.expiresAt,
      });
    } catch (e) {
      setError(strings.get('SignInNoAnswer', { serverUrl, error: String(e) }));
    } finally {
      setBusy(false);
    }
  };

  return (
    <main className="sb-signin" aria-labelledby="sb-signin-title">
      <h1 id="sb-signin-title">{strings.get('SignInTitle')}</h1>
      <div role="alert" className="sb-error">
        {error}
      </div>
      {auth === undefined && !error && <p>{strings.get('SignInLoadingAgents')}</p>}
      {auth && (
        <form className="sb-signin-form" onSubmit={(e) => void submit(e)}>
          <label htmlFor="sb-signin-identity">{strings.get('SignInIdentity')}</label>
          <input
            id="sb-signin-identity"
            name="username"
            autoComplete="username"
            required
            value={identity}
            onChange={(e) => setIdentity(e.target.value)}
          />
          <label htmlFor="sb-signin-password">{strings.get('SignInPassword')}</label>
          <input
            id="sb-signin-password"
            name="password"
            type="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
          <button type="submit" disabled={busy}>
            {busy ? strings.get('SignInSigningIn') : strings.get('SignInSubmit')}
          </button>
        </form>
      )}
      {auth?.oidc && (
        <p>
          <a className="sb-signin-oidc" href={new URL(auth.oidc.url, serverUrl).href}>
            {strings.get('SignInWithProvider', { name: auth.oidc.name })}
          </a>
        </p>
      )}
      {auth?.dev && agents && (
        <section className="sb-signin-dev" aria-labelledby="sb-signin-dev-label">
          <p id="sb-signin-dev-label">{strings.get('SignInDevLabel')}</p>
          <ul className="sb-agents" aria-label={strings.get('SignInAgentsLabel')}>
            {agents.map((a) => (
              <li key={a.identity}>
                <button type="button" onClick={() => onSignIn(a.identity)}>
                  {a.fullName} <span className="sb-muted">({a.identity})</span>
                </button>
              </li>
            ))}
          </ul>
        </section>
      )}
    </main>
  );
}
