// The T-Server simulator: an HA pair on loopback speaking protocol v1 (docs/simulator.md).
export { startSimulator } from './simulator.ts';
export { SimInputError } from './types.ts';
export type {
  SimAgentState,
  SimAgentStateName,
  SimCallParty,
  SimCallPartyChoice,
  SimCallRequest,
  SimCallState,
  SimDnState,
  SimEndpointOptions,
  SimLinkState,
  SimMode,
  SimRole,
  SimServerInfo,
  SimServerName,
  SimServerOptions,
  SimServerState,
  SimState,
  SimTlsOptions,
  Simulator,
  SimulatorOptions,
} from './types.ts';
