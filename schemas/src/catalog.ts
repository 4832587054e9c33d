import type { TopicSpec } from './topic-spec.ts';

/**
 * Every topic of the platform: the only place a topic name is written (DESIGN.md, Event rules). Value schemas live in
 * `schemas/avro/<area>/<Name>.avsc`; keys are the UTF-8 string value of `key.field`, a top-level string field of the value.
 *
 * Policy behind the numbers:
 * - partitions: 6 where the key is a charger, vehicle, account or session (high volume, scaled by partitions; topics
 *   with the same key and count are co-partitioned), 3 for registry and other low-volume topics, 1 for ledger.anchors
 *   (batches are totally ordered).
 * - anchored topics are never compacted: an anchor proves (topic, partition, offset, value hash), and compaction would
 *   delete records that a proof must be able to show. Settled and proven facts (raw frames, charger events, payments,
 *   sessions, settlements, rewards, CDRs) are anchored; commands, telematics and registry state are not, and neither are
 *   the anchors themselves.
 * - retention: money (payments, sessions, settlements, rewards, CDRs) and anchors are kept forever, so everything
 *   downstream can be rebuilt by replay; charger and vehicle inputs 365 days (their roots stay on chain); commands 30.
 * - registry.* are compacted, keyed by entity id: the latest state of each entity, forever. Producers never write
 *   tombstones; removal is the record's `deleted` flag, so the last state stays readable.
 */
export const topics = {
  chargerFramesRaw: {
    name: 'charger.frames.raw',
    valueSchema: 'vz.charger.RawFrame',
    key: { field: 'chargerId', doc: 'Charging station identity: all frames of a charger, both directions, in order.' },
    partitions: 6,
    cleanupPolicy: 'delete',
    retention: { days: 365 },
    anchored: true,
    doc: 'Every OCPP 1.6J / 2.0.1 and MQTT frame exchanged with chargers, verbatim, for audit and anchoring.',
  },
  chargerEvents: {
    name: 'charger.events',
    valueSchema: 'vz.charger.ChargerEvent',
    key: { field: 'chargerId', doc: 'Charging station identity; co-partitioned with charger.frames.raw.' },
    partitions: 6,
    cleanupPolicy: 'delete',
    retention: { days: 365 },
    anchored: true,
    doc: 'Normalized charger events (boot, status, authorization, transaction start / meter sample / end, fault, heartbeat).',
  },
  chargerCommands: {
    name: 'charger.commands',
    valueSchema: 'vz.charger.ChargerCommand',
    key: {
      field: 'chargerId',
      doc: 'Target charging station identity, so the connector holding its connection gets it.',
    },
    partitions: 6,
    cleanupPolicy: 'delete',
    retention: { days: 30 },
    anchored: false,
    doc: 'Commands for chargers (remote start/stop, reset, unlock, availability, charging profile). What was actually sent is anchored in charger.frames.raw.',
  },
  chargerCommandResults: {
    name: 'charger.command-results',
    valueSchema: 'vz.charger.ChargerCommandResult',
    key: { field: 'chargerId', doc: 'Charging station identity; co-partitioned with charger.commands.' },
    partitions: 6,
    cleanupPolicy: 'delete',
    retention: { days: 30 },
    anchored: false,
    doc: 'Exactly one outcome per command: accepted, rejected, timeout or error, with the reason.',
  },
  vehicleTelematics: {
    name: 'vehicle.telematics',
    valueSchema: 'vz.vehicle.TelematicsSample',
    key: { field: 'vehicleId', doc: 'Platform vehicle id: samples of a vehicle in order.' },
    partitions: 6,
    cleanupPolicy: 'delete',
    retention: { days: 365 },
    anchored: false,
    doc: 'Telematics samples from fleets and OEM APIs (position, odometer, state of charge, battery energy, speed).',
  },
  vehicleTrips: {
    name: 'vehicle.trips',
    valueSchema: 'vz.vehicle.Trip',
    key: { field: 'vehicleId', doc: 'Platform vehicle id; co-partitioned with vehicle.telematics.' },
    partitions: 6,
    cleanupPolicy: 'delete',
    retention: { days: 730 },
    anchored: false,
    doc: 'Completed trips, reported by fleets or derived from telematics; two years for fleet and partner reporting.',
  },
  paymentEvents: {
    name: 'payment.events',
    valueSchema: 'vz.payment.PaymentEvent',
    key: { field: 'accountId', doc: 'Account whose funds moved: movements of an account in order.' },
    partitions: 6,
    cleanupPolicy: 'delete',
    retention: 'forever',
    anchored: true,
    doc: 'Prepaid funds: top-ups and escrow lock / settle / refund, from the chain and the payment API.',
  },
  registryStations: {
    name: 'registry.stations',
    valueSchema: 'vz.registry.Station',
    key: { field: 'stationId', doc: 'Station id; the latest record per id is the station.' },
    partitions: 3,
    cleanupPolicy: 'compact',
    retention: 'forever',
    anchored: false,
    doc: 'Charging stations with location, EVSEs and connectors (OCPI Location shape); mirrored on chain.',
  },
  registryTariffs: {
    name: 'registry.tariffs',
    valueSchema: 'vz.registry.Tariff',
    key: { field: 'tariffId', doc: 'Tariff id; each record is a version of that tariff.' },
    partitions: 3,
    cleanupPolicy: 'delete',
    retention: 'forever',
    anchored: false,
    doc: 'Tariff versions: price components in minor units per kWh, minute or session, one currency each, with OCPI-style restrictions. Not compacted: every version is kept, because a session is priced with the version in force at its start, on replay too.',
  },
  registryAssets: {
    name: 'registry.assets',
    valueSchema: 'vz.registry.ChargingAsset',
    key: { field: 'assetId', doc: 'Asset id; the latest record per id is the asset.' },
    partitions: 3,
    cleanupPolicy: 'compact',
    retention: 'forever',
    anchored: false,
    doc: 'Charging assets (STO / RWA) with investor shares in basis points summing to 10000; mirrored from the asset register on chain.',
  },
  registryConsents: {
    name: 'registry.consents',
    valueSchema: 'vz.registry.Consent',
    key: { field: 'consentId', doc: 'Consent id; the latest record per id is the consent.' },
    partitions: 3,
    cleanupPolicy: 'compact',
    retention: 'forever',
    anchored: false,
    doc: 'Data-sharing consents (subject, partner, scopes, validity, revocation) that gate partner feeds; mirrored on chain.',
  },
  registryTokens: {
    name: 'registry.tokens',
    valueSchema: 'vz.registry.AuthorizationToken',
    key: { field: 'idTag', doc: 'The token identifier; the latest record per idTag is its state.' },
    partitions: 3,
    cleanupPolicy: 'compact',
    retention: 'forever',
    anchored: false,
    doc: 'Tokens drivers charge with and whether they may (accepted, blocked, expired); the OCPP central system answers Authorize from it.',
  },
  roamingSessions: {
    name: 'roaming.sessions',
    valueSchema: 'vz.roaming.RoamingSession',
    key: { field: 'sessionId', doc: '`<country_code>*<party_id>*<Session.id>` of the CPO.' },
    partitions: 3,
    cleanupPolicy: 'delete',
    retention: { days: 365 },
    anchored: false,
    doc: 'OCPI 2.2.1 Sessions exchanged with roaming partners, one record per version; the billable record is the CDR.',
  },
  roamingCdrs: {
    name: 'roaming.cdrs',
    valueSchema: 'vz.roaming.RoamingCdr',
    key: { field: 'cdrId', doc: '`<country_code>*<party_id>*<CDR.id>` of the CPO.' },
    partitions: 3,
    cleanupPolicy: 'delete',
    retention: 'forever',
    anchored: true,
    doc: 'OCPI 2.2.1 CDRs: what roaming partners bill each other, so anchored and kept like other money records.',
  },
  chargingSessions: {
    name: 'charging.sessions',
    valueSchema: 'vz.charging.ChargingSession',
    key: { field: 'sessionId', doc: '`<chargerId>:<transactionId>`: all states of a session in order.' },
    partitions: 6,
    cleanupPolicy: 'delete',
    retention: 'forever',
    anchored: true,
    doc: 'Charging sessions derived from charger events, one record per change; the final one is settled. Not compacted: it is anchored, and proofs need every anchored offset.',
  },
  chargingSessionsLatest: {
    name: 'charging.sessions.latest',
    valueSchema: 'vz.charging.ChargingSession',
    key: { field: 'sessionId', doc: 'One record per session survives compaction: its latest state.' },
    partitions: 6,
    cleanupPolicy: 'compact',
    retention: 'forever',
    anchored: false,
    doc: 'The latest state of every charging session (compacted), written by streams/sessions in the same transaction as charging.sessions. Not anchored: every record here is also on charging.sessions, which is.',
  },
  billingSettlements: {
    name: 'billing.settlements',
    valueSchema: 'vz.billing.Settlement',
    key: { field: 'sessionId', doc: 'The settled session; co-partitioned with charging.sessions.' },
    partitions: 6,
    cleanupPolicy: 'delete',
    retention: 'forever',
    anchored: true,
    doc: 'One settlement per finished session: total and splits to CPO, MSP, platform and investors, always adding up.',
  },
  rewardsVzp: {
    name: 'rewards.vzp',
    valueSchema: 'vz.rewards.VzpReward',
    key: { field: 'recipientId', doc: 'Account rewarded: rewards of a recipient in order.' },
    partitions: 3,
    cleanupPolicy: 'delete',
    retention: 'forever',
    anchored: true,
    doc: 'VZP rewards (6 decimals, smallest unit as long), minted on chain once per eventId.',
  },
  ledgerAnchors: {
    name: 'ledger.anchors',
    valueSchema: 'vz.ledger.AnchorBatch',
    key: { field: 'batchId', doc: 'Batch sequence number; one partition keeps batches totally ordered.' },
    partitions: 1,
    cleanupPolicy: 'delete',
    retention: 'forever',
    anchored: false,
    doc: 'Anchor batches: Merkle root, leaf count and offset ranges, sealed then anchored on chain. Not anchored itself.',
  },
} as const satisfies Record<string, TopicSpec>;

/** Value schema of every `<application>-dlq` topic (DESIGN.md, Event rules); those topics are internal, not in `topics`. */
export const deadLetterSchema = 'vz.platform.DeadLetter';
