/**
 * Model-based property test: random sequences of register / replace / listen / remove /
 * block / unblock / invoke run against the real implementation and against a small
 * reference model of SEMANTICS.md written here, independently of the implementation.
 * After every command the call trace, outcome, reported errors and blocked-change events
 * must agree.
 */
import fc from 'fast-check';
import { createActions, type ActionsApi, type Disposable } from './index';

type Name = 'A' | 'B';
type Pattern = undefined | { k: number };
type Mode = 'next' | 'original' | 'skip' | 'throw';

interface ModelReg {
  kind: 'body' | 'rep' | 'before' | 'after' | 'block';
  action: Name;
  tag: number;
  mode?: Mode;
  abort?: boolean;
  throws?: boolean;
  async?: boolean;
  pattern?: Pattern;
}

interface Model {
  regs: ModelReg[]; // every live registration, in registration order
  handles: ModelReg[]; // what each real Disposable undoes, by index
  events: unknown[][];
}

interface Real {
  actions: ActionsApi;
  handles: Disposable[];
  trace: string[];
  errors: number;
  events: unknown[][];
}

// ---- the reference model --------------------------------------------------------------

const live = (m: Model, kind: ModelReg['kind'], action: Name) =>
  m.regs.filter((r) => r.kind === kind && r.action === action);

/** Spec step 3 matching, restricted to the patterns this test generates. */
const matchRef = (pattern: Pattern, payload: Pattern): boolean =>
  pattern === undefined || (payload !== undefined && pattern.k === payload.k);
const samePatternRef = (a: Pattern, b: Pattern): boolean =>
  a === undefined ? b === undefined : b !== undefined && a.k === b.k;

interface Prediction {
  outcome: string; // a result, or an error code
  trace: string[];
  errors: number;
  reachedPending: boolean;
  /** Still running when invokeAction returns: something it called returned a promise. */
  async: boolean;
}

function predictInvoke(m: Model, action: Name, payload: Pattern): Prediction {
  const bodies = live(m, 'body', action);
  const body = bodies[bodies.length - 1];
  if (!body) return { outcome: 'ACTION_NOT_FOUND', trace: [], errors: 0, reachedPending: false, async: false };
  if (live(m, 'block', action).some((b) => matchRef(b.pattern, payload))) {
    return { outcome: 'ACTION_BLOCKED', trace: [], errors: 0, reachedPending: false, async: false };
  }
  const trace: string[] = [];
  let errors = 0;
  let aborted = false;
  const beforeIsAsync = live(m, 'before', action).some((l) => l.async);
  for (const l of live(m, 'before', action)) {
    trace.push(`before:${l.tag}`);
    if (l.abort) aborted = true;
    if (l.throws) errors++;
  }
  if (aborted) return { outcome: 'ACTION_ABORTED', trace, errors, reachedPending: true, async: beforeIsAsync };
  const reps = live(m, 'rep', action);
  const call = (i: number): string => {
    if (i < 0) {
      trace.push(`body:${body.tag}`);
      return `body:${body.tag}`;
    }
    const rep = reps[i] as ModelReg;
    trace.push(`rep:${rep.tag}`);
    switch (rep.mode) {
      case 'next':
        return call(i - 1);
      case 'original':
        return call(-1);
      case 'skip':
        return `rep:${rep.tag}`;
      default:
        throw new Error(`rep:${rep.tag}`);
    }
  };
  let outcome: string;
  try {
    outcome = call(reps.length - 1);
  } catch (e) {
    return { outcome: (e as Error).message, trace, errors: errors + 1, reachedPending: true, async: beforeIsAsync };
  }
  for (const l of live(m, 'after', action)) {
    trace.push(`after:${l.tag}`);
    if (l.throws) errors++;
  }
  const afterIsAsync = live(m, 'after', action).some((l) => l.async);
  return { outcome, trace, errors, reachedPending: true, async: beforeIsAsync || afterIsAsync };
}

function removeFromModel(m: Model, reg: ModelReg): void {
  const i = m.regs.indexOf(reg);
  if (i < 0) return;
  m.regs.splice(i, 1);
  if (reg.kind === 'block' && !live(m, 'block', reg.action).some((b) => samePatternRef(b.pattern, reg.pattern))) {
    m.events.push([false, reg.action, reg.pattern]);
  }
}

// ---- the real side ------------------------------------------------------------------------

function makeReal(): Real {
  const actions = createActions();
  const real: Real = { actions, handles: [], trace: [], errors: 0, events: [] };
  actions.onError(() => {
    real.errors++;
  });
  actions.onWarning(() => {});
  actions.addListener('actionBlockedChanged', (blocked, action, pattern) =>
    real.events.push([blocked, action, pattern]),
  );
  return real;
}

async function outcomeOf(p: Promise<unknown>): Promise<string> {
  try {
    return String(await p);
  } catch (e) {
    return (e as { code?: string }).code ?? (e as Error).message;
  }
}

function check(m: Model, r: Real): void {
  expect(r.events).toEqual(m.events);
  for (const action of ['A', 'B'] as const) {
    const d = r.actions.describe(action);
    expect([
      d?.registrations.length ?? 0,
      d?.replacements.length ?? 0,
      d?.before.length ?? 0,
      d?.after.length ?? 0,
      d?.blocks.length ?? 0,
    ]).toEqual(['body', 'rep', 'before', 'after', 'block'].map((k) => live(m, k as ModelReg['kind'], action).length));
  }
}

// ---- commands ---------------------------------------------------------------------------

abstract class Cmd implements fc.AsyncCommand<Model, Real> {
  check(): boolean {
    return true;
  }
  abstract run(m: Model, r: Real): Promise<void>;
  abstract toString(): string;
}

class Register extends Cmd {
  constructor(
    readonly action: Name,
    readonly tag: number,
  ) {
    super();
  }
  async run(m: Model, r: Real) {
    const reg: ModelReg = { kind: 'body', action: this.action, tag: this.tag };
    m.regs.push(reg);
    m.handles.push(reg);
    r.handles.push(
      r.actions.registerAction(this.action, () => {
        r.trace.push(`body:${this.tag}`);
        return `body:${this.tag}`;
      }),
    );
    check(m, r);
  }
  toString() {
    return `register(${this.action}, ${this.tag})`;
  }
}

class Replace extends Cmd {
  constructor(
    readonly action: Name,
    readonly tag: number,
    readonly mode: Mode,
  ) {
    super();
  }
  async run(m: Model, r: Real) {
    const reg: ModelReg = { kind: 'rep', action: this.action, tag: this.tag, mode: this.mode };
    m.regs.push(reg);
    m.handles.push(reg);
    const { tag, mode } = this;
    r.handles.push(
      r.actions.scope(`owner${tag}`).replaceAction(this.action, (p, original, next) => {
        r.trace.push(`rep:${tag}`);
        if (mode === 'next') return next(p);
        if (mode === 'original') return original(p);
        if (mode === 'skip') return `rep:${tag}`;
        throw new Error(`rep:${tag}`);
      }),
    );
    check(m, r);
  }
  toString() {
    return `replace(${this.action}, ${this.tag}, ${this.mode})`;
  }
}

class Listen extends Cmd {
  constructor(
    readonly phase: 'before' | 'after',
    readonly action: Name,
    readonly tag: number,
    readonly abort: boolean,
    readonly throws: boolean,
    readonly async: boolean,
  ) {
    super();
  }
  async run(m: Model, r: Real) {
    const reg: ModelReg = {
      kind: this.phase,
      action: this.action,
      tag: this.tag,
      abort: this.phase === 'before' && this.abort,
      throws: this.throws,
      async: this.async,
    };
    m.regs.push(reg);
    m.handles.push(reg);
    const { tag, throws, async } = this;
    const doAbort = reg.abort;
    const listener = (_p: unknown, abort?: () => void) => {
      r.trace.push(`${this.phase}:${tag}`);
      const finish = () => {
        if (doAbort) abort?.();
        if (throws) throw new Error('listener failed');
      };
      if (!async) return finish();
      return Promise.resolve().then(finish);
    };
    r.handles.push(r.actions.addListener(`${this.phase}${this.action}`, listener));
    check(m, r);
  }
  toString() {
    return `listen(${this.phase}${this.action}, ${this.tag}${this.abort ? ', abort' : ''}${this.throws ? ', throws' : ''}${this.async ? ', async' : ''})`;
  }
}

class Remove extends Cmd {
  constructor(readonly index: number) {
    super();
  }
  async run(m: Model, r: Real) {
    if (!r.handles.length) return;
    const i = this.index % r.handles.length;
    removeFromModel(m, m.handles[i] as ModelReg);
    r.handles[i]?.dispose();
    check(m, r);
  }
  toString() {
    return `remove(#${this.index})`;
  }
}

class Block extends Cmd {
  constructor(
    readonly action: Name,
    readonly pattern: Pattern,
  ) {
    super();
  }
  async run(m: Model, r: Real) {
    const reg: ModelReg = { kind: 'block', action: this.action, tag: 0, pattern: this.pattern };
    if (!live(m, 'block', this.action).some((b) => samePatternRef(b.pattern, this.pattern))) {
      m.events.push([true, this.action, this.pattern]);
    }
    m.regs.push(reg);
    m.handles.push(reg);
    r.handles.push(r.actions.blockAction(this.action, this.pattern && { ...this.pattern }));
    check(m, r);
  }
  toString() {
    return `block(${this.action}, ${JSON.stringify(this.pattern)})`;
  }
}

class Unblock extends Cmd {
  constructor(
    readonly action: Name,
    readonly pattern: Pattern,
  ) {
    super();
  }
  async run(m: Model, r: Real) {
    for (const b of live(m, 'block', this.action)) {
      // unblockAction(name, pattern) removes the blocks that the pattern matches.
      if (matchRef(this.pattern, b.pattern)) removeFromModel(m, b);
    }
    r.actions.unblockAction(this.action, this.pattern);
    check(m, r);
  }
  toString() {
    return `unblock(${this.action}, ${JSON.stringify(this.pattern)})`;
  }
}

class Invoke extends Cmd {
  constructor(
    readonly action: Name,
    readonly payload: Pattern,
    readonly twice: boolean,
  ) {
    super();
  }
  async run(m: Model, r: Real) {
    const predicted = predictInvoke(m, this.action, this.payload);
    r.trace = [];
    r.errors = 0;
    const first = r.actions.invokeAction(this.action, this.payload && { ...this.payload });
    // A second, matching invocation while the first is pending (a double click).
    const second = this.twice ? r.actions.invokeAction(this.action, this.payload && { ...this.payload }) : undefined;
    const [o1, o2] = await Promise.all([outcomeOf(first), second && outcomeOf(second)]);
    expect(o1).toBe(predicted.outcome);
    // The second is a duplicate only while the first is still running; one that completed
    // synchronously inside invokeAction is not, and the second runs again in full.
    const duplicate = predicted.reachedPending && predicted.async;
    const runsAgain = this.twice && !duplicate;
    if (this.twice) expect(o2).toBe(duplicate ? 'ACTION_PENDING' : predicted.outcome);
    expect(r.trace).toEqual(runsAgain ? [...predicted.trace, ...predicted.trace] : predicted.trace);
    expect(r.errors).toBe(runsAgain ? predicted.errors * 2 : predicted.errors);
    expect(r.actions.findPendingActions(['A', 'B'])).toEqual({});
    check(m, r);
  }
  toString() {
    return `invoke(${this.action}, ${JSON.stringify(this.payload)}${this.twice ? ', twice' : ''})`;
  }
}

// ---- the property ----------------------------------------------------------------------

const name = fc.constantFrom<Name>('A', 'B');
const tag = fc.integer({ min: 1, max: 99 });
const pattern = fc.constantFrom<Pattern>(undefined, { k: 0 }, { k: 1 });

const commands = fc.commands(
  [
    fc.tuple(name, tag).map(([a, t]) => new Register(a, t)),
    fc
      .tuple(name, tag, fc.constantFrom<Mode>('next', 'next', 'original', 'skip', 'throw'))
      .map(([a, t, mode]) => new Replace(a, t, mode)),
    fc
      .tuple(
        fc.constantFrom<'before' | 'after'>('before', 'after'),
        name,
        tag,
        fc.boolean(),
        fc.boolean(),
        fc.boolean(),
      )
      .map(
        ([phase, a, t, abort, throws, async]) =>
          new Listen(phase, a, t, abort && Math.abs(t) % 3 === 0, throws && t % 4 === 0, async),
      ),
    fc.nat(40).map((i) => new Remove(i)),
    fc.tuple(name, pattern).map(([a, p]) => new Block(a, p)),
    fc.tuple(name, pattern).map(([a, p]) => new Unblock(a, p)),
    fc.tuple(name, pattern, fc.boolean()).map(([a, p, twice]) => new Invoke(a, p, twice)),
    fc.tuple(name, pattern, fc.boolean()).map(([a, p, twice]) => new Invoke(a, p, twice)),
  ],
  { maxCommands: 60, size: 'large' },
);

describe('model-based property', () => {
  it('agrees with the reference model on random sequences of operations', async () => {
    await fc.assert(
      fc.asyncProperty(commands, async (cmds) => {
        const model: Model = { regs: [], handles: [], events: [] };
        const real = makeReal();
        await fc.asyncModelRun(() => ({ model, real }), cmds);
        // Undoing every registration leaves nothing behind.
        for (const h of real.handles) h.dispose();
        expect(real.actions.describe()).toEqual([]);
        expect(real.actions.listenerCount()).toBe(1); // the test's own actionBlockedChanged listener
      }),
      { numRuns: 300 },
    );
  });
});
