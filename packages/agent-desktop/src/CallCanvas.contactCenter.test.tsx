/** @jest-environment jsdom */
/** The call canvas on the test kit's real contact center (in memory): a customer calls, the agent answers, holds, dials, hangs up. */
import { act, fireEvent, screen, within } from '@testing-library/react';
import type { CallDtmf, CallInfo, CallMedia, CallMediaOptions } from '@switchboard/contact-center';
import { createTestHost, type TestHost } from '@switchboard/host/testing';
import { Desktop } from './Desktop';

let t: TestHost;
let opened: CallMediaOptions[];
/** No WebRTC in jsdom: a media that only records that it was made. */
const createMedia = (options: CallMediaOptions): CallMedia => {
  opened.push(options);
  return {
    update() {},
    receive() {},
    playDtmf() {},
    stats: () => Promise.resolve({ inboundBytes: 0, outboundBytes: 0, audioLevel: 0, peers: {} }),
    error: undefined,
    on: () => ({ dispose() {} }),
    close() {},
  };
};

beforeEach(async () => {
  window.history.replaceState(null, '', '/');
  opened = [];
  t = await createTestHost({ agent: 'alice' });
});
afterEach(() => t.dispose());

const until = async (check: () => boolean, what: string) => {
  for (const end = Date.now() + 3000; !check(); await act(() => new Promise((r) => setTimeout(r, 5))))
    if (Date.now() > end) throw new Error(`not in time: ${what}`);
};
const click = async (element: HTMLElement) => {
  await act(async () => fireEvent.click(element));
  await t.settle();
};

it('a customer calls; the agent answers from the call canvas, holds, dials and hangs up', async () => {
  await t.renderElement(<Desktop createCallMedia={createMedia} />);
  const call = await t.contactCenter.createCall({ customerName: 'Ada' });
  const heard: CallInfo[] = [];
  const digits: CallDtmf[] = [];
  call.customer.on('callUpdated', (c) => void heard.push(c));
  call.customer.on('callDtmf', (d) => void digits.push(d));

  await click(within(screen.getByRole('navigation', { name: /Tasks/ })).getByRole('button', { name: /^Ada/ }));
  const canvas = () => screen.getByRole('region', { name: 'Call with Ada' });
  await click(within(canvas()).getByRole('button', { name: 'Accept call from Ada' }));
  await until(() => heard.some((c) => c.status === 'in-progress'), 'the call in progress');
  await until(() => within(canvas()).queryByRole('toolbar', { name: 'Call controls' }) !== null, 'the controls');
  expect(opened.map((o) => o.self)).toEqual([t.contactCenter.provider.worker!.sid]);

  const controls = within(canvas()).getByRole('toolbar', { name: 'Call controls' });
  await click(within(controls).getByRole('button', { name: 'Hold' }));
  await until(() => heard.some((c) => c.participants.some((p) => p.kind === 'customer' && p.state === 'held')), 'held');
  await until(
    () => within(canvas()).queryByRole('button', { name: 'Hold', pressed: true }) !== null,
    'Hold shows pressed',
  );

  await click(within(canvas()).getByRole('button', { name: 'Send digit 7' }));
  await until(() => digits.length > 0, 'the digits reach the customer');
  expect(digits[0]).toMatchObject({ callSid: call.callSid, digits: '7' });

  await click(within(canvas()).getByRole('button', { name: 'Hang up' }));
  await until(() => heard.some((c) => c.status === 'ended'), 'the call ended');
  await until(() => within(canvas()).queryByText('Call ended') !== null, 'the canvas says so');
});
