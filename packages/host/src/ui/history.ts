/**
 * The history behind the views: the browser's (the path is the URL's hash, `#/view-name`, so
 * the view survives a reload and Back/Forward work), or an in-memory one where there is no
 * `window.history` (Node, tests).
 */
import { InvalidArgumentError, toDisposable, type Disposable } from '@switchboard/actions';
import { DEFAULT_VIEW } from './uiSlice';

/** A history of paths (`/view-name/more`). */
export interface HostHistory {
  /** The current path. */
  readonly path: string;
  /** `browser` (the URL's hash) or `memory`. */
  readonly kind: 'browser' | 'memory';
  push(path: string): void;
  replace(path: string): void;
  /** Moves `steps` entries; out of range does nothing (as browsers do). The browser's is asynchronous. */
  go(steps: number): void;
  /** Called with the new path after each change, whatever made it (Back, a typed URL, push). */
  listen(listener: (path: string) => void): Disposable;
  dispose(): void;
}

/** `'crm'`, `'/crm'`, `'#/crm'`, `{ path: '/crm' }` → `'/crm'`. */
export function normalizePath(what: string, raw: unknown): string {
  const path = typeof raw === 'string' ? raw : (raw as { path?: unknown } | null | undefined)?.path;
  if (typeof path !== 'string')
    throw new InvalidArgumentError(`${what}: the payload needs a path ('/view-name' or { path }), got ${typeof raw}`);
  const bare = path.replace(/^#/, '');
  return bare.startsWith('/') ? bare : `/${bare}`;
}

/** The view a path shows: its first segment, or the default view. */
export function viewOfPath(path: string): string {
  const first = path.split(/[/?#]/).find((s) => s !== '');
  if (!first) return DEFAULT_VIEW;
  try {
    return decodeURIComponent(first);
  } catch {
    return first;
  }
}

/** The history of this environment: the browser's when there is one, else in memory. */
export function createHistory(): HostHistory {
  return typeof window !== 'undefined' && window.history && window.location
    ? createBrowserHistory(window)
    : createMemoryHistory();
}

/** A history in memory, starting at `initial`. */
export function createMemoryHistory(initial = `/${DEFAULT_VIEW}`): HostHistory {
  const entries = [initial];
  let index = 0;
  const listeners = new Set<(path: string) => void>();
  const notify = () => {
    for (const l of [...listeners]) l(entries[index]!);
  };
  return {
    kind: 'memory',
    get path() {
      return entries[index]!;
    },
    push(path) {
      if (path === entries[index]) return;
      entries.splice(index + 1, entries.length, path);
      index = entries.length - 1;
      notify();
    },
    replace(path) {
      entries[index] = path;
      notify();
    },
    go(steps) {
      const to = index + steps;
      if (steps === 0 || to < 0 || to >= entries.length) return;
      index = to;
      notify();
    },
    listen(listener) {
      listeners.add(listener);
      return toDisposable(() => listeners.delete(listener));
    },
    dispose() {
      listeners.clear();
    },
  };
}

/** The browser's history: the path is the URL's hash (`#/view-name`). */
export function createBrowserHistory(win: Window): HostHistory {
  const read = () => {
    const hash = win.location.hash.replace(/^#/, '');
    return hash.startsWith('/') ? hash : `/${hash}`;
  };
  const listeners = new Set<(path: string) => void>();
  let last = read();
  const changed = () => {
    const path = read();
    if (path === last) return;
    last = path;
    for (const l of [...listeners]) l(path);
  };
  win.addEventListener('popstate', changed);
  win.addEventListener('hashchange', changed);
  const url = (path: string) => `${win.location.pathname}${win.location.search}#${path}`;
  return {
    kind: 'browser',
    get path() {
      return read();
    },
    push(path) {
      if (path !== read()) win.history.pushState(win.history.state, '', url(path));
      changed();
    },
    replace(path) {
      win.history.replaceState(win.history.state, '', url(path));
      changed();
    },
    go(steps) {
      if (steps !== 0) win.history.go(steps);
    },
    listen(listener) {
      listeners.add(listener);
      return toDisposable(() => listeners.delete(listener));
    },
    dispose() {
      listeners.clear();
      win.removeEventListener('popstate', changed);
      win.removeEventListener('hashchange', changed);
    },
  };
}
