-- Carbon avoided by charging instead of burning fuel (docs/analytics.md, "Carbon avoided"):
--   carbonAvoidedG = energyWh x (iceEquivalentGPerKwh - gridGPerKwh) / 1000, truncated toward zero,
-- with the factors of the station's region (its country, ISO 3166-1 alpha-3), or of region '*' when the region has
-- no row. The seeded figures are PLACEHOLDERS, to be set per deployment: insert a row with a greater version.

CREATE TABLE IF NOT EXISTS {database}.grid_intensity (
    region String,
    gridGPerKwh Int32,
    iceEquivalentGPerKwh Int32,
    source String,
    version UInt64
) ENGINE = ReplacingMergeTree(version)
ORDER BY region;

INSERT INTO {database}.grid_intensity (region, gridGPerKwh, iceEquivalentGPerKwh, source, version) VALUES
    ('*', 450, 800, 'placeholder default', 1),
    ('KOR', 430, 800, 'placeholder', 1),
    ('DEU', 380, 800, 'placeholder', 1),
    ('FRA', 60, 800, 'placeholder', 1),
    ('NLD', 330, 800, 'placeholder', 1),
    ('GBR', 200, 800, 'placeholder', 1);

-- Completed sessions with their region (station country, '*' when unknown) and the factors in force.
CREATE VIEW IF NOT EXISTS {database}.session_carbon AS
SELECT sessionId, chargerId, stationId, accountId, day, country, region, energyWh, gridGPerKwh, iceEquivalentGPerKwh,
    intDiv(energyWh * (iceEquivalentGPerKwh - gridGPerKwh), 1000) AS carbonAvoidedG
FROM (
    SELECT sessionId, chargerId, stationId, accountId, day, energyWh, country,
        if(country IN (SELECT region FROM {database}.grid_intensity), country, '*') AS region
    FROM (
        SELECT sessionId, chargerId, stationId, accountId, toDate(startedTime) AS day, energyWh
        FROM {database}.sessions_final
        WHERE status = 'COMPLETED'
    ) AS completed
    ANY LEFT JOIN (SELECT stationId, country FROM {database}.stations FINAL) AS station USING stationId
) AS located
ANY LEFT JOIN (SELECT region, gridGPerKwh, iceEquivalentGPerKwh FROM {database}.grid_intensity FINAL) AS factor USING region;

CREATE VIEW IF NOT EXISTS {database}.carbon_region_day AS
SELECT region, day, count() AS sessions, sum(energyWh) AS energyWh, sum(carbonAvoidedG) AS carbonAvoidedG
FROM {database}.session_carbon
GROUP BY region, day;

-- Per fleet: the paying account of the session (charging.sessions carries no fleet id; a fleet pays through its
-- account). Accountless sessions are under ''.
CREATE VIEW IF NOT EXISTS {database}.carbon_account_day AS
SELECT accountId, day, count() AS sessions, sum(energyWh) AS energyWh, sum(carbonAvoidedG) AS carbonAvoidedG
FROM {database}.session_carbon
GROUP BY accountId, day;
