/**
 * What is registered for each action name: bodies, replacements, listeners, blocks and the
 * invocations running. The invocation pipeline (pipeline.ts) reads it; the API
 * (createActions.ts) writes it. Internal: nothing here is exported from the package.
 */
import { ListenerList } from './listeners';
import type { Invocation } from './types';

/** A function as the registry keeps it; the public signatures carry the types. */
export type AnyFunction = (a?: unknown, b?: unknown, c?: unknown) => unknown;

/** Everything registered for one action name. */
export interface ActionEntry {
  /** Registered functions, oldest first; the newest is the active one. Data: its payloadUpdate. */
  readonly bodies: ListenerList<AnyFunction, AnyFunction | undefined>;
  /** Replacements, oldest first (the newest runs first). */
  readonly replacements: ListenerList<AnyFunction>;
  /** `before${name}` listeners. */
  readonly before: ListenerList<AnyFunction>;
  /** `after${name}` listeners. */
  readonly after: ListenerList<AnyFunction>;
  /** Blocks. Data: the block's pattern. */
  readonly blocks: ListenerList<AnyFunction, unknown>;
  /** Running invocations, oldest first (usually 0 or 1 long: an array is cheaper than a Set). */
  readonly pending: Invocation[];
  /** The replacement chain, built on first use after bodies or replacements change. */
  chain: AnyFunction | undefined;
}

/** The lists of an entry that registrations go to. */
export type RegistrationKind = 'bodies' | 'replacements' | 'before' | 'after' | 'blocks';

/**
 * The action names with something registered or running, in first-use order (a Map from
 * name to entry that makes entries on first use and forgets empty ones).
 */
export class ActionRegistry extends Map<string, ActionEntry> {
  readonly #onBlock: (name: string, pattern: unknown, added: boolean) => void;

  /** @param onBlock called after a block of `name` is added or removed, with its pattern */
  constructor(onBlock: (name: string, pattern: unknown, added: boolean) => void) {
    super();
    this.#onBlock = onBlock;
  }

  /** The entry of `name`, made on first use. */
  entry(name: string): ActionEntry {
    let e = this.get(name);
    if (!e) {
      const changed = () => {
        e!.chain = undefined;
        this.prune(name, e!);
      };
      e = {
        bodies: new ListenerList(changed),
        replacements: new ListenerList(changed),
        before: new ListenerList(changed),
        after: new ListenerList(changed),
        blocks: new ListenerList((block, added) => {
          changed();
          this.#onBlock(name, block.data, added);
        }),
        pending: [],
        chain: undefined,
      };
      this.set(name, e);
    }
    return e;
  }

  /** Forgets `name` once nothing is registered or running for it: disposed scopes leave no trace. */
  prune(name: string, e: ActionEntry): void {
    if (
      !(e.bodies.size || e.replacements.size || e.before.size || e.after.size || e.blocks.size || e.pending.length) &&
      this.get(name) === e
    ) {
      this.delete(name);
    }
  }
}
