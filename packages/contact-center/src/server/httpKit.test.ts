import type { IncomingMessage } from 'node:http';
import { Socket } from 'node:net';
import { clientAddress } from './httpKit';

/** A request as Node's HTTP server hands it over: headers, and the socket it came on. */
function request(remoteAddress: string, headers: Record<string, string>): IncomingMessage {
  const socket = new Socket();
  Object.defineProperty(socket, 'remoteAddress', { value: remoteAddress });
  return { socket, headers } as unknown as IncomingMessage;
}

describe('clientAddress', () => {
  it('is the socket address without a cluster key, whatever the headers say', () => {
    expect(clientAddress(request('10.0.0.9', {}))).toBe('10.0.0.9');
    expect(clientAddress(request('10.0.0.9', { 'x-forwarded-for': '1.2.3.4' }))).toBe('10.0.0.9');
    expect(clientAddress(request('10.0.0.9', { 'x-forwarded-for': '1.2.3.4', 'x-switchboard-cluster': 'k' }))).toBe(
      '10.0.0.9',
    );
  });

  it('is the forwarded address (the last one added) when the cluster header carries the key', () => {
    const forwarded = { 'x-forwarded-for': '6.6.6.6, 1.2.3.4', 'x-switchboard-cluster': 'the-key' };
    expect(clientAddress(request('10.0.0.2', forwarded), 'the-key')).toBe('1.2.3.4');
  });

  it('ignores a forwarded address with a wrong or missing key', () => {
    expect(
      clientAddress(request('10.0.0.2', { 'x-forwarded-for': '1.2.3.4', 'x-switchboard-cluster': 'guess' }), 'the-key'),
    ).toBe('10.0.0.2');
    expect(clientAddress(request('10.0.0.2', { 'x-forwarded-for': '1.2.3.4' }), 'the-key')).toBe('10.0.0.2');
  });
});
