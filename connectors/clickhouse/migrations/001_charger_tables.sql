-- Charger-side records: raw frames, normalized charger events, and meter samples (one row per sampled value).
-- Conventions of every table fed from a topic (docs/analytics.md, "The model"):
--   columns are named like the Avro fields; a nested record `a` with field `b` becomes `aB` (Money: `<a>Minor`,
--   `<a>Currency`); arrays of records become Nested columns (`splits.role`, ...); enums are Strings (new symbols need
--   no ALTER); epoch-millisecond times stay Int64 exactly as in Avro, with a MATERIALIZED DateTime beside them for
--   partitioning and grouping; `version` is what ReplacingMergeTree keeps the greatest of; `_topic`, `_partition`,
--   `_offset` say where the row came from. The partition expression only reads fields that are equal in every copy of
--   a row, because ReplacingMergeTree only collapses rows within one partition.

CREATE TABLE IF NOT EXISTS {database}.raw_frames (
    eventId String,
    occurredAt Int64,
    causationId String,
    chargerId String,
    connectionId String,
    frameSeq Int64,
    protocol String,
    direction String,
    payload String,
    mqttTopic Nullable(String),
    messageTypeId Nullable(Int32),
    uniqueId Nullable(String),
    action Nullable(String),
    parseError Nullable(String),
    receivedAt Int64,
    occurredTime DateTime('UTC') MATERIALIZED toDateTime(intDiv(occurredAt, 1000), 'UTC'),
    version UInt64,
    _topic String,
    _partition Int32,
    _offset Int64
) ENGINE = ReplacingMergeTree(version)
PARTITION BY toYYYYMM(occurredTime)
ORDER BY (chargerId, occurredAt, eventId);

CREATE TABLE IF NOT EXISTS {database}.charger_events (
    eventId String,
    occurredAt Int64,
    causationId String,
    chargerId String,
    protocol String,
    receivedAt Int64,
    payloadType String,
    connectorId Nullable(Int32),
    evseId Nullable(Int32),
    transactionId Nullable(String),
    idTag Nullable(String),
    status Nullable(String),
    errorCode Nullable(String),
    info Nullable(String),
    meterStartWh Nullable(Int64),
    meterStopWh Nullable(Int64),
    reason Nullable(String),
    payload String,
    occurredTime DateTime('UTC') MATERIALIZED toDateTime(intDiv(occurredAt, 1000), 'UTC'),
    version UInt64,
    _topic String,
    _partition Int32,
    _offset Int64
) ENGINE = ReplacingMergeTree(version)
PARTITION BY toYYYYMM(occurredTime)
ORDER BY (chargerId, payloadType, occurredAt, eventId);

CREATE TABLE IF NOT EXISTS {database}.meter_samples (
    eventId String,
    sampleIndex UInt32,
    occurredAt Int64,
    chargerId String,
    connectorId Nullable(Int32),
    evseId Nullable(Int32),
    transactionId Nullable(String),
    measurand String,
    value Int64,
    unit String,
    phase Nullable(String),
    location Nullable(String),
    context Nullable(String),
    occurredTime DateTime('UTC') MATERIALIZED toDateTime(intDiv(occurredAt, 1000), 'UTC'),
    version UInt64,
    _topic String,
    _partition Int32,
    _offset Int64
) ENGINE = ReplacingMergeTree(version)
PARTITION BY toYYYYMM(occurredTime)
ORDER BY (chargerId, measurand, occurredAt, eventId, sampleIndex);
