import { DisposableStore, type Disposable, type OwnerRef } from '@switchboard/actions';
import { ContributionRegistry } from './ContributionRegistry';

/** An owner with an id only (no store, no reports). */
const by = (id: string): OwnerRef => ({ id });

const A = () => null;
const B = () => null;
const C = () => null;
const D = () => null;

const keys = (registry: ContributionRegistry, slot: string, props: object = {}) =>
  registry.resolve(slot, props).map((c) => c.key);

describe('ContributionRegistry', () => {
  it('renders additions by sortOrder, then registration order, with their owners', () => {
    const registry = new ContributionRegistry();
    registry.add('MainHeader.Right', A, { key: 'a', sortOrder: 10 }, by('plugin-a'));
    registry.add('MainHeader.Right', B, { key: 'b' });
    registry.add('MainHeader.Right', C, { key: 'c', sortOrder: -1 }, by('plugin-c'));
    registry.add('MainHeader.Right', D, { key: 'd' }, by('plugin-d'));
    expect(registry.resolve('MainHeader.Right', {})).toEqual([
      { key: 'c', component: C, owner: 'plugin-c', sortOrder: -1, align: 'start' },
      { key: 'b', component: B, owner: undefined, sortOrder: 0, align: 'start' },
      { key: 'd', component: D, owner: 'plugin-d', sortOrder: 0, align: 'start' },
      { key: 'a', component: A, owner: 'plugin-a', sortOrder: 10, align: 'start' },
    ]);
    expect(keys(registry, 'AgentDesktop.Panel')).toEqual([]);
  });

  it("orders equal sortOrders by the owner's rank (manifest order), not by who registered first", () => {
    const registry = new ContributionRegistry();
    registry.add('MainHeader.Right', A, { key: 'second-in-manifest' }, { id: 'b', rank: 2 });
    registry.add('MainHeader.Right', B, { key: 'first-in-manifest' }, { id: 'a', rank: 1 });
    registry.add('MainHeader.Right', C, { key: 'host' });
    registry.add('MainHeader.Right', D, { key: 'first', sortOrder: -1 }, { id: 'b', rank: 2 });
    expect(keys(registry, 'MainHeader.Right')).toEqual(['first', 'host', 'first-in-manifest', 'second-in-manifest']);
  });

  it('replace hides what the slot held so far; later additions still show', () => {
    const registry = new ContributionRegistry();
    registry.add('TaskCanvas.Header', A, { key: 'native-title' });
    registry.add('TaskCanvas.Header', B, { key: 'native-actions' });
    const replaced = registry.replace('TaskCanvas.Header', C, { key: 'custom-header' }, by('p'));
    registry.add('TaskCanvas.Header', D, { key: 'later' }, by('q'));
    expect(keys(registry, 'TaskCanvas.Header')).toEqual(['custom-header', 'later']);
    replaced.dispose();
    expect(keys(registry, 'TaskCanvas.Header')).toEqual(['native-title', 'native-actions', 'later']);
  });

  it('remove hides a key until undone, and only when its condition holds', () => {
    const registry = new ContributionRegistry();
    registry.add('TaskCanvas.Header', A, { key: 'transfer' });
    registry.add('TaskCanvas.Header', B, { key: 'hold' });
    const removed = registry.remove(
      'TaskCanvas.Header',
      'transfer',
      { if: (p: { task: { channel?: string } }) => p.task.channel === 'chat' },
      by('p'),
    );
    expect(keys(registry, 'TaskCanvas.Header', { task: { sid: 't', channel: 'chat' } })).toEqual(['hold']);
    expect(keys(registry, 'TaskCanvas.Header', { task: { sid: 't', channel: 'voice' } })).toEqual(['transfer', 'hold']);
    removed.dispose();
    expect(keys(registry, 'TaskCanvas.Header', { task: { sid: 't', channel: 'chat' } })).toEqual(['transfer', 'hold']);
  });

  it('shows conditional contributions only when their if holds; a throwing if counts as false and is reported', async () => {
    const onConditionError = jest.fn();
    const registry = new ContributionRegistry(undefined, onConditionError);
    registry.add('TaskCanvas.Header', A, { key: 'chat-only', if: (p) => p.task.channel === 'chat' });
    registry.add(
      'TaskCanvas.Header',
      B,
      {
        key: 'broken',
        if: () => {
          throw new Error('condition failed');
        },
      },
      by('buggy'),
    );
    expect(keys(registry, 'TaskCanvas.Header', { task: { sid: 'x', channel: 'chat' } })).toEqual(['chat-only']);
    expect(keys(registry, 'TaskCanvas.Header', { task: { sid: 'x', channel: 'voice' } })).toEqual([]);
    expect(onConditionError).not.toHaveBeenCalled(); // never while resolving (React is rendering)
    await Promise.resolve();
    expect(onConditionError).toHaveBeenCalledWith(
      'buggy',
      'TaskCanvas.Header',
      'broken',
      expect.objectContaining({ message: 'condition failed' }),
    );
  });

  it('undoes exactly one registration per Disposable, once', () => {
    const registry = new ContributionRegistry();
    const a = registry.add('AgentDesktop.Panel', A, { key: 'a' });
    const b = registry.add('AgentDesktop.Panel', B, { key: 'b' });
    a.dispose();
    a.dispose();
    expect(keys(registry, 'AgentDesktop.Panel')).toEqual(['b']);
    b.dispose();
    expect(registry.describe()).toEqual([]);
  });

  it('notifies subscribers of the changed slot and bumps its version', () => {
    const onChange = jest.fn();
    const registry = new ContributionRegistry(onChange);
    const listener = jest.fn();
    const other = jest.fn();
    const unsubscribe = registry.subscribe('MainHeader.Right', listener);
    registry.subscribe('AgentDesktop.Panel', other);
    const v0 = registry.version('MainHeader.Right');
    const d = registry.add('MainHeader.Right', A, { key: 'a' });
    d.dispose();
    expect(registry.version('MainHeader.Right')).toBe(v0 + 2);
    expect(listener).toHaveBeenCalledTimes(2);
    expect(other).not.toHaveBeenCalled();
    expect(onChange).toHaveBeenCalledWith('MainHeader.Right');
    unsubscribe();
    registry.add('MainHeader.Right', A, { key: 'a' });
    expect(listener).toHaveBeenCalledTimes(2);
  });

  it('describes registrations with owners', () => {
    const registry = new ContributionRegistry();
    registry.add('MainHeader.Right', A, { key: 'a', sortOrder: 3 }, by('p'));
    registry.remove('MainHeader.Right', 'a', { if: () => true }, by('q'));
    expect(registry.describe('MainHeader.Right')).toEqual([
      { slot: 'MainHeader.Right', kind: 'add', key: 'a', owner: 'p', sortOrder: 3, conditional: false, failed: false },
      {
        slot: 'MainHeader.Right',
        kind: 'remove',
        key: 'a',
        owner: 'q',
        sortOrder: 0,
        conditional: true,
        failed: false,
      },
    ]);
  });

  it('rejects bad registrations, naming the slot, the plugin and the problem', () => {
    const registry = new ContributionRegistry();
    registry.add('MainHeader.Right', A, { key: 'dup' }, by('first'));
    const cases: Array<[() => Disposable, RegExp]> = [
      [() => registry.add('', A, { key: 'k' }), /contributions\.add\(""\): the slot must be a non-empty string/],
      [
        () => registry.add('MainHeader.Right', 'div' as never, { key: 'k' }, by('p')),
        /contributions\.add\("MainHeader\.Right"\) by plugin "p": expected a React component, got string/,
      ],
      [() => registry.add('MainHeader.Right', A, {} as never), /options\.key must be a non-empty string/],
      [
        () => registry.add('MainHeader.Right', A, { key: 'k', sortOrder: Number.NaN }),
        /options\.sortOrder must be a finite number/,
      ],
      [() => registry.add('MainHeader.Right', A, { key: 'k', if: true as never }), /options\.if must be a function/],
      [
        () => registry.add('MainHeader.Right', B, { key: 'dup' }, by('second')),
        /already has a contribution with key "dup" \(from plugin "first"\)/,
      ],
    ];
    for (const [call, message] of cases) expect(call).toThrow(message);
    // memo / forwardRef components are objects
    expect(() =>
      registry.add('MainHeader.Right', { $$typeof: Symbol.for('react.memo') } as never, { key: 'memo' }),
    ).not.toThrow();
  });

  it('leaves notices where a failed plugin contributed, restoring what it replaced or removed', () => {
    const registry = new ContributionRegistry();
    registry.add('TaskCanvas.Header', A, { key: 'native' });
    registry.add('AgentDesktop.Panel', B, { key: 'hidden-by-plugin' });
    const own = [
      registry.replace('TaskCanvas.Header', C, { key: 'plugin-header' }, by('bad')),
      registry.remove('AgentDesktop.Panel', 'hidden-by-plugin', {}, by('bad')),
      registry.add('AgentDesktop.Panel', D, { key: 'plugin-panel', if: () => false }, by('bad')),
    ];
    registry.tombstone('bad', 'listener threw');
    for (const d of own) d.dispose(); // the plugin's registrations are undone
    expect(registry.resolve('TaskCanvas.Header', {})).toEqual([
      { key: 'native', component: A, owner: undefined, sortOrder: 0, align: 'start' },
      { key: 'plugin-header', component: C, owner: 'bad', sortOrder: 0, align: 'start', failure: 'listener threw' },
    ]);
    expect(keys(registry, 'AgentDesktop.Panel')).toEqual(['hidden-by-plugin', 'plugin-panel']);
    registry.clearTombstones('bad');
    expect(keys(registry, 'TaskCanvas.Header')).toEqual(['native']);
    expect(registry.describe().filter((c) => c.owner === 'bad')).toEqual([]);
  });

  it('tags calls with the owner, and adds them to its disposables', () => {
    const registry = new ContributionRegistry();
    const crm: OwnerRef = { id: 'crm', disposables: new DisposableStore() };
    const tracked: Disposable[] = [
      registry.add('MainHeader.Right', A, { key: 'a' }, crm),
      registry.remove('MainHeader.Right', 'x', {}, crm),
    ];
    expect(registry.describe().map((c) => c.owner)).toEqual(['crm', 'crm']);
    expect(tracked).toHaveLength(2);
    crm.disposables!.dispose();
    expect(registry.describe()).toEqual([]);
  });

  it('reports a throwing condition to its owner when the owner takes reports', async () => {
    const registry = new ContributionRegistry();
    const reports: string[] = [];
    const crm: OwnerRef = {
      id: 'crm',
      report: (source, error) => reports.push(`${source}: ${(error as Error).message}`),
    };
    registry.add(
      'MainHeader.Right',
      A,
      {
        key: 'a',
        if: () => {
          throw new Error('bad condition');
        },
      },
      crm,
    );
    expect(keys(registry, 'MainHeader.Right')).toEqual([]);
    await Promise.resolve();
    expect(reports).toEqual(['render: bad condition']);
  });

  it('keeps notices apart by owner id: clearing a duplicate entry does not clear the original', () => {
    const registry = new ContributionRegistry();
    registry.add('MainHeader.Right', A, { key: 'a' }, by('twin'));
    registry.tombstone('twin', 'failed');
    registry.clearTombstones('twin#1');
    expect(registry.describe().filter((c) => c.failed)).toHaveLength(1);
  });

  describe("a component's own children (defaults) and the options of programmable components", () => {
    const own = [
      { key: 'title', component: A },
      { key: 'logout', component: B, align: 'end' as const, sortOrder: 10 },
    ];

    it('puts the defaults first among equal sortOrders, in their order, with align and label', () => {
      const registry = new ContributionRegistry();
      registry.add('MainHeader', C, { key: 'clock', align: 'end', label: 'Clock' }, { id: 'p', rank: 1 });
      registry.add('MainHeader', D, { key: 'early', sortOrder: -1 }, { id: 'p', rank: 1 });
      expect(registry.resolve('MainHeader', {}, own)).toEqual([
        { key: 'early', component: D, owner: 'p', sortOrder: -1, align: 'start' },
        { key: 'title', component: A, owner: undefined, sortOrder: 0, align: 'start' },
        { key: 'clock', component: C, owner: 'p', sortOrder: 0, align: 'end', label: 'Clock' },
        { key: 'logout', component: B, owner: undefined, sortOrder: 10, align: 'end' },
      ]);
      expect(keys(registry, 'MainHeader')).toEqual(['early', 'clock']); // without defaults
    });

    it('removes or replaces a default by key, conditionally, and brings it back when undone', () => {
      const registry = new ContributionRegistry();
      const removed = registry.remove('MainHeader', 'title', {}, by('p'));
      expect(registry.resolve('MainHeader', {}, own).map((c) => c.key)).toEqual(['logout']);
      removed.dispose();
      const replaced = registry.replace('MainHeader', C, { key: 'mine' }, by('p'));
      registry.add('MainHeader', D, { key: 'after' }, by('q'));
      expect(registry.resolve('MainHeader', {}, own).map((c) => c.key)).toEqual(['mine', 'after']);
      replaced.dispose();
      expect(registry.resolve('MainHeader', {}, own).map((c) => c.key)).toEqual(['title', 'after', 'logout']);
    });

    it('replaces per item: a conditional replace applies to the props it holds for (one message)', () => {
      const registry = new ContributionRegistry();
      const bubble = [{ key: 'bubble', component: A }];
      registry.replace('MessageListItem', C, {
        key: 'card',
        if: (p: { message: { body: string } }) => p.message.body.startsWith('/card'),
      });
      const at = (body: string) => registry.resolve('MessageListItem', { message: { body } }, bubble).map((c) => c.key);
      expect(at('hello')).toEqual(['bubble']);
      expect(at('/card 42')).toEqual(['card']);
    });

    it('keeps equal sortOrders stable: host defaults, then the host, then plugins by rank, then registration', () => {
      const registry = new ContributionRegistry();
      registry.add('TaskCanvasTabs', A, { key: 'p2' }, { id: 'two', rank: 2 });
      registry.add('TaskCanvasTabs', B, { key: 'p1-a' }, { id: 'one', rank: 1 });
      registry.add('TaskCanvasTabs', C, { key: 'host' });
      registry.add('TaskCanvasTabs', D, { key: 'p1-b' }, { id: 'one', rank: 1 });
      expect(registry.resolve('TaskCanvasTabs', {}, [{ key: 'chat', component: A }]).map((c) => c.key)).toEqual([
        'chat',
        'host',
        'p1-a',
        'p1-b',
        'p2',
      ]);
    });

    it('rejects a bad align, naming the slot and the plugin', () => {
      const registry = new ContributionRegistry();
      expect(() => registry.add('MainHeader', A, { key: 'x', align: 'middle' as 'start' }, by('p'))).toThrow(
        'contributions.add("MainHeader") by plugin "p": options.align must be "start" or "end", got "middle"',
      );
    });
  });
});
