-- account_sessions_daily added up per calendar month, for the months being refreshed ({days} holds their first days).
-- Read from the daily generations table with the daily view's own filter (18.16 does not push a WHERE into a view).
INSERT INTO {database}.account_sessions_monthly_generations (month, accountId, region, sessions, energyWh, generation)
SELECT toStartOfMonth(day) AS month, accountId, region, sum(sessions), sum(energyWh), {generation}
FROM {database}.account_sessions_daily_generations
WHERE day >= toDate({daysStart}) AND has({days}, toString(toStartOfMonth(day)))
    AND (day, generation) IN (
        SELECT day, max(generation) FROM {database}.rollup_refreshes
        WHERE rollupName = 'account_sessions_daily' GROUP BY day
    )
GROUP BY month, accountId, region
