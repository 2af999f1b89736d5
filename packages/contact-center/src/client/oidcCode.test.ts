import { readOidcCode } from './oidcCode';

test('reads the one-time code from a URL fragment', () => {
  expect(readOidcCode('#oidc=abc_DEF-123')).toBe('abc_DEF-123');
  expect(readOidcCode('#view=tasks&oidc=abc')).toBe('abc');
  expect(readOidcCode('#oidc=abc&view=tasks')).toBe('abc');
});

test('nothing else is a code', () => {
  expect(readOidcCode('')).toBeUndefined();
  expect(readOidcCode('#oidc=')).toBeUndefined();
  expect(readOidcCode('#noidc=abc')).toBeUndefined();
  expect(readOidcCode('#oidc=a<b')).toBeUndefined();
});
