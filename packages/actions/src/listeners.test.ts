/** The one listener-list primitive (`ListenerList`) and the disposable store it owns registrations in. */
import { DisposableStore, ListenerList, toDisposable, type Owner, type OwnerRef } from './index';

const owner = (id: string, report?: OwnerRef['report']): OwnerRef => ({
  id,
  disposables: new DisposableStore(),
  report,
});

describe('ListenerList', () => {
  it('keeps registrations in order; each Disposable removes exactly its own, once', () => {
    const list = new ListenerList<(n: number) => void>();
    const seen: string[] = [];
    const f = (n: number) => seen.push(`f${n}`);
    const a = list.add(f);
    list.add(f);
    list.add((n) => seen.push(`g${n}`));
    list.call([1], () => {});
    expect(seen).toEqual(['f1', 'f1', 'g1']);
    a.dispose();
    a.dispose();
    seen.length = 0;
    list.call([2], () => {});
    expect(seen).toEqual(['f2', 'g2']);
    expect(list.size).toBe(2);
  });

  it('is copy-on-write: a registration added while the list is called runs from the next call on', () => {
    const list = new ListenerList<() => void>();
    const seen: string[] = [];
    list.add(() => {
      seen.push('first');
      list.add(() => seen.push('late'));
    });
    const snapshot = list.items;
    list.call([], () => {});
    expect(seen).toEqual(['first']);
    expect(snapshot).toHaveLength(1); // a read of `items` never changes afterwards
    seen.length = 0;
    list.call([], () => {});
    expect(seen).toEqual(['first', 'late']);
  });

  it('isolates errors: a throw or a rejection goes to onError with its registration; the others run', async () => {
    const list = new ListenerList<() => unknown>();
    const seen: string[] = [];
    const errors: Array<[unknown, string | undefined]> = [];
    list.add(() => {
      throw new Error('sync');
    }, owner('a'));
    list.add(() => Promise.reject(new Error('async')), owner('b'));
    list.add(() => seen.push('ran'));
    list.call([], (error, r) => errors.push([(error as Error).message, r.owner?.id]));
    await Promise.resolve();
    expect(seen).toEqual(['ran']);
    expect(errors).toEqual([
      ['sync', 'a'],
      ['async', 'b'],
    ]);
  });

  it('remove(fn) removes the most recent registration of fn', () => {
    const list = new ListenerList<() => void>();
    const fn = () => {};
    const first = list.add(fn);
    list.add(fn);
    expect(list.remove(fn)).toBe(true);
    expect(list.items).toEqual([first]);
    expect(list.remove(() => {})).toBe(false);
  });

  it("adds owned registrations to the owner's store: disposing the owner removes them", () => {
    const o = owner('plugin');
    const list = new ListenerList<() => void>();
    list.add(() => {}, o);
    list.add(() => {}, o);
    list.add(() => {});
    o.disposables!.dispose();
    expect(list.size).toBe(1);
  });

  it('forgets a registration disposed on its own, so stores do not grow', () => {
    const store = new DisposableStore();
    const list = new ListenerList<() => void>();
    for (let i = 0; i < 1000; i++) list.add(() => {}, undefined, store).dispose();
    const spy = jest.fn();
    store.add(toDisposable(spy));
    store.dispose();
    expect(spy).toHaveBeenCalledTimes(1);
    expect(list.size).toBe(0);
  });

  it('a registration through a disposed store is undone at once', () => {
    const store = new DisposableStore();
    store.dispose();
    const list = new ListenerList<() => void>();
    list.add(() => {}, undefined, store);
    expect(list.size).toBe(0);
  });

  it('calls onChange after every add and remove, with the registration', () => {
    const changes: Array<[string, boolean]> = [];
    const list = new ListenerList<() => void, string>((r, added) => changes.push([r.data, added]));
    const d = list.add(() => {}, undefined, undefined, 'x');
    d.dispose();
    d.dispose();
    expect(changes).toEqual([
      ['x', true],
      ['x', false],
    ]);
  });

  it('Owner is what a host makes per plugin', () => {
    const controller = new AbortController();
    const reports: string[] = [];
    const plugin: Owner = {
      id: 'crm',
      name: 'crm',
      disposables: new DisposableStore(),
      signal: controller.signal,
      report: (source) => reports.push(source),
    };
    const list = new ListenerList<() => void>();
    list.add(() => {
      throw new Error('x');
    }, plugin);
    list.call([], (error, r) => r.owner?.report?.('listener', error));
    expect(reports).toEqual(['listener']);
  });
});

describe('DisposableStore names', () => {
  it('deleteAndLeak forgets an item without disposing it', () => {
    const store = new DisposableStore();
    const fn = jest.fn();
    const item = store.add(toDisposable(fn));
    store.deleteAndLeak(item);
    store.dispose();
    expect(fn).not.toHaveBeenCalled();
  });
});
