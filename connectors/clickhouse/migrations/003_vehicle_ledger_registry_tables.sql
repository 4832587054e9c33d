-- Telematics, anchors and their leaves, chain transactions, and the stations registry (for regions).

CREATE TABLE IF NOT EXISTS {database}.telematics (
    eventId String,
    occurredAt Int64,
    causationId String,
    vehicleId String,
    fleetId Nullable(String),
    provider Nullable(String),
    positionLatitudeMicrodegrees Nullable(Int32),
    positionLongitudeMicrodegrees Nullable(Int32),
    headingDegrees Nullable(Int32),
    speedMetersPerHour Nullable(Int32),
    odometerM Nullable(Int64),
    stateOfChargePermille Nullable(Int32),
    batteryEnergyWh Nullable(Int64),
    charging Nullable(UInt8),
    ignitionOn Nullable(UInt8),
    receivedAt Int64,
    occurredTime DateTime('UTC') MATERIALIZED toDateTime(intDiv(occurredAt, 1000), 'UTC'),
    version UInt64,
    _topic String,
    _partition Int32,
    _offset Int64
) ENGINE = ReplacingMergeTree(version)
PARTITION BY toYYYYMM(occurredTime)
ORDER BY (vehicleId, occurredAt, eventId);

-- One row per batch: its latest state, sealed then anchored (version = the record's offset; one partition).
-- Small (one row per batch), so not partitioned: the sealed and anchored records may fall in different months.
CREATE TABLE IF NOT EXISTS {database}.anchors (
    eventId String,
    occurredAt Int64,
    causationId String,
    batchId String,
    merkleRoot String,
    leafCount Int64,
    ranges Nested(topic String, partition Int32, fromOffset Int64, toOffset Int64),
    chainId Int64,
    contractAddress Nullable(String),
    txHash Nullable(String),
    blockNumber Nullable(Int64),
    anchoredAt Nullable(Int64),
    version UInt64,
    _topic String,
    _partition Int32,
    _offset Int64
) ENGINE = ReplacingMergeTree(version)
ORDER BY batchId;

-- One row per leaf (an AnchorLeafChunk record gives chunk-size rows; leafIndex = firstLeafIndex + position), so a
-- proof reads one batch's leaves in order. occurredAt is the sealed batch's, the same in every chunk of the batch.
CREATE TABLE IF NOT EXISTS {database}.anchor_leaves (
    batchId String,
    leafIndex Int64,
    topic String,
    partition Int32,
    offset Int64,
    valueHash String,
    eventId String,
    occurredAt Int64,
    chunkIndex Int32,
    occurredTime DateTime('UTC') MATERIALIZED toDateTime(intDiv(occurredAt, 1000), 'UTC'),
    version UInt64,
    _topic String,
    _partition Int32,
    _offset Int64
) ENGINE = ReplacingMergeTree(version)
PARTITION BY toYYYYMM(occurredTime)
ORDER BY (batchId, leafIndex);

CREATE TABLE IF NOT EXISTS {database}.chain_transactions (
    eventId String,
    occurredAt Int64,
    causationId String,
    kind String,
    naturalKey String,
    commandTopic String,
    commandPartition Int32,
    commandOffset Int64,
    status String,
    chainId Int64,
    contractAddress String,
    txHash Nullable(String),
    blockNumber Nullable(Int64),
    gasUsed Nullable(Int64),
    reason Nullable(String),
    occurredTime DateTime('UTC') MATERIALIZED toDateTime(intDiv(occurredAt, 1000), 'UTC'),
    version UInt64,
    _topic String,
    _partition Int32,
    _offset Int64
) ENGINE = ReplacingMergeTree(version)
PARTITION BY toYYYYMM(occurredTime)
ORDER BY (kind, naturalKey, eventId);

-- registry.stations (compacted): the latest record per station (version = offset). EVSEs are left out; the region
-- of a station for carbon figures is its country.
CREATE TABLE IF NOT EXISTS {database}.stations (
    eventId String,
    occurredAt Int64,
    causationId String,
    stationId String,
    operatorCountryCode Nullable(String),
    operatorPartyId Nullable(String),
    ownerId Nullable(String),
    assetId Nullable(String),
    name Nullable(String),
    address String,
    city String,
    postalCode Nullable(String),
    country String,
    locationLatitudeMicrodegrees Int32,
    locationLongitudeMicrodegrees Int32,
    timeZone Nullable(String),
    publish UInt8,
    deleted UInt8,
    version UInt64,
    _topic String,
    _partition Int32,
    _offset Int64
) ENGINE = ReplacingMergeTree(version)
ORDER BY stationId;
