export { createCallMedia } from './createCallMedia';
export { makesOffer, planPeers } from './mediaPlan';
export type { CallAudioStats, CallMedia, CallMediaOptions, PeerAudioStats } from './types';
export type { PeerPlan } from './mediaPlan';
