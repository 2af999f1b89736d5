/**
 * @switchboard/host/testing: the plugin test kit. `createTestHost()` is a real host (every
 * native action, the store, the slots, the plugin manager) on `FakeContactCenter`, an
 * in-memory contact center (a real `ContactCenterProvider`) with helpers that play the
 * customer and the routing.
 */
export { createTestHost } from './createTestHost';
export { FakeContactCenter } from './FakeContactCenter';
export type { RenderedSlot, TestHost, TestHostOptions } from './createTestHost';
export type { FakeCall, FakeTask, FakeTaskOptions } from './FakeContactCenter';
