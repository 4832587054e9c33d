import type { AuthorizationToken, ChargerEvent, Party, Station, Tariff } from '@vz/schemas';
import { energyAndPowerSamples } from '@vz/schemas';

/**
 * Sample reference data and charger traffic for tests and benchmarks, in one place: a station for a charger (its
 * connectors priced by the given tariffs) and a tariff, and a charger's sessions as normalized charger events.
 */

const registeredAt = Date.parse('2026-01-01T00:00:00Z');

/**
 * A station holding one charger. Layouts follow the protocols: OCPP 1.6J has one EVSE per connector (evseId null),
 * OCPP 2.0.1 EVSEs 1..n with connector 1 each, an MQTT plug one outlet.
 */
export function sampleStation(
  chargerId: string,
  options: { protocol?: 'ocpp1.6' | 'ocpp2.0.1' | 'mqtt'; outlets?: number; tariffIds?: string[] } = {},
): Station {
  const protocol = options.protocol ?? 'ocpp1.6';
  const outlets = protocol === 'mqtt' ? 1 : (options.outlets ?? 2);
  return {
    eventId: `station:${chargerId}`,
    occurredAt: registeredAt,
    causationId: 'sample',
    stationId: `ST-${chargerId}`,
    operator: { countryCode: 'NL', partyId: 'VZP' },
    ownerId: null,
    assetId: null,
    name: null,
    address: 'Voorbeeldstraat 1',
    city: 'Utrecht',
    postalCode: null,
    country: 'NLD',
    location: { latitudeMicrodegrees: 52_090_000, longitudeMicrodegrees: 5_120_000 },
    timeZone: 'Europe/Amsterdam',
    evses: Array.from({ length: outlets }, (_, index) => ({
      evseUid: `${chargerId}-${index + 1}`,
      ocpiEvseId: null,
      chargerId,
      meterRegisterMaxWh: null,
      evseId: protocol === 'ocpp2.0.1' ? index + 1 : null,
      connectors: [
        {
          connectorId: protocol === 'ocpp2.0.1' ? 1 : index + 1,
          ocpiConnectorId: null,
          standard: 'IEC_62196_T2',
          format: 'SOCKET',
          powerType: 'AC_3_PHASE',
          maxVoltageV: 400,
          maxAmperageA: 32,
          maxElectricPowerW: null,
          tariffIds: options.tariffIds ?? ['SAMPLE'],
        },
      ],
    })),
    publish: false,
    deleted: false,
  };
}

/** A tariff of the given components (EUR), valid from 2026. */
export function sampleTariff(
  tariffId: string,
  components: Tariff['components'],
  options: { vatBasisPoints?: number | null } = {},
): Tariff {
  return {
    eventId: `tariff:${tariffId}`,
    occurredAt: registeredAt,
    causationId: 'sample',
    tariffId,
    party: null,
    currency: 'EUR',
    components,
    elements: [],
    vatBasisPoints: options.vatBasisPoints ?? null,
    minPrice: null,
    maxPrice: null,
    validFromAt: null,
    validUntilAt: null,
    displayText: null,
    deleted: false,
  };
}

/**
 * One charger's OCPP 1.6J sessions as charger events, in time order: a start, `readings` register (and power)
 * samples a minute apart, the end. Connectors alternate; the register grows by 150–189 Wh per minute. With
 * `duplicateLastReading`, each session's last reading is delivered twice (as after a reconnect).
 */
export function* sampleSessionEvents(
  chargerId: string,
  options: { sessions: number; readings: number; startAt: number; registerWh?: number; duplicateLastReading?: boolean },
): Generator<ChargerEvent> {
  let at = options.startAt;
  let register = options.registerWh ?? 0;
  let frame = 0;
  const event = (payload: ChargerEvent['payload']): ChargerEvent => {
    frame += 1;
    return {
      eventId: `${chargerId}:${frame}/0`,
      occurredAt: at,
      causationId: `${chargerId}:${frame}`,
      chargerId,
      protocol: 'OCPP16',
      receivedAt: at,
      payload,
    };
  };
  for (let s = 0; s < options.sessions; s += 1) {
    const transactionId = `${chargerId}-${s}`;
    const connectorId = 1 + (s % 2);
    yield event({
      'vz.charger.TransactionStarted': {
        transactionId,
        connectorId,
        evseId: null,
        idTag: `TAG-${chargerId}-${s % 7}`,
        meterStartWh: register,
        reservationId: null,
        remoteStartId: null,
        triggerReason: null,
        escrowId: null,
      },
    });
    let last: ChargerEvent | undefined;
    for (let r = 0; r < options.readings; r += 1) {
      at += 60_000;
      register += 150 + ((frame + s + r) % 40);
      last = event({
        'vz.charger.MeterSampled': {
          transactionId,
          connectorId,
          evseId: null,
          samples: energyAndPowerSamples(register, 9_000),
        },
      });
      yield last;
    }
    if (options.duplicateLastReading === true && last !== undefined) yield last;
    at += 300_000;
    yield event({
      'vz.charger.TransactionEnded': {
        transactionId,
        connectorId: null,
        evseId: null,
        idTag: null,
        meterStopWh: register,
        reason: 'EV_DISCONNECTED',
        signedMeterStop: null,
      },
    });
    at += 1_800_000;
  }
}

/** A party (vz.registry.Party) with a wallet, a CPO unless `overrides` say otherwise. */
export function sampleParty(partyId: string, walletAddress: string | null, overrides: Partial<Party> = {}): Party {
  return {
    eventId: `party:${partyId}`,
    occurredAt: registeredAt,
    causationId: 'sample',
    partyId,
    roles: ['CPO'],
    name: null,
    walletAddress,
    paymentMode: null,
    payerPartyId: null,
    ocpiParty: null,
    country: null,
    deleted: false,
    ...overrides,
  };
}

/** An accepted token of `accountId` (null: anonymous). */
export function sampleToken(
  idTag: string,
  accountId: string | null,
  overrides: Partial<AuthorizationToken> = {},
): AuthorizationToken {
  return {
    eventId: `token:${idTag}`,
    occurredAt: registeredAt,
    causationId: 'sample',
    idTag,
    status: 'ACCEPTED',
    expiresAt: null,
    parentIdTag: null,
    mspPartyId: null,
    accountId,
    deleted: false,
    ...overrides,
  };
}
