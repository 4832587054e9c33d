// Types only: the generated message types of each version (namespaced, as both versions name e.g. AuthorizeRequest)
// and the action → request/response map.
export type * as Ocpp16 from './generated/ocpp16.ts';
export type * as Ocpp201 from './generated/ocpp201.ts';
export type {
  Ocpp16Action,
  Ocpp16Request,
  Ocpp16Response,
  Ocpp201Action,
  Ocpp201Request,
  Ocpp201Response,
  OcppAction,
  OcppMessages,
  OcppRequest,
  OcppResponse,
  Subprotocol,
} from './messages.ts';
