-- Rollups. Why they are built the way they are (docs/analytics.md, "Rollups and exactly-once in effect"):
-- a base table can hold a row more than once (a re-delivered batch) and superseded states (a session's earlier
-- records, a settlement's earlier revision) until ClickHouse merges its parts, which it may never do. A materialized
-- view sees every inserted block before any of that is collapsed, so a view that SUMs would count a re-delivered
-- batch twice. Hence:
--  - materialized views only where the aggregate is insensitive to repeats: min / max of a meter register
--    (AggregatingMergeTree). Inserting the same samples again changes nothing;
--  - everything that sums is a plain view over the deduplicated table (FINAL: the row with the greatest version per
--    key), exact by construction. Filters that could split a key's versions are applied after FINAL, never inside
--    it, and never as PREWHERE (18.16 applies PREWHERE before FINAL and would return a superseded row).

-- Meter registers per charger, transaction and hour: the lowest and highest Energy.Active.Import.Register (Wh)
-- reading. Samples outside a transaction are left out (they would count the same energy twice).
CREATE TABLE IF NOT EXISTS {database}.meter_energy_hour (
    chargerId String,
    transactionKey String,
    hour DateTime('UTC'),
    registerMinWh AggregateFunction(min, Int64),
    registerMaxWh AggregateFunction(max, Int64)
) ENGINE = AggregatingMergeTree
PARTITION BY toYYYYMM(hour)
ORDER BY (chargerId, hour, transactionKey);

CREATE MATERIALIZED VIEW IF NOT EXISTS {database}.meter_energy_hour_mv TO {database}.meter_energy_hour AS
SELECT
    chargerId,
    assumeNotNull(transactionId) AS transactionKey,
    toStartOfHour(toDateTime(intDiv(occurredAt, 1000), 'UTC')) AS hour,
    minState(value) AS registerMinWh,
    maxState(value) AS registerMaxWh
FROM {database}.meter_samples
WHERE measurand = 'ENERGY_ACTIVE_IMPORT_REGISTER' AND unit = 'WH' AND isNotNull(transactionId)
GROUP BY chargerId, transactionKey, hour;

-- Metered energy per charger and hour: per transaction, the register increase in each hour (its highest reading
-- minus the highest reading of the transaction's previous hour with samples; in its first hour, minus the lowest),
-- never negative; then summed over the charger's transactions.
CREATE VIEW IF NOT EXISTS {database}.station_energy_hour AS
SELECT chargerId, hourOf AS hour, sum(deltaWh) AS energyWh
FROM (
    SELECT chargerId, transactionKey, arraySort(groupArray((hour, registerMin, registerMax))) AS hours
    FROM (
        SELECT chargerId, transactionKey, hour,
            minMerge(registerMinWh) AS registerMin,
            maxMerge(registerMaxWh) AS registerMax
        FROM {database}.meter_energy_hour
        GROUP BY chargerId, transactionKey, hour
    )
    GROUP BY chargerId, transactionKey
)
ARRAY JOIN
    arrayMap(h -> tupleElement(h, 1), hours) AS hourOf,
    arrayMap(i -> greatest(toInt64(0), tupleElement(hours[i], 3) - if(i = 1, tupleElement(hours[1], 2), tupleElement(hours[i - 1], 3))), arrayEnumerate(hours)) AS deltaWh
GROUP BY chargerId, hour;

CREATE VIEW IF NOT EXISTS {database}.station_energy_day AS
SELECT chargerId, toDate(hour) AS day, sum(energyWh) AS energyWh
FROM {database}.station_energy_hour
GROUP BY chargerId, day;

-- The latest state of every session.
CREATE VIEW IF NOT EXISTS {database}.sessions_final AS
SELECT
    sessionId, chargerId, ifNull(stationId, '') AS stationId, ifNull(accountId, '') AS accountId, status,
    startedAt, endedAt, energyWh, costMinor, costCurrency, flags,
    toDateTime(intDiv(startedAt, 1000), 'UTC') AS startedTime
FROM {database}.charging_sessions FINAL;

-- Completed sessions and their energy per charger per hour / day of their start (UTC).
CREATE VIEW IF NOT EXISTS {database}.station_sessions_hour AS
SELECT chargerId, stationId, toStartOfHour(startedTime) AS hour, count() AS sessions, sum(energyWh) AS energyWh
FROM {database}.sessions_final
WHERE status = 'COMPLETED'
GROUP BY chargerId, stationId, hour;

CREATE VIEW IF NOT EXISTS {database}.station_sessions_day AS
SELECT chargerId, stationId, toDate(hour) AS day, sum(sessions) AS sessions, sum(energyWh) AS energyWh
FROM {database}.station_sessions_hour
GROUP BY chargerId, stationId, day;

-- Revenue per party (CPO, MSP, PLATFORM, INVESTOR) per day of the session's start (UTC), from the latest settlement
-- revision of every session: the splits, which add up to what was charged.
CREATE VIEW IF NOT EXISTS {database}.revenue_party_day AS
SELECT day, role, partyId, currency, sum(splitMinor) AS amountMinor, count() AS settlements
FROM (
    SELECT toDate(dayTime) AS day, splits.role AS roles, splits.partyId AS partyIds,
        splits.amountCurrency AS currencies, splits.amountMinor AS amounts
    FROM {database}.settlements FINAL
)
ARRAY JOIN roles AS role, partyIds AS partyId, currencies AS currency, amounts AS splitMinor
GROUP BY day, role, partyId, currency;

-- Operating revenue per asset per day (the day billing.asset-revenue counts it for: the station's local date).
CREATE VIEW IF NOT EXISTS {database}.revenue_asset_day AS
SELECT assetId, day, currency, sum(charged) AS chargedMinor, sum(investorPool) AS investorPoolMinor,
    uniqExact(sessionId) AS sessions
FROM {database}.asset_revenue FINAL
GROUP BY assetId, day, currency;

-- VZP granted per account per day (UTC); amount in the smallest unit (1 VZP = 1 000 000).
CREATE VIEW IF NOT EXISTS {database}.vzp_account_day AS
SELECT recipientId, toDate(occurredTime) AS day, sum(amount) AS amount, count() AS rewards
FROM {database}.vzp_rewards FINAL
GROUP BY recipientId, day;

-- Status intervals per connector, from StatusChanged events: each status lasts until the next change of the same
-- connector (evseId 0 for OCPP 1.6J and MQTT); endedAt is NULL for the current status.
CREATE VIEW IF NOT EXISTS {database}.status_intervals AS
SELECT chargerId, evse AS evseId, connector AS connectorId,
    tupleElement(change, 1) AS startedAt, tupleElement(change, 2) AS status, endedAt
FROM (
    SELECT chargerId, evse, connector, arraySort(groupArray((occurredAt, status))) AS changes
    FROM (
        SELECT chargerId, ifNull(evseId, 0) AS evse, ifNull(connectorId, 0) AS connector, occurredAt,
            ifNull(status, 'UNKNOWN') AS status
        FROM (
            SELECT chargerId, evseId, connectorId, occurredAt, status
            FROM {database}.charger_events FINAL
            WHERE payloadType = 'StatusChanged'
        )
    )
    GROUP BY chargerId, evse, connector
)
ARRAY JOIN
    changes AS change,
    arrayPushBack(arrayPopFront(arrayMap(c -> tupleElement(c, 1), changes)), NULL) AS endedAt;
