/** @jest-environment jsdom */
import { act, fireEvent, render, screen, within } from '@testing-library/react';
import { SignIn, type SignedIn } from './SignIn';

const DEV_LABEL = 'Local development sign-in: anyone can sign in as any agent. Off on a network and with PostgreSQL.';

/**
 * A contact center's sign-in endpoints as the page sees them: `GET /api/auth` answers
 * `auth`; `GET /api/agents` the roster (403 unless dev); `POST /api/agents/login` accepts alice
 * with her password. Records the requests.
 */
function contactCenter(auth: { dev: boolean; oidc?: { name: string; url: string } | null }) {
  const requests: string[] = [];
  const answer = (status: number, body: unknown) => ({ ok: status < 400, status, json: async () => body }) as Response;
  const fetchStub = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const url = new URL(String(input));
    requests.push(`${init?.method ?? 'GET'} ${url.pathname}`);
    if (url.pathname === '/api/auth') return answer(200, { dev: auth.dev, password: true, oidc: auth.oidc ?? null });
    if (url.pathname === '/api/agents')
      return auth.dev
        ? answer(200, [{ identity: 'alice', fullName: 'Alice' }])
        : answer(403, { error: { code: 'CC_FORBIDDEN', message: 'no' } });
    const { identity, password } = JSON.parse(String(init?.body)) as { identity: string; password: string };
    if (identity === 'alice' && password === 'correct horse battery staple')
      return answer(200, { token: 't', refreshToken: 'r', expiresAt: 42, worker: { identity: 'alice' } });
    return answer(401, { error: { code: 'CC_UNAUTHORIZED', message: 'Wrong identity or password' } });
  };
  return { requests, fetch: fetchStub };
}

const realFetch = globalThis.fetch;
afterEach(() => {
  globalThis.fetch = realFetch;
});

async function renderSignIn(auth: Parameters<typeof contactCenter>[0]) {
  const cc = contactCenter(auth);
  globalThis.fetch = cc.fetch as typeof fetch;
  const onSignIn = jest.fn<void, [string]>();
  const onSignedIn = jest.fn<void, [SignedIn]>();
  await act(async () => {
    render(<SignIn serverUrl="http://127.0.0.1:4100" onSignIn={onSignIn} onSignedIn={onSignedIn} />);
  });
  return { ...cc, onSignIn, onSignedIn };
}

describe('<SignIn>', () => {
  it('without development mode: a labelled password form, no one-click list, and no roster asked for', async () => {
    const { requests } = await renderSignIn({ dev: false });
    expect(screen.getByLabelText('Agent')).toBeTruthy();
    expect((screen.getByLabelText('Password') as HTMLInputElement).type).toBe('password');
    expect(screen.getByRole('button', { name: 'Sign in' })).toBeTruthy();
    expect(screen.queryByText(DEV_LABEL)).toBeNull();
    expect(screen.queryByRole('list', { name: 'Agents' })).toBeNull();
    expect(requests).toEqual(['GET /api/auth']);
  });

  it('shows a wrong password in the alert region, then signs in with the right one', async () => {
    const { onSignedIn } = await renderSignIn({ dev: false });
    fireEvent.change(screen.getByLabelText('Agent'), { target: { value: 'alice' } });
    fireEvent.change(screen.getByLabelText('Password'), { target: { value: 'not it' } });
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    });
    expect(screen.getByRole('alert').textContent).toBe('Wrong identity or password');
    expect((screen.getByLabelText('Password') as HTMLInputElement).value).toBe('');
    expect(onSignedIn).not.toHaveBeenCalled();

    fireEvent.change(screen.getByLabelText('Password'), { target: { value: 'correct horse battery staple' } });
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    });
    expect(onSignedIn).toHaveBeenCalledWith({ identity: 'alice', token: 't', refreshToken: 'r', expiresAt: 42 });
    expect(screen.getByRole('alert').textContent).toBe('');
  });

  it('in development mode: also the one-click list, under its label', async () => {
    const { onSignIn } = await renderSignIn({ dev: true });
    const section = screen.getByText(DEV_LABEL).closest('section')!;
    const list = within(section).getByRole('list', { name: 'Agents' });
    fireEvent.click(within(list).getByRole('button', { name: /Alice/ }));
    expect(onSignIn).toHaveBeenCalledWith('alice');
    expect(screen.getByLabelText('Password')).toBeTruthy(); // passwords work there too
  });

  it('offers the OpenID Connect provider when there is one', async () => {
    await renderSignIn({ dev: false, oidc: { name: 'Okta', url: '/api/auth/oidc/start' } });
    const link = screen.getByRole('link', { name: 'Sign in with Okta' }) as HTMLAnchorElement;
    expect(link.href).toBe('http://127.0.0.1:4100/api/auth/oidc/start');
  });

  it('says when the contact center does not answer', async () => {
    globalThis.fetch = (async () => {
      throw new TypeError('Failed to fetch');
    }) as typeof fetch;
    await act(async () => {
      render(<SignIn serverUrl="http://127.0.0.1:1" onSignIn={() => {}} onSignedIn={() => {}} />);
    });
    expect(screen.getByRole('alert').textContent).toBe(
      'The contact center at http://127.0.0.1:1 did not answer (TypeError: Failed to fetch).',
    );
  });
});
