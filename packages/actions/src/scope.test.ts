/**
 * SEMANTICS.md beyond the steps: disposables, scopes and owners, provenance,
 * errors and warnings.
 */
import { createActions, DisposableStore, type ActionWarning } from './index';
import { collectErrors, deferred } from './test-utils';

describe('disposables', () => {
  it('every registration returns a Disposable that undoes exactly that registration, once', async () => {
    const actions = createActions();
    const log: string[] = [];
    const body = actions.registerAction('X', () => log.push('body'));
    const rep = actions.replaceAction('X', (p, original) => {
      log.push('rep');
      return original(p);
    });
    const listener = () => log.push('before');
    const first = actions.addListener('beforeX', listener);
    actions.addListener('beforeX', listener);
    const after = actions.on('afterX', () => log.push('after'));

    await actions.invokeAction('X');
    expect(log).toEqual(['before', 'before', 'rep', 'body', 'after']);

    log.length = 0;
    first.dispose();
    first.dispose(); // harmless, and does not remove the second registration
    rep.dispose();
    after.dispose();
    await actions.invokeAction('X');
    expect(log).toEqual(['before', 'body']);

    body.dispose();
    await expect(actions.invokeAction('X')).rejects.toMatchObject({ code: 'ACTION_NOT_FOUND' });
  });

  it('disposing an older registration of a re-registered action keeps the active one', async () => {
    const actions = createActions();
    const older = actions.registerAction('X', () => 'older');
    actions.registerAction('X', () => 'newer');
    older.dispose();
    await expect(actions.invokeAction('X')).resolves.toBe('newer');
    expect(actions.describe('X')?.registrations).toHaveLength(1);
  });

  it('onError and onWarning return disposables too', async () => {
    const actions = createActions();
    const handler = jest.fn();
    const d = actions.onError(handler);
    actions.registerAction('X', () => {});
    actions.addListener('beforeX', () => {
      throw new Error('x');
    });
    const spy = jest.spyOn(console, 'error').mockImplementation(() => {});
    try {
      await actions.invokeAction('X');
      d.dispose();
      await actions.invokeAction('X');
      expect(handler).toHaveBeenCalledTimes(1);
      expect(spy).toHaveBeenCalledTimes(1);
    } finally {
      spy.mockRestore();
    }
  });
});

describe('scopes and provenance', () => {
  it('tags registrations with the owner and describe() lists them', () => {
    const actions = createActions();
    const host = actions.scope('host');
    const confirm = actions.scope('accept-confirm');
    const survey = actions.scope('wrapup-survey');
    host.registerAction(
      'AcceptTask',
      function acceptTask() {},
      (p) => p,
    );
    confirm.addListener('beforeAcceptTask', function askAgent() {});
    survey.replaceAction('AcceptTask', (p, original) => original(p));
    actions.replaceAction('AcceptTask', function unscoped(p, _o, next) {
      return next(p);
    });
    survey.addListener('afterAcceptTask', () => {});
    confirm.blockAction('AcceptTask', { sid: 'x' });

    expect(actions.describe('AcceptTask')).toEqual({
      action: 'AcceptTask',
      registered: true,
      owner: 'host',
      hasPayloadUpdate: true,
      registrations: [{ owner: 'host', name: 'acceptTask' }],
      replacements: [
        { owner: undefined, name: 'unscoped' },
        { owner: 'wrapup-survey', name: '(anonymous)' },
      ],
      before: [{ owner: 'accept-confirm', name: 'askAgent' }],
      after: [{ owner: 'wrapup-survey', name: '(anonymous)' }],
      blocks: [{ pattern: { sid: 'x' }, owner: 'accept-confirm' }],
      pending: [],
    });
    expect(actions.describe('Nothing')).toBeUndefined();
    expect(actions.describe().map((d) => d.action)).toEqual(['AcceptTask']);
  });

  it('scope.dispose() removes everything the scope registered, and nothing else', async () => {
    const actions = createActions();
    const log: string[] = [];
    actions.registerAction('AcceptTask', () => log.push('native'));
    actions.addListener('beforeAcceptTask', () => log.push('host listener'));
    const plugin = actions.scope('plugin');
    plugin.registerAction('Custom', () => 'custom');
    plugin.addListener('beforeAcceptTask', () => log.push('plugin before'));
    plugin.addListener('afterAcceptTask', () => log.push('plugin after'));
    plugin.replaceAction('AcceptTask', (p, original) => {
      log.push('plugin replacement');
      return original(p);
    });
    plugin.addListener('invocationBegin', () => log.push('plugin lifecycle'));
    plugin.onError(() => {});
    const blockEvents: boolean[] = [];
    actions.addListener('actionBlockedChanged', (blocked) => blockEvents.push(blocked));
    plugin.blockAction('RejectTask');

    await actions.invokeAction('AcceptTask');
    expect(log).toEqual([
      'plugin lifecycle',
      'host listener',
      'plugin before',
      'plugin replacement',
      'native',
      'plugin after',
    ]);

    plugin.dispose();
    expect(plugin.disposed).toBe(true);
    log.length = 0;
    await actions.invokeAction('AcceptTask');
    expect(log).toEqual(['host listener', 'native']);
    await expect(actions.invokeAction('Custom')).rejects.toMatchObject({ code: 'ACTION_NOT_FOUND' });
    expect(actions.findBlockedActions('RejectTask')).toEqual({});
    expect(blockEvents).toEqual([true, false]);
    expect(actions.describe().map((d) => d.action)).toEqual(['AcceptTask']);
    expect(actions.describe('AcceptTask')).toMatchObject({
      replacements: [],
      before: [{ owner: undefined }],
      after: [],
    });
  });

  it('keeps a block held by two owners until both let go', () => {
    const actions = createActions();
    const events: unknown[][] = [];
    actions.addListener('actionBlockedChanged', (...args) => events.push(args));
    const a = actions.scope('a');
    const b = actions.scope('b');
    a.blockAction('WrapupTask');
    b.blockAction('WrapupTask');
    a.dispose();
    expect(actions.findBlockedActions('WrapupTask')).toHaveProperty('WrapupTask');
    b.dispose();
    expect(actions.findBlockedActions('WrapupTask')).toEqual({});
    expect(events).toEqual([
      [true, 'WrapupTask', undefined],
      [false, 'WrapupTask', undefined],
    ]);
  });

  it('tags invocations with the invoking scope', async () => {
    const actions = createActions();
    const gate = deferred();
    actions.registerAction('X', () => gate.promise);
    const p = actions.scope('caller').invokeAction('X', 1);
    expect(actions.describe('X')?.pending).toEqual([
      { id: expect.any(Number), action: 'X', payload: 1, owner: 'caller' },
    ]);
    gate.resolve();
    await p;
  });

  it('a scope of a scope is disposed with its parent', async () => {
    const actions = createActions();
    const parent = actions.scope('plugin');
    const child = parent.scope('plugin/panel');
    child.registerAction('X', () => 1);
    expect(actions.describe('X')?.owner).toBe('plugin/panel');
    parent.dispose();
    expect(child.disposed).toBe(true);
    expect(actions.describe()).toEqual([]);
  });

  it('a child scope disposed first is forgotten by its parent', () => {
    const actions = createActions();
    const parent = actions.scope('p');
    for (let i = 0; i < 5; i++) parent.scope(`c${i}`).dispose();
    parent.registerAction('X', () => 1);
    parent.dispose();
    expect(actions.describe()).toEqual([]);
  });

  it('refuses registrations through a disposed scope with a warning, and registers nothing', async () => {
    const actions = createActions();
    const warnings: ActionWarning[] = [];
    actions.onWarning((w) => warnings.push(w));
    const blockEvents = jest.fn();
    actions.addListener('actionBlockedChanged', blockEvents);
    const plugin = actions.scope('late-plugin');
    plugin.dispose();
    plugin.registerAction('X', () => 1).dispose();
    plugin.addListener('beforeAcceptTask', () => {});
    plugin.blockAction('AcceptTask');
    expect(actions.describe()).toEqual([]);
    expect(blockEvents).not.toHaveBeenCalled();
    expect(warnings.map((w) => [w.code, w.owner, w.action])).toEqual([
      ['SCOPE_DISPOSED', 'late-plugin', 'X'],
      ['SCOPE_DISPOSED', 'late-plugin', 'AcceptTask'],
      ['SCOPE_DISPOSED', 'late-plugin', 'AcceptTask'],
    ]);
    // Invoking through a disposed scope still works: it registers nothing.
    actions.registerAction('Y', () => 'y');
    await expect(plugin.invokeAction('Y')).resolves.toBe('y');
  });

  it('counts listeners per event and in all', () => {
    const actions = createActions();
    const s = actions.scope('s');
    s.addListener('beforeA', () => {});
    s.addListener('afterA', () => {});
    s.addListener('invocationEnd', () => {});
    actions.addListener('beforeB', () => {});
    expect(actions.listenerCount()).toBe(4);
    expect(actions.listenerCount('beforeA')).toBe(1);
    expect(actions.listenerCount('invocationEnd')).toBe(1);
    expect(actions.listenerCount('beforeNothing')).toBe(0);
    s.dispose();
    expect(actions.listenerCount()).toBe(1);
    expect(actions.listenerCount('beforeB')).toBe(1);
  });
});

describe('bad input', () => {
  it('names the culprit in a typed INVALID_ARGUMENT error', () => {
    const actions = createActions();
    const cases: Array<[() => unknown, RegExp]> = [
      [() => actions.registerAction('', () => {}), /registerAction: the action name must be a non-empty string/],
      [
        () => actions.registerAction('X', 'nope' as never),
        /registerAction\("X"\): the action function must be a function, got string/,
      ],
      [
        () => actions.registerAction('X', () => {}, 5 as never),
        /registerAction\("X"\): payloadUpdate must be a function/,
      ],
      [() => actions.replaceAction('X', null as never), /replaceAction\("X"\): the replacement must be a function/],
      [() => actions.addListener('beforeX', {} as never), /addListener: the listener of "beforeX" must be a function/],
      [() => actions.addListener('somethingElse' as never, () => {}), /unknown event "somethingElse"/],
      [() => actions.blockAction(7 as never), /blockAction: the action name must be a non-empty string/],
      [() => actions.findPendingActions([1 as never]), /findPendingActions: the action name/],
      [() => actions.scope(''), /scope: the owner must be a non-empty string/],
      [() => actions.onError('x' as never), /onError: the handler must be a function/],
    ];
    for (const [call, message] of cases) {
      expect(call).toThrow(message);
      try {
        call();
      } catch (e) {
        expect(e).toMatchObject({ code: 'INVALID_ARGUMENT', name: 'InvalidArgumentError' });
      }
    }
    expect(actions.describe()).toEqual([]);
  });
});

describe('diagnostics: original() skipping other owners', () => {
  function setup() {
    const actions = createActions();
    const warnings: ActionWarning[] = [];
    actions.onWarning((w) => warnings.push(w));
    actions.registerAction('WrapupTask', () => 'native');
    return { actions, warnings };
  }

  it('warns once per (action, calling owner), naming the skipped owners and suggesting next()', async () => {
    const { actions, warnings } = setup();
    const skipped = jest.fn((p: unknown, _o: unknown, next: (p: unknown) => Promise<unknown>) => next(p));
    actions.scope('survey').replaceAction('WrapupTask', skipped);
    actions.scope('crm-sync').replaceAction('WrapupTask', skipped);
    actions.scope('notes').replaceAction('WrapupTask', (p, original) => original(p));

    await expect(actions.invokeAction('WrapupTask', 1)).resolves.toBe('native');
    await actions.invokeAction('WrapupTask', 2);
    expect(skipped).not.toHaveBeenCalled();
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({
      code: 'ORIGINAL_SKIPS_REPLACEMENTS',
      action: 'WrapupTask',
      owner: 'notes',
      skippedOwners: ['survey', 'crm-sync'],
    });
    expect(warnings[0]?.message).toMatch(/"WrapupTask".*"notes" called original\(\).*"survey", "crm-sync".*next\(\)/);
  });

  it('does not warn for next(), for the oldest replacement, or for an owner skipping only itself', async () => {
    const { actions, warnings } = setup();
    const a = actions.scope('a');
    a.replaceAction('WrapupTask', (p, original) => original(p));
    a.replaceAction('WrapupTask', (p, original) => original(p));
    actions.scope('b').replaceAction('WrapupTask', (p, _o, next) => next(p));
    await actions.invokeAction('WrapupTask');
    expect(warnings).toEqual([]);
  });

  it('warns separately for each calling owner and action', async () => {
    const { actions, warnings } = setup();
    actions.registerAction('Other', () => 'x');
    actions.scope('a').replaceAction('WrapupTask', (p, _o, next) => next(p));
    actions.scope('a').replaceAction('Other', (p, _o, next) => next(p));
    const viaOriginal = (p: unknown, original: (p: unknown) => Promise<unknown>) => original(p);
    actions.scope('b').replaceAction('WrapupTask', viaOriginal);
    actions.scope('b').replaceAction('Other', viaOriginal);
    await actions.invokeAction('WrapupTask');
    await actions.invokeAction('Other');
    expect(warnings.map((w) => [w.action, w.owner])).toEqual([
      ['WrapupTask', 'b'],
      ['Other', 'b'],
    ]);
  });

  it('falls back to console.warn when no handler is registered', async () => {
    const actions = createActions();
    actions.registerAction('X', () => 1);
    actions.scope('a').replaceAction('X', (p, _o, next) => next(p));
    actions.scope('b').replaceAction('X', (p, original) => original(p));
    const spy = jest.spyOn(console, 'warn').mockImplementation(() => {});
    try {
      await actions.invokeAction('X');
      expect(spy).toHaveBeenCalledWith('[switchboard]', expect.stringContaining('skipped'));
    } finally {
      spy.mockRestore();
    }
  });
});

describe('onError', () => {
  it('keeps going when a handler itself throws', async () => {
    const actions = createActions();
    const spy = jest.spyOn(console, 'error').mockImplementation(() => {});
    try {
      actions.onError(() => {
        throw new Error('bad handler');
      });
      const errors = collectErrors(actions);
      actions.registerAction('X', () => 'ok');
      actions.addListener('afterX', () => {
        throw new Error('listener');
      });
      await expect(actions.invokeAction('X')).resolves.toBe('ok');
      expect(errors).toHaveLength(1);
      expect(spy).toHaveBeenCalledWith('[switchboard]', expect.stringContaining('handler failed'), expect.any(Error));
    } finally {
      spy.mockRestore();
    }
  });
});

describe('leaks', () => {
  it('10,000 scope create/use/dispose cycles leave nothing behind', async () => {
    const actions = createActions();
    actions.registerAction('AcceptTask', (p) => p);
    for (let i = 0; i < 10_000; i++) {
      const scope = actions.scope(`plugin-${i}`);
      scope.registerAction(`Custom${i % 7}`, () => i);
      scope.replaceAction('AcceptTask', (p, _o, next) => next(p));
      scope.addListener('beforeAcceptTask', () => {});
      scope.addListener('afterAcceptTask', () => {});
      scope.addListener(`before${`Custom${i % 7}`}`, () => {});
      scope.addListener('invocationEnd', () => {});
      scope.blockAction('RejectTask', { sid: i });
      scope.onError(() => {});
      scope.onWarning(() => {});
      if (i % 1000 === 0) await scope.invokeAction('AcceptTask', { sid: i });
      scope.dispose();
    }
    expect(actions.describe()).toEqual([
      expect.objectContaining({
        action: 'AcceptTask',
        replacements: [],
        before: [],
        after: [],
        blocks: [],
        pending: [],
      }),
    ]);
    expect(actions.listenerCount()).toBe(0);
    expect(actions.findBlockedActions('RejectTask')).toEqual({});
  });
});

describe('scopes of an owner object', () => {
  const makeOwner = () => {
    const reports: Array<[string, string]> = [];
    const disposables = new DisposableStore();
    const owner = {
      id: 'crm',
      disposables,
      report: (source: string, e: unknown) => reports.push([source, String((e as Error).message)]),
    };
    return { owner, reports, disposables };
  };

  it("tags registrations with the owner's id and goes when the owner's store is disposed", async () => {
    const actions = createActions();
    const { owner, disposables } = makeOwner();
    const scope = actions.scope(owner);
    expect(scope.owner).toBe('crm');
    scope.registerAction('Sync', () => 'ok');
    scope.addListener('beforeSync', () => {});
    expect(actions.describe('Sync')).toMatchObject({ owner: 'crm', before: [{ owner: 'crm' }] });
    await expect(actions.invokeAction('Sync')).resolves.toBe('ok');
    disposables.dispose();
    expect(scope.disposed).toBe(true);
    expect(actions.describe()).toEqual([]);
  });

  it('disposing the scope leaves the owner usable and forgotten by its store', () => {
    const actions = createActions();
    const { owner, disposables } = makeOwner();
    const scope = actions.scope(owner);
    scope.registerAction('A', () => {});
    scope.dispose();
    expect(actions.describe()).toEqual([]);
    const fn = jest.fn();
    disposables.add({ dispose: fn });
    disposables.dispose();
    expect(fn).toHaveBeenCalledTimes(1);
  });

  it("reports its listeners' errors to the owner (and onError), but not its body's failures", async () => {
    const actions = createActions();
    const errors = collectErrors(actions);
    const { owner, reports } = makeOwner();
    const scope = actions.scope(owner);
    scope.addListener('beforeX', () => {
      throw new Error('before broke');
    });
    scope.addListener('afterX', async () => {
      throw new Error('after broke');
    });
    scope.registerAction('X', () => 1);
    scope.registerAction('Y', () => {
      throw new Error('CRM offline');
    });
    await actions.invokeAction('X');
    await expect(actions.invokeAction('Y')).rejects.toThrow('CRM offline');
    await Promise.resolve();
    expect(reports).toEqual([
      ['listener', 'before broke'],
      ['listener', 'after broke'],
    ]);
    expect(errors.map((e) => [e.info.phase, e.info.owner])).toEqual([
      ['before', 'crm'],
      ['after', 'crm'],
      ['body', 'crm'],
    ]);
  });
});
