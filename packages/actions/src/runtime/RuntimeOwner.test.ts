import { createActions, toDisposable } from '@switchboard/actions';
import { RuntimeOwner } from './index';

describe('RuntimeOwner', () => {
  it('is an Owner: id, name (default: the id), rank, disposables, signal, report', () => {
    const owner = new RuntimeOwner({ id: 'crm#2', name: 'crm', rank: 3 });
    expect(owner).toMatchObject({ id: 'crm#2', name: 'crm', rank: 3, disposed: false });
    expect(owner.signal.aborted).toBe(false);
    expect(new RuntimeOwner({ id: 'solo' }).name).toBe('solo');
  });

  it('dispose aborts the signal with the reason first, then undoes every registration, newest first', () => {
    const owner = new RuntimeOwner({ id: 'p' });
    const order: string[] = [];
    owner.signal.addEventListener('abort', () => order.push(`abort: ${(owner.signal.reason as Error).message}`));
    owner.disposables.add(toDisposable(() => order.push('first')));
    owner.disposables.add(toDisposable(() => order.push('second')));
    owner.dispose(new Error('unloaded'));
    expect(order).toEqual(['abort: unloaded', 'second', 'first']);
    expect(owner.disposed).toBe(true);
  });

  it('undoes what an actions scope registered through it', () => {
    const actions = createActions();
    const owner = new RuntimeOwner({ id: 'p' });
    actions.scope(owner).on('afterPing', () => {});
    actions.scope(owner).registerAction('p.Custom', () => 1);
    expect(actions.listenerCount()).toBe(1);
    owner.dispose();
    expect(actions.listenerCount()).toBe(0);
    expect(actions.describe('p.Custom')).toBeUndefined();
  });

  it('without a reason, aborts with an AbortError', () => {
    const owner = new RuntimeOwner({ id: 'p' });
    owner.dispose();
    expect(owner.signal.reason).toMatchObject({ name: 'AbortError' });
  });

  it('disposing twice is harmless: the first reason stays, nothing is undone twice', () => {
    const owner = new RuntimeOwner({ id: 'p' });
    const undo = jest.fn();
    owner.disposables.add(toDisposable(undo));
    owner.dispose(new Error('first'));
    owner.dispose(new Error('second'));
    expect(undo).toHaveBeenCalledTimes(1);
    expect(owner.signal.reason).toMatchObject({ message: 'first' });
  });

  it('a registration added after dispose is undone at once', () => {
    const owner = new RuntimeOwner({ id: 'p' });
    owner.dispose();
    const late = jest.fn();
    owner.disposables.add(toDisposable(late));
    expect(late).toHaveBeenCalledTimes(1);
  });

  it('reports what undoing threw (every registration is still undone), with the owner', () => {
    const reports: Array<[string, string, unknown]> = [];
    const owner = new RuntimeOwner({ id: 'p', onReport: (o, source, error) => reports.push([o.id, source, error]) });
    const after = jest.fn();
    owner.disposables.add(toDisposable(after));
    owner.disposables.add(
      toDisposable(() => {
        throw new Error('cleanup broke');
      }),
    );
    expect(() => owner.dispose()).not.toThrow();
    expect(after).toHaveBeenCalledTimes(1);
    expect(reports).toEqual([['p', 'dispose', expect.objectContaining({ message: 'cleanup broke' })]]);
  });

  it('report goes to onReport; by default to console.error, naming the owner', () => {
    const error = jest.spyOn(console, 'error').mockImplementation(() => {});
    try {
      const boom = new Error('boom');
      new RuntimeOwner({ id: 'crm' }).report('listener', boom);
      expect(error).toHaveBeenCalledWith('[crm] failed in its listener: boom', boom);
    } finally {
      error.mockRestore();
    }
  });
});
