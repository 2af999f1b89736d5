/**
 * @switchboard/contact-center/simulator (Node): scripted customers, simulated callers (signalling only) and self-driving agents,
 * for plugin development, demos and the load benchmark.
 */
export { startSimulator } from './startSimulator';
export { createSimulatedAgents } from './createSimulatedAgents';

export type { Simulator, SimulatorOptions, SimulatorStats, SimulatedCustomer } from './startSimulator';
export type { SimulatedAgents, SimulatedAgentsOptions, SimulatedAgentStats } from './createSimulatedAgents';
export type { CallStats, SimulatedCaller, SimulatedCallOptions } from './startCallers';
