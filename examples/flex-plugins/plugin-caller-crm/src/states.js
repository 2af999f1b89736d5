/** This plugin's slice of the store: the offers this session, and messages per conversation. */
export const NAMESPACE = 'callerCrm';

const OFFERED = 'callerCrm/OFFERED';
const CUSTOMER_WROTE = 'callerCrm/CUSTOMER_WROTE';

const initialState = { offers: [], customerMessages: {} };

export const reservationOffered = (offer) => ({ type: OFFERED, payload: offer });
export const customerWrote = (conversationSid) => ({ type: CUSTOMER_WROTE, payload: { conversationSid } });

export default function reducer(state = initialState, action) {
  switch (action.type) {
    case OFFERED:
      return { ...state, offers: [...state.offers, action.payload] };
    case CUSTOMER_WROTE: {
      const sid = action.payload.conversationSid;
      return {
        ...state,
        customerMessages: { ...state.customerMessages, [sid]: (state.customerMessages[sid] || 0) + 1 },
      };
    }
    default:
      return state;
  }
}
