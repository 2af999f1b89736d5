/**
 * @switchboard/contact-center/in-process: the real contact center in this process, without a
 * socket or a native module — the engine on an in-memory repository, the server's protocol
 * hub, and the WebSocket clients over in-memory pipes. What the plugin test kit
 * (`@switchboard/host/testing`) runs on; usable in Node and in jsdom.
 */
export { createInProcessContactCenter } from './createInProcessContactCenter';
export { MemoryRepository } from '../engine/MemoryRepository';
export { ACTIVE_TASK_STATUSES } from '../engine/Repository';
export { ContactCenterError } from '../errors';
export { compileRouting, DEFAULT_ROUTING_CONFIG, queueSidOf } from '../engine/routing/RoutingConfig';

export type { InProcessContactCenter, InProcessOptions } from './createInProcessContactCenter';
export type { Changes, Repository, WorkerRecord } from '../engine/Repository';
export type { ContactCenter } from '../engine/ContactCenter';
export type { CompiledRouting, RoutingConfig } from '../engine/routing/RoutingConfig';
