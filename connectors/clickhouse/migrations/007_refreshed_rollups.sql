-- Refreshed rollups (docs/analytics.md, "Refreshed rollups"): per-day aggregates that dashboards read instead of
-- deduplicating millions of rows with FINAL at query time, and that are exact all the same.
--
-- A rollup is never added to: each refresh recomputes whole days from the base table's latest states (argMax by
-- version over every copy of a key, so repeats and superseded states count once) and writes them as a new
-- generation, one partition per (day, generation). The `<rollup>` view shows, per day, only the newest generation
-- whose refresh completed (recorded in rollup_refreshes after its rows were written), so a refresh in progress, a
-- refresh that died half-way or an older one finishing late is never seen; superseded partitions are dropped.
--
-- Which days: the sink marks (rollup_marks) the days of every row it wrote, after ClickHouse acknowledged the rows and
-- before it commits their offsets, so a sink killed at any moment leaves the mark or re-delivers the rows. A day is
-- refreshed while its newest mark is not older than its newest completed generation (generation = the time the
-- refresh began reading). For a key whose day can move (a session's start moves back when its start arrives after
-- its stop), the rows name both days: the start's and the end's.

CREATE TABLE IF NOT EXISTS {database}.rollup_marks (
    baseTable String,
    day Date,
    -- Epoch ms at which the sink marked the day, after ClickHouse acknowledged the rows.
    markedAt UInt64
) ENGINE = ReplacingMergeTree(markedAt)
ORDER BY (baseTable, day);

CREATE TABLE IF NOT EXISTS {database}.rollup_refreshes (
    rollupName String,
    day Date,
    -- Epoch ms at which the refresh began reading: it saw every row acknowledged before.
    generation UInt64
) ENGINE = ReplacingMergeTree(generation)
ORDER BY (rollupName, day);

-- Completed sessions and their energy per charger and station per UTC day of the session's start.
CREATE TABLE IF NOT EXISTS {database}.station_sessions_daily_generations (
    day Date,
    chargerId String,
    stationId String,
    sessions UInt64,
    energyWh Int64,
    generation UInt64
) ENGINE = MergeTree
PARTITION BY (day, generation)
ORDER BY (chargerId, stationId);

CREATE VIEW IF NOT EXISTS {database}.station_sessions_daily AS
SELECT day, chargerId, stationId, sessions, energyWh
FROM {database}.station_sessions_daily_generations
WHERE (day, generation) IN (
    SELECT day, max(generation) FROM {database}.rollup_refreshes WHERE rollupName = 'station_sessions_daily' GROUP BY day
);

-- Completed sessions and their energy per paying account (a fleet pays through its account; '' without one) and
-- carbon region: the station's country when grid_intensity has factors for it, else '*' (docs/analytics.md,
-- "Carbon avoided"), as the station's record and the regions were when the day was refreshed.
CREATE TABLE IF NOT EXISTS {database}.account_sessions_daily_generations (
    day Date,
    accountId String,
    region String,
    sessions UInt64,
    energyWh Int64,
    generation UInt64
) ENGINE = MergeTree
PARTITION BY (day, generation)
ORDER BY (accountId, region);

CREATE VIEW IF NOT EXISTS {database}.account_sessions_daily AS
SELECT day, accountId, region, sessions, energyWh
FROM {database}.account_sessions_daily_generations
WHERE (day, generation) IN (
    SELECT day, max(generation) FROM {database}.rollup_refreshes WHERE rollupName = 'account_sessions_daily' GROUP BY day
);

-- Revenue per party (CPO, MSP, PLATFORM, INVESTOR) and currency per UTC day of the session's start, from the latest
-- settlement revision of every session.
CREATE TABLE IF NOT EXISTS {database}.revenue_party_daily_generations (
    day Date,
    role String,
    partyId String,
    currency String,
    amountMinor Int64,
    settlements UInt64,
    generation UInt64
) ENGINE = MergeTree
PARTITION BY (day, generation)
ORDER BY (role, partyId, currency);

CREATE VIEW IF NOT EXISTS {database}.revenue_party_daily AS
SELECT day, role, partyId, currency, amountMinor, settlements
FROM {database}.revenue_party_daily_generations
WHERE (day, generation) IN (
    SELECT day, max(generation) FROM {database}.rollup_refreshes WHERE rollupName = 'revenue_party_daily' GROUP BY day
);

-- Operating revenue and investor pool per asset and currency per day (the station's local date, as
-- billing.asset-revenue counts it), and the sessions it came from.
CREATE TABLE IF NOT EXISTS {database}.revenue_asset_daily_generations (
    day Date,
    assetId String,
    currency String,
    chargedMinor Int64,
    investorPoolMinor Int64,
    sessions UInt64,
    generation UInt64
) ENGINE = MergeTree
PARTITION BY (day, generation)
ORDER BY (assetId, currency);

CREATE VIEW IF NOT EXISTS {database}.revenue_asset_daily AS
SELECT day, assetId, currency, chargedMinor, investorPoolMinor, sessions
FROM {database}.revenue_asset_daily_generations
WHERE (day, generation) IN (
    SELECT day, max(generation) FROM {database}.rollup_refreshes WHERE rollupName = 'revenue_asset_daily' GROUP BY day
);

-- VZP granted per account per UTC day, in the smallest unit (1 VZP = 1 000 000).
CREATE TABLE IF NOT EXISTS {database}.vzp_account_daily_generations (
    day Date,
    recipientId String,
    amount Int64,
    rewards UInt64,
    generation UInt64
) ENGINE = MergeTree
PARTITION BY (day, generation)
ORDER BY recipientId;

CREATE VIEW IF NOT EXISTS {database}.vzp_account_daily AS
SELECT day, recipientId, amount, rewards
FROM {database}.vzp_account_daily_generations
WHERE (day, generation) IN (
    SELECT day, max(generation) FROM {database}.rollup_refreshes WHERE rollupName = 'vzp_account_daily' GROUP BY day
);

-- The carbon factors in force per region (docs/analytics.md, "Carbon avoided"), avoidedGPerKwh = iceEquivalentGPerKwh -
-- gridGPerKwh.
CREATE VIEW IF NOT EXISTS {database}.carbon_factors AS
SELECT region, gridGPerKwh, iceEquivalentGPerKwh, iceEquivalentGPerKwh - gridGPerKwh AS avoidedGPerKwh
FROM {database}.grid_intensity FINAL;

-- Carbon avoided per day, account and region in milligrams (energyWh x avoidedGPerKwh), with the factors in force
-- when it is read: a changed factor applies to every day at once. Queries add the milligrams of an answer's row and
-- truncate once, to grams (intDiv(sum(carbonAvoidedMg), 1000)), instead of once per session.
CREATE VIEW IF NOT EXISTS {database}.carbon_daily AS
SELECT day, accountId, region, sessions, energyWh, energyWh * avoidedGPerKwh AS carbonAvoidedMg
FROM {database}.account_sessions_daily AS energy
ANY LEFT JOIN {database}.carbon_factors AS factor USING region;

-- Status intervals without FINAL: a status change delivered twice is two identical entries next to each other in a
-- connector's sorted changes, and the first of them lasts 0 ms, so repeats cannot change a duration. FINAL made this
-- view read charger_events on one thread.
DROP TABLE IF EXISTS {database}.status_intervals;

CREATE VIEW IF NOT EXISTS {database}.status_intervals AS
SELECT chargerId, evse AS evseId, connector AS connectorId,
    tupleElement(change, 1) AS startedAt, tupleElement(change, 2) AS status, endedAt
FROM (
    SELECT chargerId, evse, connector, arraySort(groupArray((occurredAt, status))) AS changes
    FROM (
        SELECT chargerId, ifNull(evseId, 0) AS evse, ifNull(connectorId, 0) AS connector, occurredAt,
            ifNull(status, 'UNKNOWN') AS status
        FROM {database}.charger_events
        WHERE payloadType = 'StatusChanged'
    )
    GROUP BY chargerId, evse, connector
)
ARRAY JOIN
    changes AS change,
    arrayPushBack(arrayPopFront(arrayMap(c -> tupleElement(c, 1), changes)), NULL) AS endedAt;
