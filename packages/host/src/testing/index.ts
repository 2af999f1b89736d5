/**
 * @switchboard/host/testing: the plugin test kit. `createTestHost()` is a real host (every
 * native action, the store, the slots, the plugin manager) on `TestContactCenter`: the real
 * contact center (`@switchboard/contact-center/in-process`: the engine, its protocol and its
 * clients, in memory) with a driver that plays the customers and the routing.
 */
export { createTestHost } from './createTestHost';
export { TestContactCenter } from './TestContactCenter';
export { TestCaller } from './TestCaller';
export { TestPhone } from './TestPhone';
export type { CallMatch } from './CallWatch';
export type { CallerHooks, TestCallSids } from './TestCaller';
export type { PlaceCallOptions } from './TestContactCenter';
export type { RenderedSlot, TestHost, TestHostOptions } from './createTestHost';
export type { ProviderCall, TestCall, TestContactCenterOptions, TestTask, TestTaskOptions } from './TestContactCenter';
