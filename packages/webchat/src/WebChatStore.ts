import { ListenerList, type Disposable, type OwnerRef } from '@switchboard/actions';
import type { StateListener, WebChatCallState, WebChatState } from './types';

/** The call part of the state when there is no call. */
export const NO_CALL: WebChatCallState = {
  phase: 'idle',
  engagement: undefined,
  call: undefined,
  muted: false,
  digits: '',
  error: undefined,
};

/** The engagement part of the state when there is none (the pre-engagement form). */
export const NO_ENGAGEMENT: Omit<WebChatState, 'visible' | 'error' | 'call'> = {
  phase: 'form',
  engagement: undefined,
  channel: undefined,
  messages: [],
  outbox: [],
  inputText: '',
  agentTyping: undefined,
  connection: 'idle',
};

/** The state of a webchat before anything happened. */
export const initialState = (visible: boolean): WebChatState => ({
  visible,
  ...NO_ENGAGEMENT,
  error: undefined,
  call: NO_CALL,
});

/**
 * The widget's state: one immutable object replaced on every change, and its listeners. A
 * listener that throws is logged and the others still run (a plugin's bug must not stop the
 * widget from rendering).
 */
export class WebChatStore {
  #state: WebChatState;
  readonly #listeners = new ListenerList<StateListener>();

  constructor(state: WebChatState) {
    this.#state = state;
  }

  get state(): WebChatState {
    return this.#state;
  }

  /** Applies `patch` (nothing happens when no value changes) and notifies the listeners. */
  update(patch: Partial<WebChatState>): void {
    const previous = this.#state;
    let changed = false;
    for (const key in patch) {
      if (patch[key as keyof WebChatState] !== previous[key as keyof WebChatState]) changed = true;
    }
    if (!changed) return;
    this.#state = { ...previous, ...patch };
    this.#listeners.call([this.#state, previous], (error, r) =>
      console.error(`[webchat] a state listener${r.owner ? ` of "${r.owner.id}"` : ''} failed:`, error),
    );
  }

  subscribe(listener: StateListener, owner?: OwnerRef): Disposable {
    return this.#listeners.add(listener, owner);
  }
}
