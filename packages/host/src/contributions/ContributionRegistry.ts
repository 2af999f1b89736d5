import { InvalidArgumentError, toDisposable, type Disposable, type OwnerRef } from '@switchboard/actions';
import { Emitter } from '@switchboard/actions/events';
import type { ContributionAlign, ContributionOptions, SlotName, SlotProps } from '@switchboard/plugin';
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
  owner: OwnerRef | undefined;
  seq: number;
  /** The `label` option, for slots that show one. */
  label: string | undefined;
  /** The `align` option. */
  align: ContributionAlign;
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
  /** The `label` option, when given (tabs show it). */
  label?: string;
  /** The `align` option (`start` when not given). */
  align: ContributionAlign;
  /** The contribution's plugin failed: the slot shows a notice with this reason instead. */
  failure?: string;
}

/**
 * A child a component has of its own (the host's), given to `resolve` (and `<Slot defaults>`):
 * it comes before the registrations, so plugins remove or replace it by key like any other.
 */
export interface SlotDefault<P = never> {
  key: string;
  component: ComponentType<P>;
  /** Default 0; among equal sortOrders the host's own children come first. */
  sortOrder?: number;
  align?: ContributionAlign;
  label?: string;
}

const NO_DEFAULTS: readonly SlotDefault[] = [];

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

/**
 * The contribution slots of a host (`host.contributions`): named places in the UI that
 * plugins add components to, replace, or remove components from. `<Slot name>` renders one.
 * Every call returns a Disposable that undoes exactly that call.
 */
export interface Contributions {
  /** Adds `component` to `slot`; with an `owner`, the registration is the owner's. */
  add<S extends SlotName>(
    slot: S,
    component: ComponentType<SlotProps<S>>,
    options: ContributionOptions<SlotProps<S>>,
    owner?: OwnerRef,
  ): Disposable;
  /** Replaces everything `slot` holds so far with `component` (later additions still show). */
  replace<S extends SlotName>(
    slot: S,
    component: ComponentType<SlotProps<S>>,
    options: ContributionOptions<SlotProps<S>>,
    owner?: OwnerRef,
  ): Disposable;
  /** Hides the contribution with `key` from `slot` (when `options.if` holds, if given). */
  remove<S extends SlotName>(
    slot: S,
    key: string,
    options?: Pick<ContributionOptions<SlotProps<S>>, 'if'>,
    owner?: OwnerRef,
  ): Disposable;
  /**
   * The contributions `slot` renders for `props`, in order: `defaults` (the component's own
   * children, if any), then the registrations, each applied in turn (an add appends, a
   * replace drops everything before it, a remove drops its key), each when its `if` holds.
   */
  resolve(slot: string, props: object, defaults?: readonly SlotDefault<never>[]): ResolvedContribution[];
  /** Subscribes to changes of `slot` (for `useSyncExternalStore`); returns the unsubscribe function. */
  subscribe(slot: string, listener: () => void): () => void;
  /** Changes each time `slot`'s registrations change. */
  version(slot: string): number;
  /** Every registration (of one slot, or all), with owners, in registration order. */
  describe(slot?: string): ContributionInfo[];
}

const isComponent = (c: unknown): c is AnyComponent =>
  typeof c === 'function' || (typeof c === 'object' && c !== null && '$$typeof' in c);

/**
 * The registry behind {@link Contributions}, with what only the host uses: the notices left
 * where a failed plugin's contributions were. Internal to the host.
 */
export class ContributionRegistry implements Contributions {
  private readonly slots = new Map<string, Op[]>();
  private readonly versions = new Map<string, number>();
  private readonly listeners = new Emitter<Record<string, () => void>>((error) =>
    queueMicrotask(() => {
      throw error;
    }),
  );
  private seq = 0;
  /** The ops of each `defaults` list given to `resolve` (lists are constants: made once). */
  private readonly defaultOps = new WeakMap<readonly SlotDefault<never>[], Op[]>();

  /**
   * @param onChange called after a slot's registrations change
   * @param onConditionError called (later, never during render) when the `if` of a
   *   contribution throws and its owner takes no reports (an owner that does gets
   *   `report('render', error)`)
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

  add<S extends SlotName>(
    slot: S,
    component: ComponentType<SlotProps<S>>,
    options: ContributionOptions<SlotProps<S>>,
    owner?: OwnerRef,
  ): Disposable {
    return this.push('add', slot, component, options, owner);
  }

  replace<S extends SlotName>(
    slot: S,
    component: ComponentType<SlotProps<S>>,
    options: ContributionOptions<SlotProps<S>>,
    owner?: OwnerRef,
  ): Disposable {
    return this.push('replace', slot, component, options, owner);
  }

  remove<S extends SlotName>(
    slot: S,
    key: string,
    options: Pick<ContributionOptions<SlotProps<S>>, 'if'> = {},
    owner?: OwnerRef,
  ): Disposable {
    return this.push('remove', slot, undefined, { ...options, key }, owner);
  }

  resolve(slot: string, props: object, defaults: readonly SlotDefault<never>[] = NO_DEFAULTS): ResolvedContribution[] {
    let list: Op[] = [...this.opsOf(defaults)];
    for (const op of this.slots.get(slot) ?? []) {
      if (op.condition && !this.holds(op, slot, props)) continue;
      if (op.kind === 'add') list.push(op);
      else if (op.kind === 'replace') list = [op];
      else list = list.filter((o) => o.key !== op.key);
    }
    return (
      list
        // Plugins start in whatever order their bundles arrive: the owner's rank (its place in
        // the manifest), not the registration order, decides between equal sortOrders.
        .sort((a, b) => a.sortOrder - b.sortOrder || (a.owner?.rank ?? 0) - (b.owner?.rank ?? 0) || a.seq - b.seq)
        .map((op) => ({
          key: op.key,
          component: op.component as ComponentType<object>,
          owner: op.owner?.id,
          sortOrder: op.sortOrder,
          align: op.align,
          ...(op.label === undefined ? {} : { label: op.label }),
          ...(op.failure === undefined ? {} : { failure: op.failure }),
        }))
    );
  }

  /**
   * Leaves a notice where the contributions of the owner with id `ownerId` were (call before
   * undoing them when the plugin fails): its adds and replaces become notices, added rather
   * than replacing, so the slot's own content comes back; its removes are dropped.
   */
  tombstone(ownerId: string, reason: string): void {
    for (const [slot, ops] of this.slots) {
      const notices = ops
        .filter((op) => op.owner?.id === ownerId && op.kind !== 'remove' && op.failure === undefined)
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

  /** Removes the notices `tombstone` left for the owner with id `ownerId` (unload, reload). */
  clearTombstones(ownerId: string): void {
    for (const [slot, ops] of this.slots) {
      const rest = ops.filter((op) => !(op.owner?.id === ownerId && op.failure !== undefined));
      if (rest.length === ops.length) continue;
      if (rest.length) this.slots.set(slot, rest);
      else this.slots.delete(slot);
      this.changed(slot);
    }
  }

  subscribe(slot: string, listener: () => void): () => void {
    const subscription = this.listeners.on(slot, listener);
    return () => subscription.dispose();
  }

  version(slot: string): number {
    return this.versions.get(slot) ?? 0;
  }

  describe(slot?: string): ContributionInfo[] {
    const slots = slot === undefined ? [...this.slots.keys()] : [slot];
    return slots.flatMap((s) =>
      (this.slots.get(s) ?? []).map((op) => ({
        slot: s,
        kind: op.kind,
        key: op.key,
        owner: op.owner?.id,
        sortOrder: op.sortOrder,
        conditional: !!op.condition,
        failed: op.failure !== undefined,
      })),
    );
  }

  private opsOf(defaults: readonly SlotDefault<never>[]): Op[] {
    let ops = this.defaultOps.get(defaults);
    if (!ops) {
      ops = defaults.map((d, i) => ({
        kind: 'add',
        key: d.key,
        component: d.component,
        sortOrder: d.sortOrder ?? 0,
        condition: undefined,
        owner: undefined,
        // Before every registration: the host's own children come first among equals.
        seq: i - defaults.length,
        label: d.label,
        align: d.align ?? 'start',
      }));
      this.defaultOps.set(defaults, ops);
    }
    return ops;
  }

  private holds(op: Op, slot: string, props: object): boolean {
    try {
      return op.condition!(props as never) === true;
    } catch (error) {
      // Resolving happens while React renders: report the failure afterwards.
      queueMicrotask(() =>
        op.owner?.report ? op.owner.report('render', error) : this.onConditionError(op.owner?.id, slot, op.key, error),
      );
      return false;
    }
  }

  private push(
    kind: Op['kind'],
    slot: string,
    component: unknown,
    options: Partial<ContributionOptions<never>> | undefined,
    owner: OwnerRef | undefined,
  ): Disposable {
    const where = `contributions.${kind}("${String(slot)}")${owner === undefined ? '' : ` by plugin "${owner.id}"`}`;
    if (typeof slot !== 'string' || !slot)
      throw new InvalidArgumentError(`${where}: the slot must be a non-empty string`);
    if (kind !== 'remove' && !isComponent(component)) {
      throw new InvalidArgumentError(
        `${where}: expected a React component, got ${component === null ? 'null' : typeof component}`,
      );
    }
    const { key, sortOrder = 0, if: condition, label, align = 'start' } = options ?? {};
    if (typeof key !== 'string' || !key)
      throw new InvalidArgumentError(`${where}: options.key must be a non-empty string`);
    if (typeof sortOrder !== 'number' || !Number.isFinite(sortOrder)) {
      throw new InvalidArgumentError(`${where}: options.sortOrder must be a finite number`);
    }
    if (condition !== undefined && typeof condition !== 'function') {
      throw new InvalidArgumentError(`${where}: options.if must be a function`);
    }
    if (label !== undefined && typeof label !== 'string') {
      throw new InvalidArgumentError(`${where}: options.label must be a string`);
    }
    if (align !== 'start' && align !== 'end') {
      throw new InvalidArgumentError(`${where}: options.align must be "start" or "end", got ${JSON.stringify(align)}`);
    }
    const ops = this.slots.get(slot) ?? [];
    const clash = kind === 'add' && ops.find((o) => o.kind === 'add' && o.key === key && o.failure === undefined);
    if (clash) {
      throw new HostError(
        'CONTRIBUTION_INVALID',
        `${where}: the slot already has a contribution with key "${key}"${clash.owner === undefined ? '' : ` (from plugin "${clash.owner.id}")`}`,
        { owner: owner?.id },
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
      label,
      align,
    };
    this.slots.set(slot, [...ops, op]);
    this.changed(slot);
    const registration = toDisposable(() => {
      owner?.disposables?.deleteAndLeak(registration);
      const rest = (this.slots.get(slot) ?? []).filter((o) => o !== op);
      if (rest.length) this.slots.set(slot, rest);
      else this.slots.delete(slot);
      this.changed(slot);
    });
    return owner?.disposables ? owner.disposables.add(registration) : registration;
  }

  private changed(slot: string): void {
    this.versions.set(slot, this.version(slot) + 1);
    this.listeners.emit(slot);
    this.onChange(slot);
  }
}
