import { isSwitchboardError, toDisposable } from '@switchboard/actions';
import { InitTimeoutError, RuntimeOwner, runOwnedInit, type OwnedInitOptions } from './index';

/** An owner with one registration, whose undoing is counted. */
const makeOwner = (id = 'p') => {
  const owner = new RuntimeOwner({ id });
  const undone = jest.fn();
  owner.disposables.add(toDisposable(undone));
  return { owner, undone };
};

const TIMEOUT: OwnedInitOptions<unknown> = { timeoutMs: 1_000 };

describe('runOwnedInit', () => {
  afterEach(() => {
    jest.useRealTimers();
  });

  it('calls init at once with the owner: what it registers synchronously is in place on return', async () => {
    const { owner } = makeOwner();
    const registered = jest.fn();
    let seen: RuntimeOwner | undefined;
    const run = runOwnedInit(
      owner,
      (o) => {
        seen = o;
        o.disposables.add(toDisposable(registered));
      },
      TIMEOUT,
    );
    expect(seen).toBe(owner);
    await expect(run).resolves.toEqual({ status: 'initialized', value: undefined });
    expect(owner.disposed).toBe(false);
    expect(owner.signal.aborted).toBe(false);
  });

  it('a synchronous init ends the run within the call: onSettled sees it before any microtask', async () => {
    const { owner } = makeOwner();
    const order: string[] = [];
    const run = runOwnedInit(owner, () => 7, { timeoutMs: 1_000, onSettled: (o) => order.push(o.status) });
    order.push('returned');
    queueMicrotask(() => order.push('microtask'));
    await expect(run).resolves.toEqual({ status: 'initialized', value: 7 });
    expect(order).toEqual(['initialized', 'returned', 'microtask']);
  });

  it('resolves with what an async init resolved with; the owner lives on', async () => {
    const { owner, undone } = makeOwner();
    await expect(runOwnedInit(owner, async () => 'ready', TIMEOUT)).resolves.toEqual({
      status: 'initialized',
      value: 'ready',
    });
    expect(undone).not.toHaveBeenCalled();
  });

  it('a synchronous throw fails the run: the signal aborts with the error, registrations are undone', async () => {
    const { owner, undone } = makeOwner();
    const boom = new Error('bad config');
    const run = runOwnedInit(
      owner,
      () => {
        throw boom;
      },
      TIMEOUT,
    );
    await expect(run).resolves.toEqual({ status: 'failed', error: boom, timedOut: false });
    expect(owner.signal.reason).toBe(boom);
    expect(undone).toHaveBeenCalledTimes(1);
  });

  it('an async rejection fails the run the same way', async () => {
    const { owner, undone } = makeOwner();
    const outcome = await runOwnedInit(owner, () => Promise.reject(new Error('no CRM')), TIMEOUT);
    expect(outcome).toMatchObject({ status: 'failed', error: { message: 'no CRM' }, timedOut: false });
    expect(owner.disposed).toBe(true);
    expect(undone).toHaveBeenCalledTimes(1);
  });

  it('an init that hangs times out with an InitTimeoutError naming the owner; its signal lets it stop', async () => {
    jest.useFakeTimers();
    const { owner, undone } = makeOwner('crm');
    let stopped: unknown;
    const run = runOwnedInit(
      owner,
      (o) => new Promise<void>(() => o.signal.addEventListener('abort', () => (stopped = o.signal.reason))),
      { timeoutMs: 50 },
    );
    jest.advanceTimersByTime(49);
    expect(owner.disposed).toBe(false);
    jest.advanceTimersByTime(1);
    const outcome = await run;
    expect(outcome).toMatchObject({ status: 'failed', timedOut: true });
    const error = (outcome as { error: unknown }).error;
    expect(error).toBeInstanceOf(InitTimeoutError);
    expect(error).toMatchObject({
      code: 'INIT_TIMEOUT',
      name: 'InitTimeoutError',
      owner: 'crm',
      timeoutMs: 50,
      message: 'init did not settle within 50 ms',
    });
    expect(isSwitchboardError(error, 'INIT_TIMEOUT')).toBe(true);
    expect(stopped).toBe(error);
    expect(undone).toHaveBeenCalledTimes(1);
  });

  it('a short real timeout works too, and a late settle changes nothing', async () => {
    const { owner } = makeOwner();
    let release!: () => void;
    const outcome = await runOwnedInit(owner, () => new Promise<void>((r) => (release = r)), { timeoutMs: 10 });
    expect(outcome).toMatchObject({ status: 'failed', timedOut: true });
    release();
    await Promise.resolve();
    expect(owner.disposed).toBe(true);
  });

  it('failure makes the error the run fails with and the signal aborts with; onFailure sees it while registrations are in place', async () => {
    const { owner, undone } = makeOwner('crm');
    const seen: Array<[string, boolean]> = [];
    const outcome = await runOwnedInit(owner, () => Promise.reject(new Error('no CRM')), {
      timeoutMs: 1_000,
      failure: (error) => new Error(`plugin "${owner.name}" failed: ${(error as Error).message}`),
      onFailure: (failure) => seen.push([failure.message, undone.mock.calls.length > 0]),
    });
    expect(seen).toEqual([['plugin "crm" failed: no CRM', false]]);
    expect(outcome).toMatchObject({ status: 'failed', error: { message: 'plugin "crm" failed: no CRM' } });
    expect(owner.signal.reason).toBe((outcome as { error: unknown }).error);
    expect(undone).toHaveBeenCalledTimes(1);
  });

  it('failure learns whether the init timed out', async () => {
    jest.useFakeTimers();
    const timedOut = jest.fn((_error: unknown, t: boolean) => t);
    const run = runOwnedInit(makeOwner().owner, () => new Promise(() => {}), { timeoutMs: 5, failure: timedOut });
    jest.advanceTimersByTime(5);
    await run;
    expect(timedOut).toHaveBeenCalledWith(expect.any(InitTimeoutError), true);
  });

  it('disposing the owner while init runs (an unload) ends the run as disposed: no failure, no timeout', async () => {
    jest.useFakeTimers();
    const { owner, undone } = makeOwner();
    const onFailure = jest.fn();
    let reject!: (e: Error) => void;
    const run = runOwnedInit(owner, () => new Promise<void>((_, r) => (reject = r)), { timeoutMs: 50, onFailure });
    const reason = new Error('unloaded');
    owner.dispose(reason);
    await expect(run).resolves.toEqual({ status: 'disposed', reason });
    expect(jest.getTimerCount()).toBe(0);
    reject(new Error('too late'));
    jest.advanceTimersByTime(100);
    await Promise.resolve();
    expect(onFailure).not.toHaveBeenCalled();
    expect(undone).toHaveBeenCalledTimes(1);
  });

  it('an owner disposed before the run starts is not initialised', async () => {
    const { owner } = makeOwner();
    owner.dispose(new Error('gone'));
    const init = jest.fn();
    await expect(runOwnedInit(owner, init, TIMEOUT)).resolves.toMatchObject({ status: 'disposed' });
    expect(init).not.toHaveBeenCalled();
  });

  it('onFailure may dispose the owner itself (with its own reason): the run still ends as failed', async () => {
    const { owner, undone } = makeOwner();
    const reason = new Error('the host fails it');
    const outcome = await runOwnedInit(owner, () => Promise.reject(new Error('x')), {
      timeoutMs: 1_000,
      onFailure: () => owner.dispose(reason),
    });
    expect(outcome.status).toBe('failed');
    expect(owner.signal.reason).toBe(reason);
    expect(undone).toHaveBeenCalledTimes(1);
  });

  it('a throwing onFailure (a bug of the caller) is rethrown in a microtask; the extension is still undone', async () => {
    const rethrown: Array<() => void> = [];
    const microtask = jest.spyOn(globalThis, 'queueMicrotask').mockImplementation((fn) => void rethrown.push(fn));
    try {
      const { owner, undone } = makeOwner();
      const outcome = await runOwnedInit(owner, () => Promise.reject(new Error('x')), {
        timeoutMs: 1_000,
        onFailure: () => {
          throw new Error('hook broke');
        },
      });
      expect(outcome.status).toBe('failed');
      expect(undone).toHaveBeenCalledTimes(1);
      expect(rethrown).toHaveLength(1);
      expect(rethrown[0]!).toThrow('hook broke');
    } finally {
      microtask.mockRestore();
    }
  });

  it('leaves no timer behind once settled', async () => {
    jest.useFakeTimers();
    const run = runOwnedInit(makeOwner().owner, () => {}, TIMEOUT);
    await run;
    expect(jest.getTimerCount()).toBe(0);
  });

  it('refuses a timeout that is not a positive number', () => {
    for (const timeoutMs of [0, -1, Number.NaN, Infinity]) {
      expect(() => runOwnedInit(makeOwner().owner, () => {}, { timeoutMs })).toThrow(
        expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
      );
    }
  });
});
