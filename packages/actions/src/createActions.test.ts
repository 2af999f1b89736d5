/**
 * SEMANTICS.md, "The steps": one or more tests per numbered step.
 */
import {
  ActionAbortedError,
  ActionFailedError,
  ActionNotFoundError,
  createActions,
  isSwitchboardError,
  type Invocation,
  type InvocationOutcome,
} from './index';
import { collectErrors, deferred, flush, rejectionOf } from './test-utils';

describe('step 1: invokeAction always returns a promise', () => {
  it('returns a rejected promise instead of throwing for every kind of bad call', async () => {
    const actions = createActions();
    actions.registerAction('Throwing', () => {
      throw new Error('sync throw in body');
    });
    actions.registerAction(
      'BadUpdate',
      () => 1,
      () => {
        throw new Error('update failed');
      },
    );
    actions.registerAction('PredicateBlocked', () => 1);
    actions.blockAction('PredicateBlocked', () => {
      throw new Error('predicate failed');
    });
    actions.onError(() => {});

    const calls: Array<() => Promise<unknown>> = [
      () => actions.invokeAction('Missing'),
      () => actions.invokeAction(42 as unknown as string),
      () => actions.invokeAction('Throwing'),
      () => actions.invokeAction('BadUpdate'),
      () => actions.invokeAction('PredicateBlocked'),
    ];
    for (const call of calls) {
      let p: Promise<unknown> | undefined;
      expect(() => {
        p = call();
      }).not.toThrow();
      expect(p).toBeInstanceOf(Promise);
      await expect(p).rejects.toBeInstanceOf(Error);
    }
  });

  it('resolves with the body result, sync or async', async () => {
    const actions = createActions();
    actions.registerAction('Sync', (p) => `sync:${String(p)}`);
    actions.registerAction('Async', async (p) => `async:${String(p)}`);
    await expect(actions.invokeAction('Sync', 1)).resolves.toBe('sync:1');
    await expect(actions.invokeAction('Async', 2)).resolves.toBe('async:2');
  });
});

describe('step 2: unknown action', () => {
  it('rejects with ACTION_NOT_FOUND naming the action', async () => {
    const actions = createActions();
    const error = await rejectionOf(actions.invokeAction('NoSuchAction', { sid: 'a' }));
    expect(error).toBeInstanceOf(ActionNotFoundError);
    expect(error).toMatchObject({ code: 'ACTION_NOT_FOUND', action: 'NoSuchAction' });
    expect((error as Error).message).toContain('NoSuchAction');
  });

  it('treats an action with only replacements or listeners as not registered', async () => {
    const actions = createActions();
    actions.replaceAction('OnlyReplaced', (p, original) => original(p));
    actions.addListener('beforeOnlyReplaced', () => {});
    await expect(actions.invokeAction('OnlyReplaced')).rejects.toMatchObject({ code: 'ACTION_NOT_FOUND' });
  });

  it('rejects a non-string name with INVALID_ARGUMENT', async () => {
    const actions = createActions();
    await expect(actions.invokeAction(undefined as unknown as string)).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
    });
  });
});

describe('step 3: pending guard', () => {
  function slowAction() {
    const actions = createActions();
    const gate = deferred();
    const body = jest.fn(async (p: unknown) => {
      await gate.promise;
      return p;
    });
    actions.registerAction('AcceptTask', body);
    return { actions, gate, body };
  }

  it('rejects a double click with the same payload (shallow object match) and runs the body once', async () => {
    const { actions, gate, body } = slowAction();
    const first = actions.invokeAction('AcceptTask', { sid: 'WT1' });
    const second = actions.invokeAction('AcceptTask', { sid: 'WT1' });
    await expect(second).rejects.toMatchObject({ code: 'ACTION_PENDING', action: 'AcceptTask' });
    gate.resolve();
    await expect(first).resolves.toEqual({ sid: 'WT1' });
    expect(body).toHaveBeenCalledTimes(1);
  });

  it('completes an all-synchronous invocation inside invokeAction, so a later one is no duplicate', async () => {
    const actions = createActions();
    const ends = jest.fn();
    actions.addListener('invocationEnd', ends);
    const body = jest.fn((p: unknown) => p);
    actions.registerAction('ToggleMute', body);
    const first = actions.invokeAction('ToggleMute', { sid: 'a' });
    // Nothing of it is still running: it is no longer pending, and it has ended.
    expect(actions.findPendingActions('ToggleMute')).toEqual({});
    expect(ends).toHaveBeenCalledTimes(1);
    const second = actions.invokeAction('ToggleMute', { sid: 'a' });
    await expect(Promise.all([first, second])).resolves.toEqual([{ sid: 'a' }, { sid: 'a' }]);
    expect(body).toHaveBeenCalledTimes(2);
  });

  it('still rejects a duplicate started from inside a synchronous invocation', async () => {
    const actions = createActions();
    const nested: Array<Promise<unknown>> = [];
    actions.registerAction('AcceptTask', (p) => {
      nested.push(actions.invokeAction('AcceptTask', p));
      return 'accepted';
    });
    actions.addListener('beforeAcceptTask', (p) => {
      nested.push(actions.invokeAction('AcceptTask', p));
    });
    actions.addListener('invocationBegin', (inv) => {
      nested.push(actions.invokeAction('AcceptTask', inv.payload));
    });
    await expect(actions.invokeAction('AcceptTask', { sid: 'a' })).resolves.toBe('accepted');
    expect(nested).toHaveLength(3);
    for (const p of nested) await expect(p).rejects.toMatchObject({ code: 'ACTION_PENDING' });
  });

  it('keeps an invocation pending while anything it awaits is unsettled', async () => {
    const actions = createActions();
    const gate = deferred();
    actions.registerAction('SaveNotes', () => 'saved');
    const after = actions.addListener('afterSaveNotes', () => gate.promise);
    const first = actions.invokeAction('SaveNotes', { sid: 'a' });
    await expect(actions.invokeAction('SaveNotes', { sid: 'a' })).rejects.toMatchObject({ code: 'ACTION_PENDING' });
    gate.resolve();
    await expect(first).resolves.toBe('saved');
    after.dispose();
  });

  it('completes synchronously on a synchronous failure or abort, too', async () => {
    const actions = createActions();
    actions.registerAction('Fails', () => {
      throw new Error('sync failure');
    });
    actions.registerAction('Aborts', () => 'never');
    actions.addListener('beforeAborts', (_p, abort) => abort());
    actions.registerAction('ReplacedFails', () => 'ok');
    actions.replaceAction('ReplacedFails', () => {
      throw new Error('replacement failure');
    });
    actions.replaceAction('ReplacedFails', (p, _o, next) => next(p));
    for (const name of ['Fails', 'Aborts', 'ReplacedFails']) {
      const p = actions.invokeAction(name, { sid: 'a' });
      expect(actions.findPendingActions(name)).toEqual({});
      await expect(p).rejects.toThrow();
    }
  });

  it('lets a non-matching payload run alongside', async () => {
    const { actions, gate, body } = slowAction();
    const a = actions.invokeAction('AcceptTask', { sid: 'WT1' });
    const b = actions.invokeAction('AcceptTask', { sid: 'WT2' });
    gate.resolve();
    await expect(Promise.all([a, b])).resolves.toEqual([{ sid: 'WT1' }, { sid: 'WT2' }]);
    expect(body).toHaveBeenCalledTimes(2);
  });

  it('matches when the new payload is undefined (no pattern matches anything)', async () => {
    const { actions, gate } = slowAction();
    const a = actions.invokeAction('AcceptTask', { sid: 'WT1' });
    await expect(actions.invokeAction('AcceptTask')).rejects.toMatchObject({ code: 'ACTION_PENDING' });
    gate.resolve();
    await a;
  });

  it('matches the same object by identity, but not an equal-looking object with different nested values', async () => {
    const { actions, gate } = slowAction();
    const payload = { task: { sid: 'WT1' } };
    const a = actions.invokeAction('AcceptTask', payload);
    await expect(actions.invokeAction('AcceptTask', payload)).rejects.toMatchObject({ code: 'ACTION_PENDING' });
    // Shallow: `task` is a different object, so this one is not a duplicate.
    const b = actions.invokeAction('AcceptTask', { task: { sid: 'WT1' } });
    gate.resolve();
    await Promise.all([a, b]);
  });

  it('compares primitives with ===', async () => {
    const { actions, gate } = slowAction();
    const a = actions.invokeAction('AcceptTask', 'WT1');
    await expect(actions.invokeAction('AcceptTask', 'WT1')).rejects.toMatchObject({ code: 'ACTION_PENDING' });
    const b = actions.invokeAction('AcceptTask', 'WT2');
    gate.resolve();
    await Promise.all([a, b]);
  });

  it('matches the raw payload against the pending payload after payloadUpdate', async () => {
    const actions = createActions();
    const gate = deferred();
    actions.registerAction(
      'AcceptTask',
      async () => gate.promise,
      (p) => ({ ...(p as object), task: { attributes: {} } }),
    );
    const a = actions.invokeAction('AcceptTask', { sid: 'WT1' });
    await expect(actions.invokeAction('AcceptTask', { sid: 'WT1' })).rejects.toMatchObject({
      code: 'ACTION_PENDING',
    });
    gate.resolve();
    await a;
  });

  it('never calls a payload that is a function as if it were a predicate', async () => {
    const { actions, gate } = slowAction();
    const a = actions.invokeAction('AcceptTask', { sid: 'WT1' });
    const payloadFn = jest.fn(() => true);
    const b = actions.invokeAction('AcceptTask', payloadFn);
    gate.resolve();
    await Promise.all([a, b]);
    expect(payloadFn).not.toHaveBeenCalled();
  });

  it('does not guard across different actions, and frees the payload once the invocation ends', async () => {
    const { actions, gate } = slowAction();
    actions.registerAction('Other', () => 'other');
    const a = actions.invokeAction('AcceptTask', { sid: 'WT1' });
    await expect(actions.invokeAction('Other', { sid: 'WT1' })).resolves.toBe('other');
    gate.resolve();
    await a;
    await expect(actions.invokeAction('AcceptTask', { sid: 'WT1' })).resolves.toEqual({ sid: 'WT1' });
  });

  it('findPendingActions applies every matching rule and returns { [name]: payload, first }', async () => {
    const actions = createActions();
    const gate = deferred();
    actions.registerAction('AcceptTask', () => gate.promise);
    actions.registerAction('RejectTask', () => gate.promise);
    const acceptPayload = { sid: 'WT1', extra: 1 };
    const rejectPayload = { sid: 'WT2' };
    const running = [
      actions.invokeAction('AcceptTask', acceptPayload),
      actions.invokeAction('RejectTask', rejectPayload),
    ];

    // No pattern: anything.
    expect(actions.findPendingActions(['RejectTask', 'AcceptTask'])).toEqual({
      AcceptTask: acceptPayload,
      RejectTask: rejectPayload,
      first: { action: 'RejectTask', payload: rejectPayload },
    });
    // A single name.
    expect(actions.findPendingActions('AcceptTask').AcceptTask).toBe(acceptPayload);
    // Same object.
    expect(actions.findPendingActions(['AcceptTask', 'RejectTask'], acceptPayload)).toEqual({
      AcceptTask: acceptPayload,
      first: { action: 'AcceptTask', payload: acceptPayload },
    });
    // Object pattern, shallow.
    expect(actions.findPendingActions(['AcceptTask', 'RejectTask'], { sid: 'WT2' })).toEqual({
      RejectTask: rejectPayload,
      first: { action: 'RejectTask', payload: rejectPayload },
    });
    expect(actions.findPendingActions(['AcceptTask'], { sid: 'WT1', extra: 2 })).toEqual({});
    // Predicate, which gets (payload, action).
    const predicate = jest.fn(
      (p: unknown, action: string) => action === 'AcceptTask' && (p as { extra?: number }).extra === 1,
    );
    expect(actions.findPendingActions(['AcceptTask', 'RejectTask'], predicate)).toEqual({
      AcceptTask: acceptPayload,
      first: { action: 'AcceptTask', payload: acceptPayload },
    });
    expect(predicate).toHaveBeenCalledWith(acceptPayload, 'AcceptTask');
    expect(predicate).toHaveBeenCalledWith(rejectPayload, 'RejectTask');
    // Unknown names are simply absent.
    expect(actions.findPendingActions(['Nothing'])).toEqual({});

    gate.resolve();
    await Promise.all(running);
    expect(actions.findPendingActions(['AcceptTask', 'RejectTask'])).toEqual({});
  });
});

describe('step 4: blocked guard', () => {
  it('blockAction(name) blocks every invocation and no listener, payloadUpdate or body runs', async () => {
    const actions = createActions();
    const body = jest.fn();
    const update = jest.fn((p: unknown) => p);
    const before = jest.fn();
    const after = jest.fn();
    actions.registerAction('WrapupTask', body, update);
    actions.addListener('beforeWrapupTask', before);
    actions.addListener('afterWrapupTask', after);
    actions.blockAction('WrapupTask');
    const error = await rejectionOf(actions.invokeAction('WrapupTask', { sid: 'a' }));
    expect(error).toMatchObject({ code: 'ACTION_BLOCKED', action: 'WrapupTask' });
    await expect(actions.invokeAction('WrapupTask')).rejects.toMatchObject({ code: 'ACTION_BLOCKED' });
    expect([body, update, before, after].map((f) => f.mock.calls.length)).toEqual([0, 0, 0, 0]);
  });

  it('blockAction(name, pattern) blocks only matching payloads', async () => {
    const actions = createActions();
    actions.registerAction('AcceptTask', (p) => p);
    actions.blockAction('AcceptTask', { sid: 'a' });
    await expect(actions.invokeAction('AcceptTask', { sid: 'a', other: 1 })).rejects.toMatchObject({
      code: 'ACTION_BLOCKED',
      pattern: { sid: 'a' },
    });
    await expect(actions.invokeAction('AcceptTask', { sid: 'b' })).resolves.toEqual({ sid: 'b' });
    // An object pattern does not match a payload that is not an object.
    await expect(actions.invokeAction('AcceptTask')).resolves.toBeUndefined();
  });

  it('supports predicate patterns, called with (payload, action)', async () => {
    const actions = createActions();
    actions.registerAction('SendMessage', (p) => p);
    const predicate = jest.fn((p: unknown) => typeof p === 'string' && p.includes('secret'));
    actions.blockAction('SendMessage', predicate);
    await expect(actions.invokeAction('SendMessage', 'a secret')).rejects.toMatchObject({ code: 'ACTION_BLOCKED' });
    await expect(actions.invokeAction('SendMessage', 'hello')).resolves.toBe('hello');
    expect(predicate).toHaveBeenCalledWith('hello', 'SendMessage');
  });

  it('checks the pending guard before the blocked guard', async () => {
    const actions = createActions();
    const gate = deferred();
    actions.registerAction('X', () => gate.promise);
    const running = actions.invokeAction('X', { sid: 'a' });
    actions.blockAction('X');
    await expect(actions.invokeAction('X', { sid: 'a' })).rejects.toMatchObject({ code: 'ACTION_PENDING' });
    await expect(actions.invokeAction('X', { sid: 'b' })).rejects.toMatchObject({ code: 'ACTION_BLOCKED' });
    gate.resolve();
    await running;
  });

  it('unblockAction(name, pattern) removes exactly the blocks the pattern matches', async () => {
    const actions = createActions();
    actions.registerAction('AcceptTask', (p) => p);
    actions.blockAction('AcceptTask', { sid: 'a' });
    actions.blockAction('AcceptTask', { sid: 'b', queue: 'q1' });
    actions.unblockAction('AcceptTask', { sid: 'b' });
    await expect(actions.invokeAction('AcceptTask', { sid: 'b', queue: 'q1' })).resolves.toBeDefined();
    await expect(actions.invokeAction('AcceptTask', { sid: 'a' })).rejects.toMatchObject({ code: 'ACTION_BLOCKED' });
    expect(actions.findBlockedActions('AcceptTask')).toEqual({
      AcceptTask: { sid: 'a' },
      first: { action: 'AcceptTask', payload: { sid: 'a' } },
    });
  });

  it('unblockAction(name) removes every block of that action only', async () => {
    const actions = createActions();
    actions.registerAction('A', () => 'a');
    actions.registerAction('B', () => 'b');
    actions.blockAction('A');
    actions.blockAction('A', { sid: 'x' });
    actions.blockAction('B');
    actions.unblockAction('A');
    await expect(actions.invokeAction('A', { sid: 'x' })).resolves.toBe('a');
    await expect(actions.invokeAction('B')).rejects.toMatchObject({ code: 'ACTION_BLOCKED' });
    expect(actions.findBlockedActions(['A', 'B'])).toEqual({
      B: undefined,
      first: { action: 'B', payload: undefined },
    });
  });

  it('emits actionBlockedChanged(blocked, action, pattern) on every change and nothing otherwise', () => {
    const actions = createActions();
    const changes: unknown[][] = [];
    actions.addListener('actionBlockedChanged', (...args) => changes.push(args));
    const pattern = { sid: 'a' };

    actions.blockAction('AcceptTask', pattern);
    actions.blockAction('AcceptTask', { sid: 'a' }); // same block again: no change
    actions.blockAction('AcceptTask');
    actions.unblockAction('AcceptTask', { sid: 'zzz' }); // matches nothing: no change
    actions.unblockAction('RejectTask'); // nothing blocked there
    actions.unblockAction('AcceptTask', { sid: 'a' });
    actions.unblockAction('AcceptTask');
    actions.unblockAction('AcceptTask'); // already unblocked

    expect(changes).toEqual([
      [true, 'AcceptTask', pattern],
      [true, 'AcceptTask', undefined],
      [false, 'AcceptTask', pattern],
      [false, 'AcceptTask', undefined],
    ]);
    expect(actions.findBlockedActions('AcceptTask')).toEqual({});
  });

  it('returns a Disposable that lifts that block', async () => {
    const actions = createActions();
    actions.registerAction('A', () => 'ran');
    const changes: unknown[] = [];
    actions.addListener('actionBlockedChanged', (blocked) => changes.push(blocked));
    const block = actions.blockAction('A');
    await expect(actions.invokeAction('A')).rejects.toMatchObject({ code: 'ACTION_BLOCKED' });
    block.dispose();
    block.dispose();
    await expect(actions.invokeAction('A')).resolves.toBe('ran');
    expect(changes).toEqual([true, false]);
  });

  it('findBlockedActions matches patterns with the same rules', () => {
    const actions = createActions();
    const fnPattern = () => false; // as a pattern it matches only itself, by identity
    actions.blockAction('A', { sid: 'x', queue: 'q' });
    actions.blockAction('B', fnPattern);
    expect(actions.findBlockedActions(['A', 'B'], { sid: 'x' })).toEqual({
      A: { sid: 'x', queue: 'q' },
      first: { action: 'A', payload: { sid: 'x', queue: 'q' } },
    });
    expect(actions.findBlockedActions(['A', 'B'], fnPattern)).toEqual({
      B: fnPattern,
      first: { action: 'B', payload: fnPattern },
    });
  });
});

describe('step 5: payloadUpdate', () => {
  it('runs on the raw payload, even undefined, and its result is the payload by identity from then on', async () => {
    const actions = createActions();
    const updated = { sid: 'WT1', task: { status: 'pending' } };
    const update = jest.fn(() => updated);
    const seen: Array<[string, unknown]> = [];
    actions.registerAction(
      'AcceptTask',
      (p) => {
        seen.push(['body', p]);
        return p;
      },
      update,
    );
    actions.addListener('beforeAcceptTask', (p) => seen.push(['before', p]));
    actions.replaceAction('AcceptTask', (p, original) => {
      seen.push(['replacement', p]);
      return original(p);
    });
    actions.addListener('afterAcceptTask', (p) => seen.push(['after', p]));

    await expect(actions.invokeAction('AcceptTask')).resolves.toBe(updated);
    expect(update).toHaveBeenCalledTimes(1);
    expect(update.mock.calls[0]).toEqual([undefined]);
    expect(seen.map(([where]) => where)).toEqual(['before', 'replacement', 'body', 'after']);
    for (const [, p] of seen) expect(p).toBe(updated);
  });

  it('a payloadUpdate that throws rejects the invocation, is reported, and leaves nothing pending', async () => {
    const actions = createActions();
    const errors = collectErrors(actions);
    const body = jest.fn();
    const boom = new Error('no such task');
    const scope = actions.scope('plugin-a');
    scope.registerAction('AcceptTask', body, () => {
      throw boom;
    });
    await expect(actions.invokeAction('AcceptTask', { sid: 'x' })).rejects.toBe(boom);
    expect(body).not.toHaveBeenCalled();
    expect(errors).toEqual([
      { error: boom, info: { action: 'AcceptTask', phase: 'payloadUpdate', owner: 'plugin-a' } },
    ]);
    expect(actions.findPendingActions('AcceptTask')).toEqual({});
  });

  it('wraps a thrown non-Error in ACTION_FAILED', async () => {
    const actions = createActions();
    actions.onError(() => {});
    actions.registerAction(
      'X',
      () => 1,
      () => {
        throw 'bad';
      },
    );
    const error = await rejectionOf(actions.invokeAction('X'));
    expect(error).toBeInstanceOf(ActionFailedError);
    expect(error).toMatchObject({ code: 'ACTION_FAILED', phase: 'payloadUpdate', cause: 'bad' });
  });
});

describe('step 6: pending registration and invocationBegin', () => {
  it('emits invocationBegin after payloadUpdate with the pending invocation', async () => {
    const actions = createActions();
    const updated = { sid: 'a', resolved: true };
    actions.registerAction(
      'X',
      () => 'done',
      () => updated,
    );
    const begins: Invocation[] = [];
    actions.addListener('invocationBegin', (inv) => {
      begins.push(inv);
      // It is pending from here on.
      expect(actions.findPendingActions('X').X).toBe(updated);
    });
    const scope = actions.scope('caller');
    await scope.invokeAction('X', { sid: 'a' });
    await actions.invokeAction('X', { sid: 'b' });
    expect(begins).toHaveLength(2);
    expect(begins[0]).toEqual({ id: expect.any(Number), action: 'X', payload: updated, owner: 'caller' });
    expect(begins[1]?.owner).toBeUndefined();
    expect(begins[1]!.id).toBeGreaterThan(begins[0]!.id);
  });

  it('emits nothing for invocations rejected by a guard', async () => {
    const actions = createActions();
    const events = jest.fn();
    actions.addListener('invocationBegin', events);
    actions.addListener('invocationEnd', events);
    actions.registerAction('X', () => 1);
    actions.blockAction('X');
    await expect(actions.invokeAction('X')).rejects.toThrow();
    await expect(actions.invokeAction('Missing')).rejects.toThrow();
    expect(events).not.toHaveBeenCalled();
  });
});

describe('invocationAwaiting: the synchronous part is over, the invocation still runs', () => {
  it('is emitted after invokeAction returns a pending promise, never for a synchronous invocation', async () => {
    const actions = createActions();
    const seen: string[] = [];
    actions.addListener('invocationAwaiting', (inv) => {
      seen.push(`${inv.action} awaiting, pending: ${inv.action in actions.findPendingActions(inv.action)}`);
    });
    actions.addListener('invocationEnd', (inv) => seen.push(`${inv.action} end`));
    actions.registerAction('Sync', () => 1);
    actions.registerAction('Async', async () => 2);
    actions.registerAction('WaitsForListener', () => 3);
    actions.addListener('beforeWaitsForListener', async () => {});
    await actions.invokeAction('Sync');
    expect(seen).toEqual(['Sync end']);
    seen.length = 0;
    const p = actions.invokeAction('Async');
    expect(seen).toEqual(['Async awaiting, pending: true']);
    await p;
    await actions.invokeAction('WaitsForListener');
    expect(seen).toEqual([
      'Async awaiting, pending: true',
      'Async end',
      'WaitsForListener awaiting, pending: true',
      'WaitsForListener end',
    ]);
  });

  it('is emitted for a failure or an abort that comes after an await, and not for a synchronous one', async () => {
    const actions = createActions();
    const awaiting = jest.fn();
    actions.addListener('invocationAwaiting', awaiting);
    actions.registerAction('X', () => {
      throw new Error('sync failure');
    });
    actions.registerAction('Y', async () => {
      throw new Error('async failure');
    });
    await expect(actions.invokeAction('X')).rejects.toThrow('sync failure');
    expect(awaiting).not.toHaveBeenCalled();
    await expect(actions.invokeAction('Y')).rejects.toThrow('async failure');
    expect(awaiting).toHaveBeenCalledTimes(1);
  });
});

describe('step 7: before listeners', () => {
  it('calls every listener in registration order before awaiting any of them, then awaits them together', async () => {
    const actions = createActions();
    const log: string[] = [];
    const gates = [deferred(), deferred()];
    actions.registerAction('X', () => {
      log.push('body');
    });
    actions.addListener('beforeX', async () => {
      log.push('l1 start');
      await gates[0]!.promise;
      log.push('l1 end');
    });
    actions.addListener('beforeX', () => {
      log.push('l2');
    });
    actions.addListener('beforeX', async () => {
      log.push('l3 start');
      await gates[1]!.promise;
      log.push('l3 end');
    });
    const p = actions.invokeAction('X');
    expect(log).toEqual(['l1 start', 'l2', 'l3 start']);
    gates[1]!.resolve();
    await flush();
    expect(log).toEqual(['l1 start', 'l2', 'l3 start', 'l3 end']);
    gates[0]!.resolve();
    await p;
    expect(log).toEqual(['l1 start', 'l2', 'l3 start', 'l3 end', 'l1 end', 'body']);
  });

  it('passes (payload, abort) and lets listeners mutate the payload', async () => {
    const actions = createActions();
    actions.registerAction('SendMessage', (p) => (p as { body: string }).body);
    actions.addListener('beforeSendMessage', (payload, abort) => {
      expect(typeof abort).toBe('function');
      (payload as { body: string }).body += ' [signed]';
    });
    await expect(actions.invokeAction('SendMessage', { body: 'hello' })).resolves.toBe('hello [signed]');
  });

  it('isolates a listener that throws or rejects: reported with its owner, others and the action still run', async () => {
    const actions = createActions();
    const errors = collectErrors(actions);
    const syncError = new Error('sync');
    const asyncError = new Error('async');
    const later = jest.fn();
    actions.registerAction('X', () => 'ok');
    actions.scope('bad-sync').addListener('beforeX', () => {
      throw syncError;
    });
    actions.scope('bad-async').addListener('beforeX', async () => {
      throw asyncError;
    });
    actions.addListener('beforeX', later);
    await expect(actions.invokeAction('X')).resolves.toBe('ok');
    expect(later).toHaveBeenCalled();
    expect(errors).toEqual([
      { error: syncError, info: { action: 'X', phase: 'before', owner: 'bad-sync' } },
      { error: asyncError, info: { action: 'X', phase: 'before', owner: 'bad-async' } },
    ]);
  });

  it('logs listener errors to the console when no onError handler is registered', async () => {
    const actions = createActions();
    const spy = jest.spyOn(console, 'error').mockImplementation(() => {});
    try {
      actions.registerAction('X', () => 'ok');
      actions.scope('noisy').addListener('beforeX', () => {
        throw new Error('oops');
      });
      await expect(actions.invokeAction('X')).resolves.toBe('ok');
      expect(spy).toHaveBeenCalledWith('[switchboard]', expect.stringContaining('"noisy"'), expect.any(Error));
    } finally {
      spy.mockRestore();
    }
  });

  it('fires a listener added during the step from the next invocation on', async () => {
    const actions = createActions();
    const late = jest.fn();
    actions.registerAction('X', () => {});
    actions.addListener('beforeX', () => {
      if (!late.mock.calls.length && actions.listenerCount('beforeX') === 1) actions.addListener('beforeX', late);
    });
    await actions.invokeAction('X');
    expect(late).not.toHaveBeenCalled();
    await actions.invokeAction('X');
    expect(late).toHaveBeenCalledTimes(1);
  });
});

describe('step 8: abort', () => {
  function setup() {
    const actions = createActions();
    const body = jest.fn();
    const replacement = jest.fn((p: unknown, original: (p: unknown) => Promise<unknown>) => original(p));
    const after = jest.fn();
    const ends: InvocationOutcome[] = [];
    actions.registerAction('AcceptTask', body);
    actions.replaceAction('AcceptTask', replacement);
    actions.addListener('afterAcceptTask', after);
    actions.addListener('invocationEnd', (_inv, outcome) => ends.push(outcome));
    return { actions, body, replacement, after, ends };
  }

  it('rejects with ACTION_ABORTED when a listener calls abort(); nothing else runs', async () => {
    const { actions, body, replacement, after, ends } = setup();
    const other = jest.fn();
    actions.scope('confirm-plugin').addListener('beforeAcceptTask', (_p, abort) => abort());
    actions.addListener('beforeAcceptTask', other);
    const error = await rejectionOf(actions.invokeAction('AcceptTask', { sid: 'a' }));
    expect(error).toBeInstanceOf(ActionAbortedError);
    expect(error).toMatchObject({ code: 'ACTION_ABORTED', action: 'AcceptTask', owner: 'confirm-plugin' });
    expect((error as Error).message).toContain('confirm-plugin');
    // The other listeners of the step still ran.
    expect(other).toHaveBeenCalled();
    expect([body, replacement, after].map((f) => f.mock.calls.length)).toEqual([0, 0, 0]);
    expect(ends).toEqual([{ status: 'aborted', error }]);
    expect(actions.findPendingActions('AcceptTask')).toEqual({});
  });

  it('honours abort() called after an await', async () => {
    const { actions, body } = setup();
    const answer = deferred<boolean>();
    actions.addListener('beforeAcceptTask', async (_p, abort) => {
      if (!(await answer.promise)) abort();
    });
    const p = actions.invokeAction('AcceptTask', { sid: 'a' });
    await flush();
    answer.resolve(false);
    await expect(p).rejects.toMatchObject({ code: 'ACTION_ABORTED' });
    expect(body).not.toHaveBeenCalled();
  });

  it('runs normally when no listener aborts', async () => {
    const { actions, body, after } = setup();
    actions.addListener('beforeAcceptTask', async () => {});
    await actions.invokeAction('AcceptTask', { sid: 'a' });
    expect(body).toHaveBeenCalledTimes(1);
    expect(after).toHaveBeenCalledTimes(1);
  });
});

describe('step 9: body and replacements', () => {
  it('runs the registered function with the payload when nothing replaces it', async () => {
    const actions = createActions();
    const body = jest.fn((p: unknown) => p);
    actions.registerAction('X', body);
    const payload = { a: 1 };
    await expect(actions.invokeAction('X', payload)).resolves.toBe(payload);
    expect(body).toHaveBeenCalledWith(payload);
  });

  function threeReplacements(modes: Record<'A' | 'B' | 'C', 'next' | 'original'>) {
    const actions = createActions();
    const log: string[] = [];
    actions.registerAction('X', (p) => {
      log.push(`body(${String(p)})`);
      return 'body';
    });
    for (const name of ['A', 'B', 'C'] as const) {
      actions.scope(name).replaceAction('X', async (p, original, next) => {
        log.push(`${name}(${String(p)})`);
        const result = await (modes[name] === 'next' ? next : original)(`${String(p)}${name}`);
        return `${name}[${String(result)}]`;
      });
    }
    actions.onWarning(() => {});
    return { actions, log };
  }

  it('next() runs the previously added replacement, most recent first, down to the body', async () => {
    const { actions, log } = threeReplacements({ A: 'next', B: 'next', C: 'next' });
    await expect(actions.invokeAction('X', 'p')).resolves.toBe('C[B[A[body]]]');
    expect(log).toEqual(['C(p)', 'B(pC)', 'A(pCB)', 'body(pCBA)']);
  });

  it('original() from the newest replacement skips the others', async () => {
    const { actions, log } = threeReplacements({ A: 'next', B: 'next', C: 'original' });
    await expect(actions.invokeAction('X', 'p')).resolves.toBe('C[body]');
    expect(log).toEqual(['C(p)', 'body(pC)']);
  });

  it('original() in the middle of the chain skips only what is older', async () => {
    const { actions, log } = threeReplacements({ A: 'next', B: 'original', C: 'next' });
    await expect(actions.invokeAction('X', 'p')).resolves.toBe('C[B[body]]');
    expect(log).toEqual(['C(p)', 'B(pC)', 'body(pCB)']);
  });

  it('original() from the oldest replacement is the same as next()', async () => {
    const { actions, log } = threeReplacements({ A: 'original', B: 'next', C: 'next' });
    await expect(actions.invokeAction('X', 'p')).resolves.toBe('C[B[A[body]]]');
    expect(log).toEqual(['C(p)', 'B(pC)', 'A(pCB)', 'body(pCBA)']);
  });

  it('lets a replacement skip both and return its own result', async () => {
    const actions = createActions();
    const body = jest.fn();
    actions.registerAction('WrapupTask', body);
    actions.replaceAction('WrapupTask', () => 'replaced');
    await expect(actions.invokeAction('WrapupTask')).resolves.toBe('replaced');
    expect(body).not.toHaveBeenCalled();
  });

  it('gives original and next promises even when the body is synchronous', async () => {
    const actions = createActions();
    actions.registerAction('X', () => 41);
    actions.replaceAction('X', (p, original, next) => {
      const a = original(p);
      const b = next(p);
      expect(a).toBeInstanceOf(Promise);
      expect(b).toBeInstanceOf(Promise);
      return Promise.all([a, b]).then(([x, y]) => (x as number) + (y as number) - 40);
    });
    await expect(actions.invokeAction('X')).resolves.toBe(42);
  });

  it('gives a promise from next() over a synchronous body that returns undefined, on a fresh instance', async () => {
    // The first chain call of an instance: its body's undefined was taken for a promise handed on.
    const actions = createActions();
    const bodies: unknown[] = [];
    actions.registerAction('Send', (p: unknown) => void bodies.push(p));
    let handed: unknown;
    actions.scope('plugin').replaceAction('Send', (p, _original, next) => (handed = next(p)));
    await expect(actions.invokeAction('Send', 'hi')).resolves.toBeUndefined();
    expect(handed).toBeInstanceOf(Promise);
    expect(bodies).toEqual(['hi']);
  });

  it('accepts replaceAction before registerAction', async () => {
    const actions = createActions();
    actions.replaceAction('Late', async (p, original) => `wrapped ${String(await original(p))}`);
    actions.registerAction('Late', () => 'body');
    await expect(actions.invokeAction('Late')).resolves.toBe('wrapped body');
  });

  it('registering a name again replaces the function; disposing it restores the previous one', async () => {
    const actions = createActions();
    actions.registerAction('X', () => 'first');
    const second = actions.registerAction('X', () => 'second');
    await expect(actions.invokeAction('X')).resolves.toBe('second');
    second.dispose();
    await expect(actions.invokeAction('X')).resolves.toBe('first');
  });

  it('snapshots the chain when the invocation starts', async () => {
    const actions = createActions();
    const gate = deferred();
    actions.registerAction('X', () => 'body');
    actions.addListener('beforeX', () => gate.promise);
    const p = actions.invokeAction('X');
    actions.replaceAction('X', () => 'added while running');
    gate.resolve();
    // The replacement was added before step 9, so it does run: snapshots are per step.
    await expect(p).resolves.toBe('added while running');
  });
});

describe('step 10: failures', () => {
  class PluginError extends Error {}

  it('rejects with the Error itself (own classes survive) and reports it; after listeners do not run', async () => {
    const actions = createActions();
    const errors = collectErrors(actions);
    const after = jest.fn();
    const boom = new PluginError('crm down');
    actions.scope('crm').registerAction('SaveContact', async () => {
      throw boom;
    });
    actions.addListener('afterSaveContact', after);
    const error = await rejectionOf(actions.invokeAction('SaveContact'));
    expect(error).toBe(boom);
    expect(error).toBeInstanceOf(PluginError);
    expect(after).not.toHaveBeenCalled();
    expect(errors).toEqual([{ error: boom, info: { action: 'SaveContact', phase: 'body', owner: 'crm' } }]);
  });

  it('wraps a non-Error in ACTION_FAILED with the value as cause', async () => {
    const actions = createActions();
    actions.registerAction('X', () => {
      throw { status: 500 };
    });
    const error = await rejectionOf(actions.invokeAction('X'));
    expect(isSwitchboardError(error, 'ACTION_FAILED')).toBe(true);
    expect((error as ActionFailedError).cause).toEqual({ status: 500 });
    expect((error as ActionFailedError).phase).toBe('body');
  });

  it('attributes a failure to the replacement that raised it', async () => {
    const actions = createActions();
    const errors = collectErrors(actions);
    actions.scope('host').registerAction('X', () => 'ok');
    actions.scope('outer').replaceAction('X', (p, _o, next) => next(p));
    actions.scope('newest').replaceAction('X', async () => {
      throw new Error('newest failed');
    });
    await expect(actions.invokeAction('X')).rejects.toThrow('newest failed');
    expect(errors.map((e) => e.info.owner)).toEqual(['newest']);

    const actions2 = createActions();
    const errors2 = collectErrors(actions2);
    actions2.scope('host').registerAction('X', () => {
      throw new Error('body failed');
    });
    actions2.scope('a').replaceAction('X', (p, _o, next) => next(p));
    actions2.scope('b').replaceAction('X', async (p, _o, next) => next(p));
    await expect(actions2.invokeAction('X')).rejects.toThrow('body failed');
    expect(errors2.map((e) => e.info)).toEqual([{ action: 'X', phase: 'body', owner: 'host' }]);

    const actions3 = createActions();
    const errors3 = collectErrors(actions3);
    actions3.scope('host').registerAction('X', () => 'fine');
    actions3.scope('middle').replaceAction('X', async () => {
      throw new Error('middle failed');
    });
    actions3.scope('top').replaceAction('X', async (p, _o, next) => next(p));
    await expect(actions3.invokeAction('X')).rejects.toThrow('middle failed');
    expect(errors3.map((e) => e.info.owner)).toEqual(['middle']);
  });

  it('lets a replacement catch the failure of what it wraps', async () => {
    const actions = createActions();
    actions.registerAction('X', () => {
      throw new Error('body failed');
    });
    actions.replaceAction('X', (p, original) => original(p).catch(() => 'recovered'));
    await expect(actions.invokeAction('X')).resolves.toBe('recovered');
  });
});

describe('step 11: after listeners', () => {
  it('are called with the payload, in order, awaited together before the invocation resolves', async () => {
    const actions = createActions();
    const log: string[] = [];
    const gate = deferred();
    actions.registerAction('X', () => 'result');
    actions.addListener('afterX', async (p) => {
      log.push(`a1 ${String(p)}`);
      await gate.promise;
      log.push('a1 end');
    });
    actions.addListener('afterX', (p) => {
      log.push(`a2 ${String(p)}`);
    });
    let resolved = false;
    const p = actions.invokeAction('X', 'pl').then((r) => {
      resolved = true;
      return r;
    });
    await flush();
    expect(log).toEqual(['a1 pl', 'a2 pl']);
    expect(resolved).toBe(false);
    gate.resolve();
    await expect(p).resolves.toBe('result');
    expect(log).toEqual(['a1 pl', 'a2 pl', 'a1 end']);
  });

  it('reports their errors and never rejects the caller', async () => {
    const actions = createActions();
    const errors = collectErrors(actions);
    const boom = new Error('after failed');
    const next = jest.fn();
    actions.registerAction('X', () => 'result');
    actions.scope('logger').addListener('afterX', async () => {
      throw boom;
    });
    actions.addListener('afterX', next);
    await expect(actions.invokeAction('X')).resolves.toBe('result');
    expect(next).toHaveBeenCalled();
    expect(errors).toEqual([{ error: boom, info: { action: 'X', phase: 'after', owner: 'logger' } }]);
  });
});

describe('step 12: completion', () => {
  it('removes the pending registration and emits invocationEnd in every outcome', async () => {
    const actions = createActions();
    actions.onError(() => {});
    const ends: Array<[Invocation, InvocationOutcome]> = [];
    actions.addListener('invocationEnd', (inv, outcome) => {
      // No longer pending when the end is emitted.
      expect(actions.findPendingActions(inv.action)).toEqual({});
      ends.push([inv, outcome]);
    });
    actions.registerAction('Ok', () => 'yes');
    actions.registerAction('Fails', () => {
      throw new Error('no');
    });
    actions.registerAction('Aborted', () => 'never');
    actions.addListener('beforeAborted', (_p, abort) => abort());

    await actions.invokeAction('Ok', 1);
    await expect(actions.invokeAction('Fails', 2)).rejects.toThrow('no');
    await expect(actions.invokeAction('Aborted', 3)).rejects.toMatchObject({ code: 'ACTION_ABORTED' });

    expect(ends.map(([inv, o]) => [inv.action, inv.payload, o.status])).toEqual([
      ['Ok', 1, 'succeeded'],
      ['Fails', 2, 'failed'],
      ['Aborted', 3, 'aborted'],
    ]);
    expect(ends[0]![1]).toEqual({ status: 'succeeded', result: 'yes' });
    expect(actions.findPendingActions(['Ok', 'Fails', 'Aborted'])).toEqual({});
  });

  it('isolates lifecycle listener errors (phase "event")', async () => {
    const actions = createActions();
    const errors = collectErrors(actions);
    actions.registerAction('X', () => 'ok');
    actions.scope('devtools').addListener('invocationBegin', () => {
      throw new Error('begin listener');
    });
    actions.addListener('invocationEnd', async () => {
      throw new Error('end listener');
    });
    await expect(actions.invokeAction('X')).resolves.toBe('ok');
    await flush();
    expect(errors.map((e) => [e.info.phase, e.info.owner, (e.error as Error).message])).toEqual([
      ['event', 'devtools', 'begin listener'],
      ['event', undefined, 'end listener'],
    ]);
  });
});

describe('nested invocations and listener registrations', () => {
  it('runs invocations from bodies and listeners independently', async () => {
    const actions = createActions();
    const log: string[] = [];
    actions.registerAction('CompleteTask', async (p) => {
      log.push('complete');
      return p;
    });
    actions.registerAction('SendSurvey', async (p) => {
      log.push(`survey ${String(p)}`);
      return 'sent';
    });
    actions.registerAction('WrapupTask', async (p) => {
      log.push('wrapup');
      return actions.invokeAction('SendSurvey', p);
    });
    actions.addListener('afterCompleteTask', async (p) => {
      log.push('after complete');
      await actions.invokeAction('WrapupTask', p);
    });
    await expect(actions.invokeAction('CompleteTask', 'WT1')).resolves.toBe('WT1');
    expect(log).toEqual(['complete', 'after complete', 'wrapup', 'survey WT1']);
  });

  it('applies the pending guard to a nested invocation of the same action', async () => {
    const actions = createActions();
    actions.registerAction('X', async (p) => {
      if (p === 'outer') {
        await expect(actions.invokeAction('X', 'outer')).rejects.toMatchObject({ code: 'ACTION_PENDING' });
        return actions.invokeAction('X', 'inner');
      }
      return `done ${String(p)}`;
    });
    await expect(actions.invokeAction('X', 'outer')).resolves.toBe('done inner');
  });

  it('fires the same listener twice when added twice; removeListener removes one registration', async () => {
    const actions = createActions();
    const listener = jest.fn();
    actions.registerAction('X', () => {});
    actions.addListener('beforeX', listener);
    actions.on('beforeX', listener);
    await actions.invokeAction('X');
    expect(listener).toHaveBeenCalledTimes(2);
    actions.removeListener('beforeX', listener);
    await actions.invokeAction('X');
    expect(listener).toHaveBeenCalledTimes(3);
    actions.off('beforeX', listener);
    await actions.invokeAction('X');
    expect(listener).toHaveBeenCalledTimes(3);
    expect(actions.listenerCount('beforeX')).toBe(0);
    // Removing what is not there is harmless.
    actions.removeListener('beforeX', listener);
    actions.removeListener('invocationEnd', listener);
  });
});
