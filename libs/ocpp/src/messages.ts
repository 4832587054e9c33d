import type { Ocpp16Messages } from './generated/ocpp16.ts';
import type { Ocpp201Messages } from './generated/ocpp201.ts';

/**
 * The OCPP-J subprotocols (OCPP-J 1.6 §3.1.2, OCPP 2.0.1 Part 4 §3.1.2) and, for each, every action with the
 * payload of its CALL (request) and of its CALLRESULT (response), as ocpp-rpc's schemas define them.
 */
export interface OcppMessages {
  'ocpp1.6': Ocpp16Messages;
  'ocpp2.0.1': Ocpp201Messages;
}

export type Subprotocol = keyof OcppMessages;

/** The actions of a version, e.g. `OcppAction<'ocpp1.6'>` includes `'StartTransaction'`. */
export type OcppAction<Version extends Subprotocol> = keyof OcppMessages[Version] & string;

/** The CALL payload of an action, e.g. `OcppRequest<'ocpp2.0.1', 'TransactionEvent'>`. */
export type OcppRequest<
  Version extends Subprotocol,
  Action extends OcppAction<Version>,
> = OcppMessages[Version][Action] extends { request: infer Request } ? Request : never;

/** The CALLRESULT payload of an action, e.g. `OcppResponse<'ocpp1.6', 'Authorize'>`. */
export type OcppResponse<
  Version extends Subprotocol,
  Action extends OcppAction<Version>,
> = OcppMessages[Version][Action] extends { response: infer Response } ? Response : never;

export type Ocpp16Action = OcppAction<'ocpp1.6'>;
export type Ocpp16Request<Action extends Ocpp16Action> = OcppRequest<'ocpp1.6', Action>;
export type Ocpp16Response<Action extends Ocpp16Action> = OcppResponse<'ocpp1.6', Action>;

export type Ocpp201Action = OcppAction<'ocpp2.0.1'>;
export type Ocpp201Request<Action extends Ocpp201Action> = OcppRequest<'ocpp2.0.1', Action>;
export type Ocpp201Response<Action extends Ocpp201Action> = OcppResponse<'ocpp2.0.1', Action>;
