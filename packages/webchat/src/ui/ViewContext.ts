import type { ActionName, PayloadArgs, PayloadOf, ResultOf } from '@switchboard/actions';
import type { WebChatActions, WebChatState, WebChatStrings } from '../types';
import type { ElementFactory } from './dom';

/** What every part of the view gets. */
export interface ViewContext {
  h: ElementFactory;
  strings: WebChatStrings;
  getState(): WebChatState;
  /**
   * Invokes an action from the UI. A failure is shown to the customer (except an abort: a
   * plugin decided) and resolves `undefined`, so no UI event leaves an unhandled rejection.
   */
  run<K extends ActionName<WebChatActions>>(
    name: K,
    ...payload: PayloadArgs<PayloadOf<WebChatActions, K>>
  ): Promise<ResultOf<WebChatActions, K> | undefined>;
}

/** One part of the view: its element and how it follows the state. */
export interface View<E extends HTMLElement = HTMLElement> {
  readonly element: E;
  update(state: WebChatState, previous: WebChatState | undefined): void;
  /** Moves the focus to where the customer continues (the first field, the input, …). */
  focus?(): void;
}
