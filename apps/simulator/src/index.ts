export { SimulatedCharger } from './charger/charger.ts';
export type { BootResult, RawResponse, RecordedFrame, SessionHandle, StartSessionOptions } from './charger/api.ts';
export { ManualClock, SystemClock } from './clock.ts';
export { protocolOf, runFleet } from './fleet/fleet.ts';
export type { FleetHandle, FleetOptions, FleetReport, PlugFleetReport } from './fleet/fleet.ts';
export { SimulatedPlug } from './plug.ts';
export type { PlugReport, PlugSessionReport, SimulatedPlugOptions } from './plug.ts';
export type { Clock, Timer } from './clock.ts';
export type { SimulatedChargerOptions } from './options.ts';
export type { BootReason } from './protocol/driver.ts';
export type { OcppProtocol } from './rpc.ts';
export { faultCodes, stopReasons } from './types.ts';
export type {
  ChargerReport,
  ConnectorStatus,
  ErrorReceived,
  FaultCode,
  IdTokenType,
  SessionReport,
  StopReason,
} from './types.ts';
