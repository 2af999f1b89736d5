/**
 * @switchboard/host/testing: test doubles for hosts and plugins. `FakeContactCenter` is an
 * in-memory contact center (a real `ContactCenterProvider`) with helpers that play the
 * customer and the routing.
 */
export { FakeContactCenter } from './FakeContactCenter';
export type { FakeCall, FakeTask, FakeTaskOptions } from './FakeContactCenter';
