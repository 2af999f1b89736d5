import type { DesktopTask } from './index';
import {
  canComplete,
  canHold,
  canTransfer,
  canWrapup,
  getTaskByChannelSid,
  getTaskByReservationSid,
  getTaskByTaskSid,
  getTasks,
  isCallTask,
  isChatBasedTask,
  isCompleted,
  isInWrapupMode,
  isLiveCall,
  isLiveChat,
  isPending,
  isTaskAccepted,
} from './index';

const task = (over: Partial<DesktopTask> = {}): DesktopTask => ({
  sid: 'WR1',
  taskSid: 'WT1',
  status: 'accepted',
  taskStatus: 'assigned',
  channel: 'chat',
  channelSid: 'CH1',
  customerName: 'Ada',
  attributes: {},
  workerSid: 'WK1',
  createdAt: 1,
  updatedAt: 1,
  expiresAt: null,
  ...over,
});

describe('task predicates', () => {
  it('tell chats from calls, whatever the channel', () => {
    expect(isChatBasedTask(task())).toBe(true);
    expect(isChatBasedTask(task({ channel: 'sms' }))).toBe(true);
    expect(isChatBasedTask(task({ channel: 'voice' }))).toBe(false);
    expect(isCallTask(task())).toBe(false);
    expect(isCallTask(task({ channel: 'voice' }))).toBe(true);
  });

  it.each([
    // status, pending, accepted, wrapup, completed, canWrapup, canComplete, canTransfer
    ['pending', true, false, false, false, false, false, false],
    ['accepted', false, true, false, false, true, true, true],
    ['wrapping', false, true, true, false, false, true, false],
    ['completed', false, true, false, true, false, false, false],
    ['rejected', false, false, false, false, false, false, false],
  ] as const)(
    'follow the reservation: %s',
    (status, pending, accepted, wrapup, completed, wrap, complete, transfer) => {
      const t = task({ status });
      expect([
        isPending(t),
        isTaskAccepted(t),
        isInWrapupMode(t),
        isCompleted(t),
        canWrapup(t),
        canComplete(t),
        canTransfer(t),
      ]).toEqual([pending, accepted, wrapup, completed, wrap, complete, transfer]);
    },
  );

  it('count a task completed by the contact center as completed', () => {
    expect(isCompleted(task({ status: 'wrapping', taskStatus: 'completed' }))).toBe(true);
  });

  it('know a live call from a live chat', () => {
    expect(isLiveCall(task({ channel: 'voice' }))).toBe(true);
    expect(isLiveCall(task({ channel: 'voice', status: 'pending' }))).toBe(false);
    expect(isLiveCall(task({ channel: 'voice', status: 'wrapping' }))).toBe(false);
    expect(isLiveCall(task())).toBe(false);
    expect(isLiveChat(task())).toBe(true);
    expect(isLiveChat(task({ channel: 'voice' }))).toBe(false);
    expect(canHold(task({ channel: 'voice' }))).toBe(true);
    expect(canHold(task())).toBe(false);
  });
});

describe('task look-ups', () => {
  const a = task();
  const b = task({ sid: 'WR2', taskSid: 'WT2', channelSid: 'CH2', createdAt: 0 });
  const state = { desktop: { tasks: { WR1: a, WR2: b } } };

  it('find a task by task sid, reservation sid or channel sid in the host state', () => {
    expect(getTaskByTaskSid(state, 'WT2')).toBe(b);
    expect(getTaskByTaskSid(state, 'WR1')).toBe(a); // a reservation sid works too
    expect(getTaskByReservationSid(state, 'WR2')).toBe(b);
    expect(getTaskByReservationSid(state, 'WT2')).toBeUndefined();
    expect(getTaskByChannelSid(state, 'CH1')).toBe(a);
    expect(getTasks(state)).toEqual([b, a]);
  });

  it('return nothing for a state without tasks, never throw', () => {
    for (const s of [undefined, null, 42, {}, { desktop: null }, { desktop: {} }]) {
      expect(getTaskByTaskSid(s, 'WT1')).toBeUndefined();
      expect(getTaskByReservationSid(s, 'toString')).toBeUndefined();
      expect(getTasks(s)).toEqual([]);
    }
    expect(getTaskByReservationSid(state, 'toString')).toBeUndefined();
  });
});
