/**
 * The views (`host.views`, `api.views`): pages of the desktop listed in the side nav, one
 * shown at a time; which one is in the URL (see `history.ts`). The built-in `agent-desktop`
 * is the shell's own body.
 */
import type { Store } from '@reduxjs/toolkit';
import { InvalidArgumentError, ListenerList, toDisposable, type Disposable, type OwnerRef } from '@switchboard/actions';
import type { ViewDefinition, ViewInfo, ViewsApi } from '@switchboard/plugin';
import { HostError } from '../errors';
import { owned } from './owned';
import { DEFAULT_VIEW, selectSelectedView, type UiState } from './uiSlice';

const VIEW_NAME = /^[A-Za-z0-9][\w-]*$/;

/** The host's views: {@link ViewsApi}, each registration owned by who made it. */
export class ViewRegistry implements ViewsApi {
  readonly #views = new Map<string, ViewInfo>([
    [DEFAULT_VIEW, Object.freeze({ name: DEFAULT_VIEW, label: 'AgentDesktopView', sortOrder: 0, owner: 'host' })],
  ]);
  #sorted: readonly ViewInfo[] | undefined;
  readonly #listeners = new ListenerList<() => void>();
  readonly #store: Store;
  readonly #onError: (error: unknown, owner: OwnerRef | undefined) => void;

  constructor(store: Store, onError: (error: unknown, owner: OwnerRef | undefined) => void) {
    this.#store = store;
    this.#onError = onError;
  }

  get selected(): string {
    return selectSelectedView(this.#store.getState() as { ui?: UiState });
  }

  register(view: ViewDefinition, owner?: OwnerRef): Disposable {
    const who = owner === undefined ? '' : ` (plugin "${owner.id}")`;
    const v = view as Partial<ViewDefinition> | undefined;
    if (!v || typeof v.name !== 'string' || !VIEW_NAME.test(v.name))
      throw new InvalidArgumentError(
        `views.register${who}: name must be letters, digits, "-" and "_", got ${JSON.stringify(v?.name)}`,
      );
    const what = `views.register("${v.name}")${who}`;
    const taken = this.#views.get(v.name);
    if (taken)
      throw new HostError('VIEW_DUPLICATE', `${what}: "${v.name}" is registered already by "${taken.owner}"`, {
        owner: owner?.id,
      });
    if (typeof v.label !== 'string' || !v.label)
      throw new InvalidArgumentError(`${what}: label must be a non-empty string`);
    if (typeof v.component !== 'function')
      throw new InvalidArgumentError(`${what}: component must be a React component`);
    if (v.sortOrder !== undefined && !Number.isFinite(v.sortOrder))
      throw new InvalidArgumentError(`${what}: sortOrder must be a number`);
    const info: ViewInfo = Object.freeze({
      name: v.name,
      label: v.label,
      sortOrder: v.sortOrder ?? 100,
      component: v.component,
      owner: owner?.id ?? 'host',
      ...(v.icon !== undefined ? { icon: v.icon } : {}),
    });
    this.#views.set(info.name, info);
    this.#changed();
    return owned(
      toDisposable(() => {
        if (this.#views.get(info.name) !== info) return;
        this.#views.delete(info.name);
        this.#changed();
      }),
      owner,
    );
  }

  list(): readonly ViewInfo[] {
    // Stable sort: equal sortOrders keep their registration order.
    return (this.#sorted ??= Object.freeze([...this.#views.values()].sort((a, b) => a.sortOrder - b.sortOrder)));
  }

  get(name: string): ViewInfo | undefined {
    return this.#views.get(name);
  }

  subscribe(listener: () => void, owner?: OwnerRef): Disposable {
    return this.#listeners.add(listener, owner);
  }

  #changed(): void {
    this.#sorted = undefined;
    this.#listeners.call([], (error, r) => this.#onError(error, r.owner));
  }
}
