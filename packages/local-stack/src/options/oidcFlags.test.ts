import { Command } from 'commander';
import { addOidcOptions, oidcOptions, type OidcFlags } from './oidcFlags';

const ENV_KEYS = ['SWITCHBOARD_OIDC_ISSUER', 'SWITCHBOARD_OIDC_CLIENT_ID'];

function parse(argv: string[], env: Record<string, string> = {}): OidcFlags {
  const saved = ENV_KEYS.map((k) => [k, process.env[k]] as const);
  for (const k of ENV_KEYS) delete process.env[k];
  Object.assign(process.env, env);
  try {
    return addOidcOptions(new Command('start')).exitOverride().parse(argv, { from: 'user' }).opts<OidcFlags>();
  } finally {
    for (const [k, v] of saved) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

test('no --oidc-issuer: no OpenID Connect', () => {
  expect(oidcOptions(parse([]), {})).toBeUndefined();
});

test('the flags, and the secret from the environment only', () => {
  const flags = parse([
    '--oidc-issuer',
    'https://id.example.com',
    '--oidc-client-id',
    'sb',
    '--oidc-name',
    'Example ID',
  ]);
  expect(oidcOptions(flags, { SWITCHBOARD_OIDC_CLIENT_SECRET: 's3cret' })).toEqual({
    issuer: 'https://id.example.com',
    clientId: 'sb',
    clientSecret: 's3cret',
    name: 'Example ID',
  });
  expect(() => parse(['--oidc-client-secret', 'x'])).toThrow(/unknown option/);
});

test('issuer and client id from the environment', () => {
  const flags = parse([], { SWITCHBOARD_OIDC_ISSUER: 'https://id.example.com', SWITCHBOARD_OIDC_CLIENT_ID: 'sb' });
  expect(oidcOptions(flags, {})).toEqual({ issuer: 'https://id.example.com', clientId: 'sb' });
});

test('an issuer without a client id, or the others without an issuer, are refused', () => {
  expect(() => oidcOptions(parse(['--oidc-issuer', 'https://id.example.com']), {})).toThrow(/needs --oidc-client-id/);
  expect(() => oidcOptions(parse(['--oidc-name', 'X']), {})).toThrow(/need --oidc-issuer/);
});
