import type { IncomingMessage } from 'node:http';
import { defaultContentSecurityPolicy, htmlHeaders } from './securityHeaders';

const request = (host?: string) => ({ headers: host === undefined ? {} : { host } }) as IncomingMessage;

it('names the WebSocket origin of a plain Host, and leaves out any other Host', () => {
  expect(defaultContentSecurityPolicy('127.0.0.1:4100')).toContain(
    "connect-src 'self' ws://127.0.0.1:4100 wss://127.0.0.1:4100;",
  );
  expect(defaultContentSecurityPolicy('[::1]:4100')).toContain("connect-src 'self' ws://[::1]:4100 wss://[::1]:4100;");
  expect(defaultContentSecurityPolicy('desk.example.com')).toContain('ws://desk.example.com wss://desk.example.com');
  for (const host of [undefined, '', "evil; script-src 'unsafe-inline'", 'a b', 'host:port', 'x:123456'])
    expect(defaultContentSecurityPolicy(host)).toContain("connect-src 'self';");
});

it('sends the default policy, a fixed one, one made per request, or none', () => {
  expect(htmlHeaders(undefined, request('h:1'))).toEqual({
    'content-security-policy': defaultContentSecurityPolicy('h:1'),
    'referrer-policy': 'same-origin',
    'x-content-type-options': 'nosniff',
  });
  expect(htmlHeaders("default-src 'none'", request('h:1'))['content-security-policy']).toBe("default-src 'none'");
  expect(htmlHeaders((req) => `connect-src ${req.headers.host}`, request('h:1'))['content-security-policy']).toBe(
    'connect-src h:1',
  );
  expect(htmlHeaders(false, request('h:1'))).toEqual({
    'referrer-policy': 'same-origin',
    'x-content-type-options': 'nosniff',
  });
});

it('adds the given origins to connect-src, and only plain origins (nothing that could add a directive)', () => {
  const policy = defaultContentSecurityPolicy('127.0.0.1:4100', {
    connectSrc: [
      'https://crm.example.com',
      'wss://*.push.example.com:8443',
      "https://x.com; script-src 'unsafe-eval'",
      'https://a b',
      "'unsafe-inline'",
    ],
  });
  expect(policy).toContain(
    "connect-src 'self' ws://127.0.0.1:4100 wss://127.0.0.1:4100 https://crm.example.com wss://*.push.example.com:8443;",
  );
  expect(policy).not.toContain('unsafe-eval');
  expect(policy.split('; ')).toHaveLength(9);
});
