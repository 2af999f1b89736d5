/**
 * The benchmarks' shared workload pieces, so actions.bench.ts and bridge.bench.ts measure the
 * same "hooked" workload by construction.
 */
import { createActions, type ActionsApi } from '@switchboard/actions';

export const payload = { sid: 'WT0001', channel: 'chat' };
export const noopBefore = (_p: unknown, _abort: () => void): void => {};
export const noopAfter = (_p: unknown): void => {};
export const passThrough = (
  p: unknown,
  _original: (p: unknown) => Promise<unknown>,
  next: (p: unknown) => Promise<unknown>,
) => next(p);

/** The hooked workload: `body` with 5 before listeners, 5 after listeners and 2 pass-through replacements. */
export function hookedActions(body: (p: unknown) => unknown): ActionsApi {
  const actions = createActions();
  actions.registerAction('Hooked', body);
  for (let i = 0; i < 5; i++) actions.addListener('beforeHooked', noopBefore);
  for (let i = 0; i < 5; i++) actions.addListener('afterHooked', noopAfter);
  actions.replaceAction('Hooked', passThrough);
  actions.replaceAction('Hooked', passThrough);
  return actions;
}
