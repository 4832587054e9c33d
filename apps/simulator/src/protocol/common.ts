import { ForbiddenError } from '@vz/core';
import type { Measurement, MeterReading } from '../meter.ts';
import type { ChargerCore, Connector, Session } from './driver.ts';

/**
 * What OCPP 1.6 and 2.0.1 do alike. Each protocol module keeps only its own message shapes and names and calls
 * these for the logic behind them.
 */

export const iso = (ms: number): string => new Date(ms).toISOString();

/** A measurement's `phase` and `location`, when it has them (both protocols write them the same way). */
export function phaseAndLocation(m: Measurement): { phase?: Measurement['phase']; location?: Measurement['location'] } {
  return {
    ...(m.phase === undefined ? {} : { phase: m.phase }),
    ...(m.location === undefined ? {} : { location: m.location }),
  };
}

/** The connectors a CSMS call names by id: all of them for none (or 0), undefined for an unknown one. */
export function connectorsOrAll(core: ChargerCore, id: unknown): Connector[] | undefined {
  if (typeof id !== 'number' || id === 0) return [...core.connectors];
  const connector = core.connector(id);
  return connector ? [connector] : undefined;
}

/**
 * The connector a remote start (RemoteStartTransaction / RequestStartTransaction) goes to: the one named, else the
 * first free one. Undefined when it cannot take a session: the answer is Rejected.
 */
export function remoteStartConnector(core: ChargerCore, wanted: unknown): Connector | undefined {
  const connector =
    typeof wanted === 'number'
      ? core.connector(wanted)
      : core.connectors.find((c) => c.session === undefined && c.operative && c.status === 'Available');
  if (!connector || connector.session !== undefined || !connector.operative || connector.status === 'Faulted') {
    return undefined;
  }
  return connector;
}

/** ChangeAvailability of the connectors named (undefined: one is unknown, Rejected); Scheduled while busy. */
export function changeAvailability(
  core: ChargerCore,
  targets: Connector[] | undefined,
  operative: boolean,
): { status: 'Accepted' | 'Scheduled' | 'Rejected' } {
  return { status: targets ? core.setAvailability(targets, operative) : 'Rejected' };
}

/** RemoteStopTransaction / RequestStopTransaction: stops a charging session (after the answer). */
/**
 * SetChargingProfile on connector/EVSE `target` (0 = the whole station): a TxProfile needs a transaction there
 * (OCPP 1.6 §5.16, 2.0.1 K01.FR.09). The simulation acknowledges profiles; it does not enforce their limits.
 */
export function chargingProfileStatus(
  core: ChargerCore,
  target: number,
  purpose: string,
): { status: 'Accepted' | 'Rejected' } {
  const connector = target === 0 ? undefined : core.connector(target);
  if (target !== 0 && connector === undefined) return { status: 'Rejected' };
  if (purpose === 'TxProfile' && connector?.session === undefined) return { status: 'Rejected' };
  return { status: 'Accepted' };
}

export function remoteStop(core: ChargerCore, transactionId: unknown): { status: 'Accepted' | 'Rejected' } {
  const session = core.findSession(String(transactionId));
  if (!session || session.state !== 'charging') return { status: 'Rejected' };
  core.background('remote stop', () => core.stopSession(session, 'Remote'));
  return { status: 'Accepted' };
}

/**
 * Authorize before a session starts, unless it is a remote start that needs none. Throws ForbiddenError unless the
 * CSMS answers Accepted. `token` names the token in the message (1.6 `idTag`, 2.0.1 `idToken`).
 */
export async function authorizeStart(
  core: ChargerCore,
  session: Session,
  token: 'idTag' | 'idToken',
  payload: object,
  statusOf: (answer: unknown) => string,
): Promise<void> {
  if (session.remoteStart && !core.authorizeRemoteStart) return;
  const status = statusOf(await core.call('Authorize', payload));
  if (status !== 'Accepted') {
    throw new ForbiddenError(`${token} ${session.idTag} not authorized: ${status}`, {
      details: { idTag: session.idTag, status },
    });
  }
}

/** Reads the register as the session begins and records it as the session's start. */
export function beginSession(core: ChargerCore, session: Session, connector: Connector): MeterReading {
  const begin = core.read(connector, 'Transaction.Begin');
  session.meterStartWh = begin.registerWh;
  session.startedAt = begin.timestamp;
  session.accruedUntil = begin.timestamp;
  return begin;
}

/**
 * The CSMS refused the token in its answer to the start of a transaction it now knows of: a real charge point ends
 * it at once. Always throws ForbiddenError; `message` names what was answered (`StartTransaction`...).
 */
export async function endRefusedStart(
  core: ChargerCore,
  session: Session,
  message: string,
  status: string,
): Promise<never> {
  await core.stopSession(session, 'DeAuthorized');
  throw new ForbiddenError(`${message} for ${session.idTag} answered ${status}`, {
    details: { idTag: session.idTag, status, transactionId: session.ocppTransactionId },
  });
}

/** The settings the CSMS may change that act on the simulation, whatever the protocol calls them. */
export type ActiveSetting = 'heartbeatInterval' | 'meterValueInterval' | 'authorizeRemoteStart';

/**
 * ChangeConfiguration / SetVariables of one key (1.6 configuration key, 2.0.1 `Component.Variable`): a known
 * `setting` acts on the simulation, and its value may be refused (false); any accepted value is stored.
 */
export function configure(core: ChargerCore, key: string, value: string, setting: ActiveSetting | undefined): boolean {
  const number = Number(value);
  switch (setting) {
    case 'heartbeatInterval':
      if (!Number.isInteger(number) || number < 0) return false;
      core.setHeartbeatInterval(number);
      break;
    case 'meterValueInterval':
      if (!Number.isInteger(number) || number <= 0) return false;
      core.setMeterValueInterval(number * 1000);
      break;
    case 'authorizeRemoteStart':
      if (value !== 'true' && value !== 'false') return false;
      core.authorizeRemoteStart = value === 'true';
      break;
    case undefined:
      break;
  }
  core.configuration.set(key, value);
  return true;
}
