/**
 * The built package (npm test builds first) loads as consumers load it, through its
 * `exports` map: ESM import and CJS require, both entries, with declarations beside them.
 */
import { builtFile, requireBuilt, runNode } from '../../../scripts/testing/builtPackages';

const run = (args: string[], code: string) => runNode('actions', args, code);

beforeAll(() => requireBuilt('actions'));

it('imports as ESM: both entries, one shared core', () => {
  const out = run(
    ['--input-type=module'],
    `import { createActions, Actions, isSwitchboardError } from '@switchboard/actions';
     import { createActionsBridge, invoke } from '@switchboard/actions/redux';
     const a = createActions(); a.registerAction('X', (p) => p * 2);
     const bridge = createActionsBridge(a);
     console.log(await a.invokeAction('X', 21), typeof Actions.invokeAction, typeof bridge.middleware, invoke('X').type,
       isSwitchboardError(await a.invokeAction('Nope').catch((e) => e), 'ACTION_NOT_FOUND'));`,
  );
  expect(out).toBe('42 function function switchboard/invoke true');
});

it('requires as CJS: both entries', () => {
  const out = run(
    [],
    `const { createActions, ActionAbortedError } = require('@switchboard/actions');
     const { actionsSlice } = require('@switchboard/actions/redux');
     console.log(typeof createActions, new ActionAbortedError('A', 1).code, actionsSlice.reducerPath);`,
  );
  expect(out).toBe('function ACTION_ABORTED actions');
});

it('the runtime entry shares the core: what its owner registered, the core undoes', () => {
  const out = run(
    ['--input-type=module'],
    `import { createActions } from '@switchboard/actions';
     import { RuntimeOwner, runOwnedInit } from '@switchboard/actions/runtime';
     const actions = createActions();
     const owner = new RuntimeOwner({ id: 'p' });
     const outcome = await runOwnedInit(owner, (o) => void actions.scope(o).on('afterX', () => {}), { timeoutMs: 100 });
     owner.dispose();
     console.log(outcome.status, actions.listenerCount());`,
  );
  expect(out).toBe('initialized 0');
  const cjs = run(
    [],
    `const { InitTimeoutError } = require('@switchboard/actions/runtime'); console.log(new InitTimeoutError('p', 5).code);`,
  );
  expect(cjs).toBe('INIT_TIMEOUT');
});

it('ships declarations for every entry', () => {
  for (const file of ['dist/types/index.d.ts', 'dist/types/redux/index.d.ts', 'dist/types/runtime/index.d.ts'])
    expect(builtFile('actions', file)).toBe(true);
});
