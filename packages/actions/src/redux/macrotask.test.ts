/**
 * The macrotask boundary, with each primitive it may use: setImmediate (Node), MessageChannel
 * (browsers), setTimeout(0) (jsdom under Jest).
 */
import { afterMacrotask } from './macrotask';

type Globals = { setImmediate?: unknown; MessageChannel?: unknown };
const globals = globalThis as Globals;

/** Runs `body` with `hidden` globals removed, as in an environment that lacks them. */
async function without(hidden: Array<keyof Globals>, body: () => Promise<void>): Promise<void> {
  const saved = hidden.map((name) => [name, globals[name]] as const);
  for (const name of hidden) delete globals[name];
  try {
    await body();
  } finally {
    for (const [name, value] of saved) globals[name] = value;
  }
}

/** What runs first: the rest of the task, a chain of microtasks, or the callbacks. */
async function order(after = afterMacrotask): Promise<string[]> {
  const seen: string[] = [];
  const done = new Promise<void>((resolve) => {
    after(() => seen.push('first'));
    after(() => {
      seen.push('second');
      resolve();
    });
  });
  seen.push('sync');
  let p = Promise.resolve();
  for (let i = 0; i < 100; i++) p = p.then(() => undefined);
  await p.then(() => seen.push('100 microtasks later'));
  await done;
  return seen;
}

const expected = ['sync', '100 microtasks later', 'first', 'second'];

it('runs after the current task and its microtasks, in the order asked (setImmediate, Node)', async () => {
  expect(typeof setImmediate).toBe('function');
  await expect(order()).resolves.toEqual(expected);
});

it('uses a MessageChannel where there is no setImmediate (browsers)', async () => {
  // Node's channels keep the process alive until closed: record them to close them after.
  const made: MessageChannel[] = [];
  const Real = MessageChannel;
  let fresh!: typeof afterMacrotask;
  jest.isolateModules(() => {
    fresh = (require('./macrotask') as typeof import('./macrotask')).afterMacrotask;
  });
  try {
    await without(['setImmediate', 'MessageChannel'], async () => {
      globals.MessageChannel = class extends Real {
        constructor() {
          super();
          made.push(this);
        }
      };
      await expect(order(fresh)).resolves.toEqual(expected);
      await expect(order(fresh)).resolves.toEqual(expected);
    });
    expect(made).toHaveLength(1); // one channel, made on first use
  } finally {
    for (const channel of made) channel.port1.close();
  }
});

it('falls back to setTimeout(0) when there is neither (jsdom under Jest)', async () => {
  const timeout = jest.spyOn(globalThis, 'setTimeout');
  try {
    await without(['setImmediate', 'MessageChannel'], async () => {
      await expect(order()).resolves.toEqual(expected);
    });
    expect(timeout).toHaveBeenCalledWith(expect.any(Function), 0);
  } finally {
    timeout.mockRestore();
  }
});

it('is driven by fake timers installed after it was loaded', () => {
  jest.useFakeTimers();
  try {
    const ran = jest.fn();
    afterMacrotask(ran);
    expect(ran).not.toHaveBeenCalled();
    jest.runAllTimers();
    expect(ran).toHaveBeenCalledTimes(1);
  } finally {
    jest.useRealTimers();
  }
});
