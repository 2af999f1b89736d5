/** This plugin's slice of the store: the agent's activity changes this session. */
export const NAMESPACE = 'activityGuard';

export interface ActivityGuardState {
  changes: string[];
  pluginsReady: boolean;
}

const initialState: ActivityGuardState = { changes: [], pluginsReady: false };

const CHANGED = 'activityGuard/CHANGED';
const READY = 'activityGuard/READY';

type Action = { type: typeof CHANGED; payload: { activity: string } } | { type: typeof READY };

export const activityChanged = (activity: string) => ({ type: CHANGED, payload: { activity } }) as const;
export const pluginsReady = () => ({ type: READY }) as const;

export default function reducer(state: ActivityGuardState = initialState, action: Action): ActivityGuardState {
  switch (action.type) {
    case CHANGED:
      return { ...state, changes: [...state.changes, action.payload.activity] };
    case READY:
      return { ...state, pluginsReady: true };
    default:
      return state;
  }
}
