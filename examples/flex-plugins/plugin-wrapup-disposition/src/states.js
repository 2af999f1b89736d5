/** This plugin's slice of the store (`manager.store.addReducer`): what the agent saved this session. */
export const NAMESPACE = 'wrapupDisposition';

const SAVED = 'wrapupDisposition/SAVED';

const initialState = { saved: 0, last: null };

export const dispositionSaved = (disposition) => ({ type: SAVED, payload: { disposition } });

export default function reducer(state = initialState, action) {
  switch (action.type) {
    case SAVED:
      return { saved: state.saved + 1, last: action.payload.disposition };
    default:
      return state;
  }
}
