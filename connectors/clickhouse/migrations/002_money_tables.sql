-- Sessions, settlements (splits and lines as Nested columns), asset revenue, VZP rewards and payment events.

-- One row per session: its latest state (version = the record's Kafka offset; a session's records share one
-- partition of charging.sessions, so a later state always has a greater offset).
CREATE TABLE IF NOT EXISTS {database}.charging_sessions (
    eventId String,
    occurredAt Int64,
    causationId String,
    sessionId String,
    chargerId String,
    stationId Nullable(String),
    connectorId Nullable(Int32),
    evseId Nullable(Int32),
    transactionId String,
    idTag Nullable(String),
    accountId Nullable(String),
    escrowId Nullable(String),
    status String,
    startedAt Int64,
    endedAt Nullable(Int64),
    meterStartWh Nullable(Int64),
    meterStopWh Nullable(Int64),
    energyWh Int64,
    stopReason Nullable(String),
    tariffId Nullable(String),
    costMinor Nullable(Int64),
    costCurrency Nullable(String),
    groupIdTag Nullable(String),
    protocol Nullable(String),
    peakPowerW Nullable(Int64),
    chargingEndedAt Nullable(Int64),
    idleMs Nullable(Int64),
    flags Array(String),
    startedTime DateTime('UTC') MATERIALIZED toDateTime(intDiv(startedAt, 1000), 'UTC'),
    version UInt64,
    _topic String,
    _partition Int32,
    _offset Int64
) ENGINE = ReplacingMergeTree(version)
PARTITION BY toYYYYMM(startedTime)
ORDER BY sessionId;

-- One row per session: its latest settlement revision (version = revision).
CREATE TABLE IF NOT EXISTS {database}.settlements (
    eventId String,
    occurredAt Int64,
    causationId String,
    sessionId String,
    chargerId String,
    stationId Nullable(String),
    assetId Nullable(String),
    tariffId Nullable(String),
    accountId Nullable(String),
    escrowId Nullable(String),
    energyWh Int64,
    totalMinor Int64,
    totalCurrency String,
    splits Nested(
        role String,
        partyId String,
        walletAddress Nullable(String),
        amountMinor Int64,
        amountCurrency String,
        basisPoints Int32
    ),
    revision Int32,
    lines Nested(
        kind String,
        quantity Int64,
        priceMinor Int64,
        amountMinor Int64,
        vatBasisPoints Int32,
        vatMinor Int64
    ),
    subtotalMinor Nullable(Int64),
    subtotalCurrency Nullable(String),
    vatMinor Nullable(Int64),
    vatCurrency Nullable(String),
    chargedMinor Nullable(Int64),
    chargedCurrency Nullable(String),
    escrowLockedMinor Nullable(Int64),
    escrowLockedCurrency Nullable(String),
    escrowRefundMinor Nullable(Int64),
    escrowRefundCurrency Nullable(String),
    shortfallMinor Nullable(Int64),
    shortfallCurrency Nullable(String),
    flags Array(String),
    startedAt Nullable(Int64),
    idTag Nullable(String),
    stationTimeZone Nullable(String),
    sharedPrivateCharger UInt8,
    -- Revisions of a session may be settled in different months; its start is the same in all of them.
    dayTime DateTime('UTC') MATERIALIZED toDateTime(intDiv(ifNull(startedAt, occurredAt), 1000), 'UTC'),
    version UInt64,
    _topic String,
    _partition Int32,
    _offset Int64
) ENGINE = ReplacingMergeTree(version)
PARTITION BY toYYYYMM(dayTime)
ORDER BY sessionId;

CREATE TABLE IF NOT EXISTS {database}.asset_revenue (
    eventId String,
    occurredAt Int64,
    causationId String,
    assetId String,
    sessionId String,
    day Date,
    currency String,
    charged Int64,
    investorPool Int64,
    dayCharged Int64,
    dayInvestorPool Int64,
    totalCharged Int64,
    totalInvestorPool Int64,
    sessions Int64,
    version UInt64,
    _topic String,
    _partition Int32,
    _offset Int64
) ENGINE = ReplacingMergeTree(version)
PARTITION BY toYYYYMM(day)
ORDER BY (assetId, day, eventId);

CREATE TABLE IF NOT EXISTS {database}.vzp_rewards (
    eventId String,
    occurredAt Int64,
    causationId String,
    recipientId String,
    recipientAddress Nullable(String),
    amount Int64,
    decimals Int32,
    reason String,
    sessionId Nullable(String),
    energyWh Nullable(Int64),
    ruleId Nullable(String),
    steps Nested(name String, amount Int64, detail String),
    occurredTime DateTime('UTC') MATERIALIZED toDateTime(intDiv(occurredAt, 1000), 'UTC'),
    version UInt64,
    _topic String,
    _partition Int32,
    _offset Int64
) ENGINE = ReplacingMergeTree(version)
PARTITION BY toYYYYMM(occurredTime)
ORDER BY (recipientId, occurredAt, eventId);

-- Envelope plus the payload branch (payloadType: TopUp, EscrowLocked, EscrowSettled, EscrowRefunded) flattened; a
-- field a branch does not have is NULL.
CREATE TABLE IF NOT EXISTS {database}.payment_events (
    eventId String,
    occurredAt Int64,
    causationId String,
    accountId String,
    walletAddress Nullable(String),
    chainId Nullable(Int64),
    txHash Nullable(String),
    blockNumber Nullable(Int64),
    logIndex Nullable(Int32),
    payloadType String,
    escrowId Nullable(String),
    sessionId Nullable(String),
    chargerId Nullable(String),
    idTag Nullable(String),
    settlementId Nullable(String),
    amountMinor Nullable(Int64),
    amountCurrency Nullable(String),
    balanceAfterMinor Nullable(Int64),
    balanceAfterCurrency Nullable(String),
    paymentReference Nullable(String),
    expiresAt Nullable(Int64),
    lockedAmountMinor Nullable(Int64),
    lockedAmountCurrency Nullable(String),
    chargedAmountMinor Nullable(Int64),
    chargedAmountCurrency Nullable(String),
    refundedAmountMinor Nullable(Int64),
    refundedAmountCurrency Nullable(String),
    reason Nullable(String),
    occurredTime DateTime('UTC') MATERIALIZED toDateTime(intDiv(occurredAt, 1000), 'UTC'),
    version UInt64,
    _topic String,
    _partition Int32,
    _offset Int64
) ENGINE = ReplacingMergeTree(version)
PARTITION BY toYYYYMM(occurredTime)
ORDER BY (accountId, occurredAt, eventId);
