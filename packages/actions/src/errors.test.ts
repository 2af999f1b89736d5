import {
  ActionAbortedError,
  ActionBlockedError,
  ActionFailedError,
  ActionNotFoundError,
  ActionPendingError,
  InvalidArgumentError,
  SwitchboardError,
  isError,
  isSwitchboardError,
  matchesPattern,
  DisposableStore,
  toDisposable,
} from './index';
import { samePattern } from './match';

describe('errors', () => {
  it('have stable codes, names, messages naming the action, and context', () => {
    const cases: Array<[SwitchboardError, string, string]> = [
      [new ActionNotFoundError('A'), 'ACTION_NOT_FOUND', 'ActionNotFoundError'],
      [new ActionPendingError('A', 1), 'ACTION_PENDING', 'ActionPendingError'],
      [new ActionBlockedError('A', 1, undefined), 'ACTION_BLOCKED', 'ActionBlockedError'],
      [new ActionAbortedError('A', 1, 'p'), 'ACTION_ABORTED', 'ActionAbortedError'],
      [new ActionFailedError('A', 'body', 'x'), 'ACTION_FAILED', 'ActionFailedError'],
    ];
    for (const [error, code, name] of cases) {
      expect(error).toBeInstanceOf(SwitchboardError);
      expect(error).toBeInstanceOf(Error);
      expect(error.code).toBe(code);
      expect(error.name).toBe(name);
      expect(error.action).toBe('A');
      expect(error.message).toContain('"A"');
      expect(String(error)).toContain(name);
      expect(isSwitchboardError(error, code)).toBe(true);
      expect(isSwitchboardError(error, 'OTHER')).toBe(false);
    }
    expect(new InvalidArgumentError('bad').name).toBe('InvalidArgumentError');
    expect(new ActionFailedError('A', 'body', 'x').cause).toBe('x');
  });

  it('isSwitchboardError is not fooled by other errors with a code', () => {
    const nodeError = Object.assign(new Error('nope'), { code: 'ENOENT' });
    expect(isSwitchboardError(nodeError)).toBe(false);
    expect(isSwitchboardError({ code: 'ACTION_FAILED', message: 'x' })).toBe(false);
    expect(isSwitchboardError(undefined)).toBe(false);
  });

  it('other packages can subclass SwitchboardError with their own codes', () => {
    class PluginLoadError extends SwitchboardError {
      constructor(plugin: string) {
        super('PLUGIN_LOAD_FAILED', `Plugin "${plugin}" failed to load`, { owner: plugin });
      }
    }
    const e = new PluginLoadError('crm');
    expect(isSwitchboardError(e, 'PLUGIN_LOAD_FAILED')).toBe(true);
    expect(e.owner).toBe('crm');
  });

  it('isError recognises errors from other realms', () => {
    const foreign = { [Symbol.toStringTag]: 'Error', message: 'x' };
    expect(isError(foreign)).toBe(true);
    expect(isError(new TypeError('x'))).toBe(true);
    expect(isError('x')).toBe(false);
  });
});

describe('matchesPattern', () => {
  it('follows the matching rules of SEMANTICS.md', () => {
    const payload = { sid: 'a', n: 1, nested: { x: 1 } };
    expect(matchesPattern(undefined, payload, 'A')).toBe(true);
    expect(matchesPattern(undefined, undefined, 'A')).toBe(true);
    expect(matchesPattern(payload, payload, 'A')).toBe(true);
    expect(matchesPattern({ sid: 'a' }, payload, 'A')).toBe(true);
    expect(matchesPattern({}, payload, 'A')).toBe(true);
    expect(matchesPattern({ sid: 'a', n: 2 }, payload, 'A')).toBe(false);
    expect(matchesPattern({ nested: { x: 1 } }, payload, 'A')).toBe(false);
    expect(matchesPattern({ missing: undefined }, payload, 'A')).toBe(true);
    expect(matchesPattern({ sid: 'a' }, undefined, 'A')).toBe(false);
    expect(matchesPattern({ sid: 'a' }, 'a', 'A')).toBe(false);
    expect(matchesPattern('a', 'a', 'A')).toBe(true);
    expect(matchesPattern(null, undefined, 'A')).toBe(false);
    expect(matchesPattern((p: unknown, a: string) => p === payload && a === 'A', payload, 'A')).toBe(true);
    expect(matchesPattern(() => 'truthy but not true', payload, 'A')).toBe(false);
  });

  it('only reads own keys of the pattern', () => {
    const proto = { inherited: 'x' };
    const pattern = Object.create(proto) as Record<string, unknown>;
    pattern.sid = 'a';
    expect(matchesPattern(pattern, { sid: 'a' }, 'A')).toBe(true);
  });

  it('samePattern treats shallow-equal objects as the same block', () => {
    const fn = () => true;
    expect(samePattern(undefined, undefined)).toBe(true);
    expect(samePattern({ a: 1 }, { a: 1 })).toBe(true);
    expect(samePattern({ a: 1 }, { a: 1, b: 2 })).toBe(false);
    expect(samePattern({ a: 1, b: undefined }, { a: 1, c: undefined })).toBe(false);
    expect(samePattern(fn, fn)).toBe(true);
    expect(samePattern(fn, () => true)).toBe(false);
    expect(samePattern(undefined, {})).toBe(false);
  });
});

describe('DisposableStore', () => {
  it('disposes every child even when some throw, newest first, then rethrows', () => {
    const store = new DisposableStore();
    const order: number[] = [];
    store.add(toDisposable(() => order.push(1)));
    store.add(
      toDisposable(() => {
        order.push(2);
        throw new Error('two');
      }),
    );
    store.add(toDisposable(() => order.push(3)));
    expect(() => store.dispose()).toThrow('two');
    expect(order).toEqual([3, 2, 1]);
    expect(store.disposed).toBe(true);
    store.dispose(); // harmless: nothing runs twice
    expect(order).toEqual([3, 2, 1]);
  });

  it('throws an AggregateError when several children fail', () => {
    const store = new DisposableStore();
    for (const m of ['a', 'b']) {
      store.add(
        toDisposable(() => {
          throw new Error(m);
        }),
      );
    }
    expect(() => store.dispose()).toThrow(AggregateError);
  });

  it('disposes what is added after it was disposed', () => {
    const store = new DisposableStore();
    store.dispose();
    const fn = jest.fn();
    store.add(toDisposable(fn));
    expect(fn).toHaveBeenCalledTimes(1);
    store.dispose();
    expect(fn).toHaveBeenCalledTimes(1);
  });
});
