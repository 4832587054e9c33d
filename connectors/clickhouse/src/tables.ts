import type { topics } from '@vz/schemas';

/**
 * Which table holds which topic, and how (docs/analytics.md, "Tables"): the contract between the migrations and the
 * sink. `version` is what the sink writes into the table's `version` column: the record's Kafka offset, or the
 * settlement's `revision`.
 */
export interface ModelTable {
  topic: keyof typeof topics;
  /** `record`: one row per record, columns by `avroColumns`. Otherwise what one row is, and the record gives several. */
  rowPer: 'record' | 'sampled value' | 'leaf';
  /** The record's payload is a union of records: the table has `payloadType` and picks the payload's fields. */
  payloadUnion?: true;
  version: 'offset' | 'revision';
  /** Avro fields the table leaves out. */
  omitted?: readonly string[];
  /** Columns typed other than the rule says, and why. */
  retyped?: Readonly<Record<string, string>>;
}

export const modelTables = {
  raw_frames: { topic: 'chargerFramesRaw', rowPer: 'record', version: 'offset' },
  charger_events: { topic: 'chargerEvents', rowPer: 'record', payloadUnion: true, version: 'offset' },
  meter_samples: { topic: 'chargerEvents', rowPer: 'sampled value', version: 'offset' },
  charging_sessions: { topic: 'chargingSessions', rowPer: 'record', version: 'offset' },
  settlements: { topic: 'billingSettlements', rowPer: 'record', version: 'revision' },
  // `day` is a 'YYYY-MM-DD' string in Avro; as a Date it partitions and compares as one.
  asset_revenue: { topic: 'billingAssetRevenue', rowPer: 'record', version: 'offset', retyped: { day: 'Date' } },
  vzp_rewards: { topic: 'rewardsVzp', rowPer: 'record', version: 'offset' },
  payment_events: { topic: 'paymentEvents', rowPer: 'record', payloadUnion: true, version: 'offset' },
  telematics: { topic: 'vehicleTelematics', rowPer: 'record', version: 'offset' },
  anchors: { topic: 'ledgerAnchors', rowPer: 'record', version: 'offset' },
  anchor_leaves: { topic: 'ledgerAnchorLeaves', rowPer: 'leaf', version: 'offset' },
  chain_transactions: { topic: 'chainTransactions', rowPer: 'record', version: 'offset' },
  stations: { topic: 'registryStations', rowPer: 'record', version: 'offset', omitted: ['evses'] },
} as const satisfies Record<string, ModelTable>;

export type ModelTableName = keyof typeof modelTables;

/** The columns every topic-fed table ends with. */
export const provenanceColumns = new Map([
  ['version', 'UInt64'],
  ['_topic', 'String'],
  ['_partition', 'Int32'],
  ['_offset', 'Int64'],
]);
