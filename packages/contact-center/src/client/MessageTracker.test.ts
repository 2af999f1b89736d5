import type { ChatMessage } from '../types';
import { MessageTracker, newClientId } from './MessageTracker';

const msg = (channelSid: string, index: number): ChatMessage => ({
  sid: `IM${channelSid}${index}`,
  channelSid,
  index,
  author: 'a',
  authorRole: 'customer',
  authorName: 'A',
  body: 'b',
  createdAt: 0,
  clientId: null,
});

it('reports each message of a channel once, after a snapshot too', () => {
  const t = new MessageTracker();
  t.reset([msg('CH1', 0), msg('CH1', 1)]);
  expect(t.isNew(msg('CH1', 1))).toBe(false);
  expect(t.isNew(msg('CH1', 2))).toBe(true);
  expect(t.isNew(msg('CH1', 2))).toBe(false);
  expect(t.isNew(msg('CH2', 0))).toBe(true);
  t.reset([]);
  expect(t.isNew(msg('CH1', 0))).toBe(true);
});

it('makes distinct 32-hex-digit client ids', () => {
  const ids = new Set(Array.from({ length: 100 }, newClientId));
  expect(ids.size).toBe(100);
  for (const id of ids) expect(id).toMatch(/^[0-9a-f]{32}$/);
});
