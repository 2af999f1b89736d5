import { createActions, isSwitchboardError, type ActionsScope } from '@switchboard/actions';
import { createActionGuard, type GuardFigures } from './actionGuard';
import { guardActions } from './guardedActions';
import type { GuardrailOptions, GuardrailTrip } from './guardrails';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const never = () => new Promise<never>(() => {});
const BUDGET = 40;

/** A real Actions instance with the host's guard, and plugins' guarded scopes. */
function setup(guardrails: GuardrailOptions = {}, metrics = true) {
  const raw = createActions();
  const trips: GuardrailTrip[] = [];
  const mirrored: GuardFigures[] = [];
  const guard = createActionGuard({
    actions: raw,
    metrics,
    guardrails: { budgetMs: BUDGET, ...guardrails },
    onTrip: (trip) => trips.push(trip),
    mirror: (f) => mirrored.push(f),
    mirrorMs: 20,
  });
  const plugin = (name: string): ActionsScope => guardActions(raw.scope(name), name, guard.runtime);
  const calls: string[] = [];
  const body = (action: string, ms = 0) =>
    raw.registerAction(action, async (p: unknown) => {
      calls.push(action);
      if (ms) await sleep(ms);
      return { done: action, p };
    });
  const last = () => guard.invocations.recent().at(-1)!;
  return { raw, actions: guard.actions, guard, plugin, trips, mirrored, calls, body, last };
}

let current: ReturnType<typeof setup> | undefined;
const make = (...args: Parameters<typeof setup>) => (current = setup(...args));
afterEach(() => current?.guard.dispose());

describe('budgets', () => {
  it('fail-open (HangupCall by default): the invocation goes on without a hanging before-listener; a late abort is ignored', async () => {
    const t = make();
    t.body('HangupCall');
    let lateAbort: ((reason?: string) => void) | undefined;
    t.plugin('stuck').addListener('beforeHangupCall', (_p, abort) => {
      lateAbort = abort;
      return never();
    });
    const started = Date.now();
    await expect(t.actions.invokeAction('HangupCall', { sid: 'WR1' })).resolves.toMatchObject({ done: 'HangupCall' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(BUDGET - 5);
    expect(t.calls).toEqual(['HangupCall']);
    expect(t.trips).toEqual([
      { plugin: 'stuck', action: 'HangupCall', phase: 'before', budgetMs: BUDGET, policy: 'fail-open' },
    ]);
    expect(t.last()).toMatchObject({ status: 'succeeded', timedOut: [{ plugin: 'stuck', phase: 'before' }] });

    // Its abort, late, changes nothing.
    lateAbort!('too late');
    expect(t.last().abortedBy).toBeUndefined();
    expect(t.guard.metrics().stuck).toMatchObject({ timeouts: 1, errors: 1, aborts: 0 });
  });

  it('a late abort after an await, past the budget, does not abort', async () => {
    const t = make();
    t.body('HoldCall');
    t.plugin('slow').addListener('beforeHoldCall', async (_p, abort) => {
      await sleep(BUDGET * 3);
      abort('changed my mind');
    });
    await expect(t.actions.invokeAction('HoldCall', {})).resolves.toMatchObject({ done: 'HoldCall' });
    await sleep(BUDGET * 3);
    expect(t.last().status).toBe('succeeded');
    expect(t.last().abortedBy).toBeUndefined();
  });

  it('fail (the default policy): the invocation rejects with ACTION_TIMED_OUT naming plugin, action, phase and budget', async () => {
    const t = make();
    t.body('AcceptTask');
    t.plugin('crm-sync').addListener('beforeAcceptTask', never);
    const error = await t.actions.invokeAction('AcceptTask', { sid: 'WR1' }).catch((e: unknown) => e);
    expect(isSwitchboardError(error, 'ACTION_TIMED_OUT')).toBe(true);
    expect((error as Error).message).toBe(
      `plugin "crm-sync": its before-listener of "AcceptTask" ran past its budget of ${BUDGET} ms`,
    );
    expect(error).toMatchObject({ owner: 'crm-sync', action: 'AcceptTask', trip: { phase: 'before', policy: 'fail' } });
    expect(t.calls).toEqual([]);
    expect(t.last()).toMatchObject({ status: 'failed', timedOut: [{ plugin: 'crm-sync', phase: 'before' }] });
    expect(t.last().abortedBy).toBeUndefined();
  });

  it('policies by action win over the defaults', async () => {
    const t = make({ policies: { AcceptTask: 'fail-open', HangupCall: 'fail' } });
    t.body('AcceptTask');
    t.body('HangupCall');
    const p = t.plugin('p');
    p.addListener('beforeAcceptTask', never);
    p.addListener('beforeHangupCall', never);
    await expect(t.actions.invokeAction('AcceptTask', {})).resolves.toBeDefined();
    await expect(t.actions.invokeAction('HangupCall', {})).rejects.toMatchObject({ code: 'ACTION_TIMED_OUT' });
  });

  it('a listener that settles within its budget is waited for, and its outcome counts', async () => {
    const t = make();
    t.body('AcceptTask');
    t.plugin('quick').addListener('beforeAcceptTask', async (_p, abort) => {
      await sleep(5);
      abort('not now');
    });
    await expect(t.actions.invokeAction('AcceptTask', { sid: 'WR1' })).rejects.toMatchObject({
      code: 'ACTION_ABORTED',
      owner: 'quick',
      abortedBy: { plugin: 'quick', reason: 'not now' },
    });
    expect(t.trips).toEqual([]);
  });

  it('a replacement past its budget falls through to the rest of the chain once; its late next() is refused', async () => {
    const t = make();
    t.body('HangupCall');
    let late: Promise<unknown> | undefined;
    t.plugin('recorder').replaceAction('HangupCall', async (payload, _original, next) => {
      await sleep(BUDGET * 2);
      late = next(payload);
      return late;
    });
    await expect(t.actions.invokeAction('HangupCall', { sid: 'WR1' })).resolves.toMatchObject({ done: 'HangupCall' });
    expect(t.calls).toEqual(['HangupCall']);
    expect(t.trips[0]).toMatchObject({ plugin: 'recorder', phase: 'replacement', policy: 'fail-open' });
    await sleep(BUDGET * 2);
    await expect(late).rejects.toMatchObject({ code: 'ACTION_TIMED_OUT', owner: 'recorder' });
    expect(t.calls).toEqual(['HangupCall']); // the hang-up happened once
    expect(t.last()).toMatchObject({
      replacedBy: ['recorder'],
      timedOut: [{ plugin: 'recorder', phase: 'replacement' }],
    });
  });

  it('a replacement that handed on and then hangs: the invocation goes on with what the chain returned', async () => {
    const t = make();
    t.body('Logout');
    t.plugin('audit').replaceAction('Logout', async (payload, _original, next) => {
      await next(payload);
      return never();
    });
    await expect(t.actions.invokeAction('Logout')).resolves.toMatchObject({ done: 'Logout' });
    expect(t.calls).toEqual(['Logout']);
  });

  it('a replacement past its budget under `fail` rejects; the body never runs', async () => {
    const t = make();
    t.body('SendMessage');
    t.plugin('filter').replaceAction('SendMessage', () => never());
    await expect(t.actions.invokeAction('SendMessage', {})).rejects.toMatchObject({
      code: 'ACTION_TIMED_OUT',
      message: `plugin "filter": its replacement of "SendMessage" ran past its budget of ${BUDGET} ms`,
    });
    expect(t.calls).toEqual([]);
  });

  it("a replacement's budget does not count the time spent in next() (a slow body)", async () => {
    const t = make();
    t.body('AcceptTask', BUDGET * 2);
    t.plugin('wrapper').replaceAction('AcceptTask', async (payload, _original, next) => {
      const result = await next(payload);
      return { ...(result as object), wrapped: true };
    });
    await expect(t.actions.invokeAction('AcceptTask', {})).resolves.toMatchObject({ wrapped: true });
    expect(t.trips).toEqual([]);
    expect(t.guard.metrics().wrapper!.actions.AcceptTask!.p95).toBeLessThan(BUDGET);
  });

  it('an after-listener past its budget does not hold the invocation (always fail-open)', async () => {
    const t = make();
    t.body('AcceptTask');
    t.plugin('slow-after').addListener('afterAcceptTask', never);
    await expect(t.actions.invokeAction('AcceptTask', {})).resolves.toBeDefined();
    expect(t.trips[0]).toMatchObject({ plugin: 'slow-after', phase: 'after', policy: 'fail-open' });
  });
});

describe('the wrappers', () => {
  it('removeListener (and off) remove the wrapped function; the Disposable too', async () => {
    const t = make();
    t.body('AcceptTask');
    const p = t.plugin('p');
    const seen: string[] = [];
    const hooks = () => t.raw.listenerCount('beforeAcceptTask') + t.raw.listenerCount('afterAcceptTask');
    const before = () => void seen.push('before');
    const after = () => void seen.push('after');
    p.addListener('beforeAcceptTask', before);
    p.on('afterAcceptTask', after);
    const d = p.addListener('beforeAcceptTask', before);
    expect(hooks()).toBe(3);
    expect(t.raw.describe('AcceptTask')!.before.map((r) => r.name)).toEqual(['before', 'before']);
    p.removeListener('beforeAcceptTask', before);
    p.off('afterAcceptTask', after);
    expect(hooks()).toBe(1);
    d.dispose();
    expect(hooks()).toBe(1);
    p.removeListener('beforeAcceptTask', before);
    expect(hooks()).toBe(0);
    await t.actions.invokeAction('AcceptTask', {});
    expect(seen).toEqual([]);
  });

  it('lifecycle events and invalid arguments go to the core as they are', () => {
    const t = make();
    const p = t.plugin('p');
    expect(() => p.addListener('beforeX' as never, 42 as never)).toThrow('must be a function');
    const begun: number[] = [];
    p.addListener('invocationBegin', (inv) => void begun.push(inv.id));
    expect(t.raw.listenerCount('invocationBegin')).toBe(1);
  });

  it('metrics: false → no runtime: the scope is returned itself', () => {
    const t = make({}, false);
    const scope = t.raw.scope('p');
    expect(t.guard.runtime).toBeUndefined();
    expect(guardActions(scope, 'p', t.guard.runtime)).toBe(scope);
    expect(t.guard.actions).toBe(t.raw);
    expect(t.raw.listenerCount()).toBe(0);
  });
});

describe('provenance', () => {
  it('who aborted and why: the rejection and the record; Flex-style abort() without a reason too', async () => {
    const t = make();
    t.body('AcceptTask');
    const guardPlugin = t.plugin('activity-guard');
    const d = guardPlugin.addListener('beforeAcceptTask', (_p, abort) => abort('Set yourself Available first'));
    const error = await t.actions.invokeAction('AcceptTask', { sid: 'WR1' }).catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: 'ACTION_ABORTED',
      abortedBy: { plugin: 'activity-guard', reason: 'Set yourself Available first' },
    });
    expect(t.last()).toMatchObject({
      action: 'AcceptTask',
      status: 'aborted',
      abortedBy: { plugin: 'activity-guard', reason: 'Set yourself Available first' },
    });
    d.dispose();
    t.plugin('flex-port').addListener('beforeAcceptTask', (_p, abortFunction) => abortFunction());
    await expect(t.actions.invokeAction('AcceptTask', { sid: 'WR2' })).rejects.toMatchObject({
      abortedBy: { plugin: 'flex-port' },
    });
    expect(t.guard.metrics()['activity-guard']!.aborts).toBe(1);
  });

  it('who replaced it and who changed which payload keys', async () => {
    const t = make();
    t.body('SendMessage');
    t.plugin('signature').addListener('beforeSendMessage', (p) => {
      (p as { body: string }).body += ' -- Ada';
    });
    t.plugin('reader').addListener('beforeSendMessage', () => undefined);
    t.plugin('tagger').addListener('beforeSendMessage', async (p) => {
      await sleep(1);
      (p as { tags?: string[] }).tags = ['vip'];
    });
    t.plugin('router').replaceAction('SendMessage', (p, _o, next) => next({ ...(p as object), channel: 'CH2' }));
    const result = await t.actions.invokeAction('SendMessage', { body: 'hi', channel: 'CH1' });
    expect(result).toMatchObject({ p: { body: 'hi -- Ada', channel: 'CH2', tags: ['vip'] } });
    expect(t.last()).toMatchObject({
      status: 'succeeded',
      replacedBy: ['router'],
      payloadChangedBy: [
        { plugin: 'signature', keys: ['body'] },
        { plugin: 'tagger', keys: ['tags'] },
        { plugin: 'router', keys: ['channel'] },
      ],
      timedOut: [],
    });
    expect(t.last().abortedBy).toBeUndefined();
  });

  it('the log keeps the latest 50; the store mirror is throttled', async () => {
    const t = make();
    t.raw.registerAction('Ping', (n: unknown) => n);
    t.plugin('p').addListener('beforePing', () => undefined);
    for (let i = 0; i < 60; i++) await t.actions.invokeAction('Ping', i);
    const recent = t.guard.invocations.recent();
    expect(recent).toHaveLength(50);
    expect(recent[0]!.id).toBe(11);
    expect(t.mirrored).toHaveLength(0);
    await sleep(40);
    expect(t.mirrored).toHaveLength(1);
    expect(t.mirrored[0]!.invocations).toHaveLength(50);
    expect(t.mirrored[0]!.pluginMetrics.p!.actions.Ping!.count).toBe(60);
  });
});

describe('cost', () => {
  it('times each plugin per action (p50/p95 over a window), counts long tasks', async () => {
    const t = make();
    t.body('AcceptTask');
    const busy = (ms: number) => {
      for (const end = performance.now() + ms; performance.now() < end;);
    };
    let n = 0;
    t.plugin('heavy').addListener('beforeAcceptTask', () => busy(++n === 5 ? 60 : 2));
    t.plugin('light').addListener('afterAcceptTask', () => undefined);
    for (let i = 0; i < 5; i++) await t.actions.invokeAction('AcceptTask', { sid: `WR${i}` });
    const m = t.guard.metrics();
    expect(m.heavy).toMatchObject({ longTasks: 1, invocations: 5, errors: 0 });
    const cost = m.heavy!.actions.AcceptTask!;
    expect(cost.count).toBe(5);
    expect(cost.p50).toBeGreaterThanOrEqual(2);
    expect(cost.p50).toBeLessThan(20);
    expect(cost.p95).toBeGreaterThanOrEqual(60);
    expect(cost.totalMs).toBeGreaterThanOrEqual(68);
    expect(m.light!.actions.AcceptTask!.p95).toBeLessThan(5);
    expect(m.light!.longTasks).toBe(0);
  });
});
