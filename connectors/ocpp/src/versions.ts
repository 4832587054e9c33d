import type { Subprotocol } from '@vz/ocpp';
import type { OcppVersion } from './handlers/handler.ts';
import { ocpp16 } from './ocpp16/index.ts';
import { ocpp201 } from './ocpp201/index.ts';

/**
 * The versions served on one port, by subprotocol (OCPP-J 1.6 §3.1.2, OCPP 2.0.1 Part 4 §3.1.2), in order of
 * preference: the first mutual one wins. The only place a version is chosen: the transport takes the negotiated
 * one's entry for the whole connection.
 */
export const versions = {
  'ocpp2.0.1': ocpp201,
  'ocpp1.6': ocpp16,
} as const satisfies Record<Subprotocol, OcppVersion>;

export const subprotocols = Object.keys(versions) as Subprotocol[];
