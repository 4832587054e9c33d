-- Completed sessions and their energy per paying account and carbon region per calendar month: account_sessions_daily
-- added up, so a report over whole months reads one row per account and region instead of one per day (at 50,000
-- accounts charging daily, 1.3 million rows a month). Refreshed like the daily rollups (007), after them in the same
-- round: a refreshed day of account_sessions_daily marks its month (rollup_marks, baseTable 'account_sessions_daily',
-- day = the month's first day).
CREATE TABLE IF NOT EXISTS {database}.account_sessions_monthly_generations (
    month Date,
    accountId String,
    region String,
    sessions UInt64,
    energyWh Int64,
    generation UInt64
) ENGINE = MergeTree
PARTITION BY (month, generation)
ORDER BY (accountId, region);

CREATE VIEW IF NOT EXISTS {database}.account_sessions_monthly AS
SELECT month, accountId, region, sessions, energyWh
FROM {database}.account_sessions_monthly_generations
WHERE (month, generation) IN (
    SELECT day, max(generation) FROM {database}.rollup_refreshes WHERE rollupName = 'account_sessions_monthly' GROUP BY day
);

-- carbon_daily's monthly counterpart: the factors in force joined to the month's energy per account and region.
CREATE VIEW IF NOT EXISTS {database}.carbon_monthly AS
SELECT month, accountId, region, sessions, energyWh, energyWh * avoidedGPerKwh AS carbonAvoidedMg
FROM {database}.account_sessions_monthly AS energy
ANY LEFT JOIN {database}.carbon_factors AS factor USING region;
