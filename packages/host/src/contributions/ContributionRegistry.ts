import { InvalidArgumentError, toDisposable, type Disposable } from '@switchboard/actions';
import type { ContributionOptions, ContributionsApi, SlotName, SlotProps } from '@switchboard/plugin';
import type { ComponentType } from 'react';
import { HostError } from '../errors';

/** A component as stored: any props (each slot passes its own). */
type AnyComponent = ComponentType<never>;

/** One call to add / replace / remove, kept in order: a slot's content is their result. */
interface Op {
  kind: 'add' | 'replace' | 'remove';
  key: string;
  component: AnyComponent | undefined;
  sortOrder: number;
  condition: ((props: never) => boolean) | undefined;
  owner: string | undefined;
  seq: number;
  /** Set on a failed plugin's former contribution: render a notice with this reason. */
  failure?: string | undefined;
}

/** A contribution that a slot renders. */
export interface ResolvedContribution {
  key: string;
  component: ComponentType<object>;
  /** The plugin that contributed it; undefined for the host's own. */
  owner: string | undefined;
  sortOrder: number;
  /** The contribution's plugin failed: the slot shows a notice with this reason instead. */
  failure?: string;
}

/** One registration, as listed by `describe`. */
export interface ContributionInfo {
  slot: string;
  kind: Op['kind'];
  key: string;
  owner: string | undefined;
  sortOrder: number;
  conditional: boolean;
  /** A notice left where a failed plugin's contribution was. */
  failed: boolean;
}

const isComponent = (c: unknown): c is AnyComponent =>
  typeof c === 'function' || (typeof c === 'object' && c !== null && '$$typeof' in c);

/**
 * The UI contribution registry: named slots (`TaskCanvas.Header`, `AgentDesktop.Panel`, …)
 * that plugins add components to, replace, or remove components from. `<Slot name>`
 * renders a slot. Every call returns a Disposable that undoes exactly that call.
 */
export class ContributionRegistry {
  private readonly slots = new Map<string, Op[]>();
  private readonly versions = new Map<string, number>();
  private readonly listeners = new Map<string, Set<() => void>>();
  private seq = 0;

  /**
   * @param onChange called after a slot's registrations change
   * @param onConditionError called (later, never during render) when a contribution's `if` throws
   */
  constructor(
    private readonly onChange: (slot: string) => void = () => {},
    private readonly onConditionError: (
      owner: string | undefined,
      slot: string,
      key: string,
      error: unknown,
    ) => void = () => {},
  ) {}

  /** Adds `component` to `slot`. */
  add<S extends SlotName>(
    slot: S,
    component: ComponentType<SlotProps<S>>,
    options: ContributionOptions<SlotProps<S>>,
    owner?: string,
  ): Disposable {
    return this.push('add', slot, component, options, owner);
  }

  /** Replaces everything `slot` holds so far with `component`. */
  replace<S extends SlotName>(
    slot: S,
    component: ComponentType<SlotProps<S>>,
    options: ContributionOptions<SlotProps<S>>,
    owner?: string,
  ): Disposable {
    return this.push('replace', slot, component, options, owner);
  }

  /** Hides the contribution with `key` from `slot` (when `options.if` holds, if given). */
  remove<S extends SlotName>(
    slot: S,
    key: string,
    options: Pick<ContributionOptions<SlotProps<S>>, 'if'> = {},
    owner?: string,
  ): Disposable {
    return this.push('remove', slot, undefined, { ...options, key }, owner);
  }

  /** The contributions `slot` renders for `props`, in order. */
  resolve(slot: string, props: object): ResolvedContribution[] {
    let list: Op[] = [];
    for (const op of this.slots.get(slot) ?? []) {
      if (op.condition && !this.holds(op, slot, props)) continue;
      if (op.kind === 'add') list.push(op);
      else if (op.kind === 'replace') list = [op];
      else list = list.filter((o) => o.key !== op.key);
    }
    return list
      .sort((a, b) => a.sortOrder - b.sortOrder || a.seq - b.seq)
      .map((op) => ({
        key: op.key,
        component: op.component as ComponentType<object>,
        owner: op.owner,
        sortOrder: op.sortOrder,
        ...(op.failure === undefined ? {} : { failure: op.failure }),
      }));
  }

  /**
   * Leaves a notice where `owner`'s contributions were (call before undoing them when the
   * plugin fails): its adds and replaces become notices, added rather than replacing, so the
   * slot's own content comes back; its removes are dropped.
   */
  tombstone(owner: string, reason: string): void {
    for (const [slot, ops] of this.slots) {
      const notices = ops
        .filter((op) => op.owner === owner && op.kind !== 'remove' && op.failure === undefined)
        .map((op): Op => ({ ...op, kind: 'add', condition: undefined, failure: reason }));
      if (notices.length) {
        this.slots.set(
          slot,
          [...ops, ...notices].sort((a, b) => a.seq - b.seq || (a.failure === undefined ? -1 : 1)),
        );
        this.changed(slot);
      }
    }
  }

  /** Removes the notices `tombstone` left for `owner` (unload, reload). */
  clearTombstones(owner: string): void {
    for (const [slot, ops] of this.slots) {
      const rest = ops.filter((op) => !(op.owner === owner && op.failure !== undefined));
      if (rest.length === ops.length) continue;
      if (rest.length) this.slots.set(slot, rest);
      else this.slots.delete(slot);
      this.changed(slot);
    }
  }

  /** Subscribes to changes of `slot` (for `useSyncExternalStore`). */
  subscribe(slot: string, listener: () => void): () => void {
    const set = this.listeners.get(slot) ?? new Set();
    this.listeners.set(slot, set.add(listener));
    return () => {
      set.delete(listener);
      if (!set.size) this.listeners.delete(slot);
    };
  }

  /** Changes each time `slot`'s registrations change. */
  version(slot: string): number {
    return this.versions.get(slot) ?? 0;
  }

  /** Every registration (of one slot, or all), with owners, in registration order. */
  describe(slot?: string): ContributionInfo[] {
    const slots = slot === undefined ? [...this.slots.keys()] : [slot];
    return slots.flatMap((s) =>
      (this.slots.get(s) ?? []).map((op) => ({
        slot: s,
        kind: op.kind,
        key: op.key,
        owner: op.owner,
        sortOrder: op.sortOrder,
        conditional: !!op.condition,
        failed: op.failure !== undefined,
      })),
    );
  }

  /** The API a plugin gets: the same calls, owned by `owner`; `track` keeps each Disposable. */
  scoped(owner: string, track: (d: Disposable) => Disposable): ContributionsApi {
    return {
      add: (slot, component, options) => track(this.add(slot, component, options, owner)),
      replace: (slot, component, options) => track(this.replace(slot, component, options, owner)),
      remove: (slot, key, options) => track(this.remove(slot, key, options, owner)),
    };
  }

  private holds(op: Op, slot: string, props: object): boolean {
    try {
      return op.condition!(props as never) === true;
    } catch (error) {
      // Resolving happens while React renders: report the failure afterwards.
      queueMicrotask(() => this.onConditionError(op.owner, slot, op.key, error));
      return false;
    }
  }

  private push(
    kind: Op['kind'],
    slot: string,
    component: unknown,
    options: Partial<ContributionOptions<never>> | undefined,
    owner: string | undefined,
  ): Disposable {
    const where = `contributions.${kind}("${String(slot)}")${owner === undefined ? '' : ` by plugin "${owner}"`}`;
    if (typeof slot !== 'string' || !slot)
      throw new InvalidArgumentError(`${where}: the slot must be a non-empty string`);
    if (kind !== 'remove' && !isComponent(component)) {
      throw new InvalidArgumentError(
        `${where}: expected a React component, got ${component === null ? 'null' : typeof component}`,
      );
    }
    const { key, sortOrder = 0, if: condition } = options ?? {};
    if (typeof key !== 'string' || !key)
      throw new InvalidArgumentError(`${where}: options.key must be a non-empty string`);
    if (typeof sortOrder !== 'number' || !Number.isFinite(sortOrder)) {
      throw new InvalidArgumentError(`${where}: options.sortOrder must be a finite number`);
    }
    if (condition !== undefined && typeof condition !== 'function') {
      throw new InvalidArgumentError(`${where}: options.if must be a function`);
    }
    const ops = this.slots.get(slot) ?? [];
    const clash = kind === 'add' && ops.find((o) => o.kind === 'add' && o.key === key && o.failure === undefined);
    if (clash) {
      throw new HostError(
        'CONTRIBUTION_INVALID',
        `${where}: the slot already has a contribution with key "${key}"${clash.owner === undefined ? '' : ` (from plugin "${clash.owner}")`}`,
        { owner },
      );
    }
    const op: Op = {
      kind,
      key,
      component: component as AnyComponent | undefined,
      sortOrder,
      condition,
      owner,
      seq: this.seq++,
    };
    this.slots.set(slot, [...ops, op]);
    this.changed(slot);
    return toDisposable(() => {
      const rest = (this.slots.get(slot) ?? []).filter((o) => o !== op);
      if (rest.length) this.slots.set(slot, rest);
      else this.slots.delete(slot);
      this.changed(slot);
    });
  }

  private changed(slot: string): void {
    this.versions.set(slot, this.version(slot) + 1);
    for (const listener of [...(this.listeners.get(slot) ?? [])]) listener();
    this.onChange(slot);
  }
}
