/**
 * `@switchboard/plugin/testing`: the plugin test kit. `createTestHost()` is a real host (every
 * native action, the store, the slots, the plugin manager) on `TestContactCenter`, the real
 * contact center in memory, with a driver that plays the customers and the routing. It runs on
 * `@switchboard/host`, which must be installed beside this package.
 */
export * from '@switchboard/host/testing';
