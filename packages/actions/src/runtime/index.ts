/**
 * @switchboard/actions/runtime: the owned life of an extension (a plugin), written once for
 * every runtime that runs plugins (the host's plugin manager, the webchat's plugin runner).
 * A {@link RuntimeOwner} holds what one activation registered and its `AbortSignal`;
 * {@link runOwnedInit} runs its `init` within a timeout and undoes everything when it fails.
 * A separate entry: the actions core does not need it.
 */
export { RuntimeOwner } from './RuntimeOwner';
export { InitTimeoutError, runOwnedInit } from './runOwnedInit';

export type { OwnerReporter, RuntimeOwnerOptions } from './RuntimeOwner';
export type { OwnedInitOptions, OwnedInitOutcome } from './runOwnedInit';
