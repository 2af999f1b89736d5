/**
 * Type-level tests: checked by `npm run typecheck` (tsc), never executed. Each
 * `@ts-expect-error` fails the type check if the line it marks stops being an error.
 */
import { configureStore } from '@reduxjs/toolkit';
import { expectTypeOf } from 'expect-type';
import {
  Actions,
  createActions,
  type ActionsApi,
  type Disposable,
  type Invocation,
  type InvocationOutcome,
} from './index';
import { createActionsBridge } from './redux';

interface Task {
  sid: string;
  channel: 'chat' | 'voice';
}

interface AgentActions {
  AcceptTask: { payload: { sid: string; task?: Task }; result: void };
  SendMessage: { payload: { body: string; conversationSid: string }; result: { index: number } };
  ToggleSidebar: { payload: undefined; result: boolean };
  SetStatus: { payload: 'available' | 'offline' | undefined; result: void };
}

declare const actions: ActionsApi<AgentActions>;
const typed = createActions<AgentActions>();
expectTypeOf(typed).toEqualTypeOf<ActionsApi<AgentActions>>();

// invokeAction: payload and result types come from the map.
expectTypeOf(actions.invokeAction('AcceptTask', { sid: 'WT1' })).toEqualTypeOf<Promise<void>>();
expectTypeOf(actions.invokeAction('SendMessage', { body: 'hi', conversationSid: 'CH1' })).toEqualTypeOf<
  Promise<{ index: number }>
>();
expectTypeOf(actions.invokeAction('ToggleSidebar')).toEqualTypeOf<Promise<boolean>>();
void actions.invokeAction('SetStatus');
void actions.invokeAction('SetStatus', 'offline');
// @ts-expect-error unknown action name
void actions.invokeAction('AcceptTaks', { sid: 'WT1' });
// @ts-expect-error wrong payload shape
void actions.invokeAction('AcceptTask', { taskSid: 'WT1' });
// @ts-expect-error a required payload is missing
void actions.invokeAction('AcceptTask');
// @ts-expect-error not one of the allowed values
void actions.invokeAction('SetStatus', 'away');

// registerAction: the function gets the payload type and must return the result type.
actions.registerAction('SendMessage', async (payload) => {
  expectTypeOf(payload).toEqualTypeOf<{ body: string; conversationSid: string }>();
  return { index: 1 };
});
actions.registerAction(
  'AcceptTask',
  () => {},
  (payload) => ({ ...payload, task: { sid: payload.sid, channel: 'chat' as const } }),
);
// @ts-expect-error the result must be { index: number }
actions.registerAction('SendMessage', () => 'sent');
expectTypeOf(actions.registerAction('ToggleSidebar', () => true)).toEqualTypeOf<Disposable>();

// replaceAction: original and next are typed.
actions.replaceAction('SendMessage', async (payload, original, next) => {
  expectTypeOf(original).toEqualTypeOf<(p: { body: string; conversationSid: string }) => Promise<{ index: number }>>();
  expectTypeOf(next).parameter(0).toEqualTypeOf<{ body: string; conversationSid: string }>();
  const result = await original({ ...payload, body: `${payload.body}!` });
  return { index: result.index + 1 };
});
// @ts-expect-error the replacement must resolve to the result type
actions.replaceAction('SendMessage', async () => 'nope');

// addListener: event names are before/after + action names, or lifecycle events.
actions.addListener('beforeAcceptTask', (payload, abort) => {
  expectTypeOf(payload).toEqualTypeOf<{ sid: string; task?: Task }>();
  expectTypeOf(abort).toEqualTypeOf<(reason?: string) => void>();
});
actions.on('afterSendMessage', (payload) => {
  expectTypeOf(payload.conversationSid).toEqualTypeOf<string>();
});
actions.addListener('invocationEnd', (invocation, outcome) => {
  expectTypeOf(invocation).toEqualTypeOf<Invocation>();
  expectTypeOf(outcome).toEqualTypeOf<InvocationOutcome>();
  if (outcome.status === 'failed') expectTypeOf(outcome.error).toEqualTypeOf<Error>();
});
actions.addListener('actionBlockedChanged', (blocked, action) => {
  expectTypeOf(blocked).toEqualTypeOf<boolean>();
  expectTypeOf(action).toEqualTypeOf<string>();
});
// @ts-expect-error no such action
actions.addListener('beforeAcceptTaks', () => {});
// @ts-expect-error "during" is not an event prefix
actions.addListener('duringAcceptTask', () => {});
// @ts-expect-error the listener's payload type is wrong
actions.addListener('afterSendMessage', (payload: { sid: number }) => payload);

// Blocks and queries are typed by payload.
actions.blockAction('AcceptTask', { sid: 'WT1' });
actions.blockAction('AcceptTask', (payload) => payload.sid.startsWith('WT'));
// @ts-expect-error not a field of the payload
actions.blockAction('AcceptTask', { taskSid: 'WT1' });
const found = actions.findPendingActions(['AcceptTask', 'SendMessage'], { sid: 'WT1' });
expectTypeOf(found.AcceptTask).toEqualTypeOf<{ sid: string; task?: Task } | undefined>();
expectTypeOf(found.first).toEqualTypeOf<
  | {
      action: 'AcceptTask' | 'SendMessage';
      payload: { sid: string; task?: Task } | { body: string; conversationSid: string };
    }
  | undefined
>();

// Scopes keep the types.
const scope = actions.scope('plugin');
expectTypeOf(scope.invokeAction('ToggleSidebar')).toEqualTypeOf<Promise<boolean>>();
expectTypeOf(scope.owner).toEqualTypeOf<string>();
scope.dispose();

// Untyped use still works: any name, unknown payloads and results.
const untyped = createActions();
untyped.registerAction('Anything', (payload) => {
  expectTypeOf(payload).toEqualTypeOf<unknown>();
  return 1;
});
expectTypeOf(untyped.invokeAction('Anything', { whatever: true })).toEqualTypeOf<Promise<unknown>>();
expectTypeOf(untyped.invokeAction('Anything')).toEqualTypeOf<Promise<unknown>>();
untyped.addListener('beforeAnything', (payload, abort) => {
  expectTypeOf(payload).toEqualTypeOf<unknown>();
  abort();
});
Actions.addListener('afterAcceptTask', () => {});

// The Redux bridge: dispatching a typed invoke resolves to the action's result type.
const bridge = createActionsBridge(actions);
const store = configureStore({
  reducer: { [bridge.reducerPath]: bridge.reducer },
  middleware: (gDM) => gDM().prepend(bridge.middleware),
});
expectTypeOf(store.dispatch(bridge.invoke('SendMessage', { body: 'x', conversationSid: 'y' }))).toEqualTypeOf<
  Promise<{ index: number }>
>();
expectTypeOf(store.dispatch(bridge.invoke('ToggleSidebar'))).toEqualTypeOf<Promise<boolean>>();
// @ts-expect-error wrong payload for the typed invoke
bridge.invoke('SendMessage', { body: 1 });
