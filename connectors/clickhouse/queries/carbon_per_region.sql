-- Carbon avoided per region (station country; '*' where the region has no factor of its own), for a date range, in
-- grams: the energy x avoidedGPerKwh of the region's days added up, then truncated toward zero.
SELECT region, sum(sessions) AS sessions, sum(energyWh) AS energyWh,
    intDiv(sum(carbonAvoidedMg), 1000) AS carbonAvoidedG
FROM {database}.carbon_daily
WHERE day >= toDate({from}) AND day < toDate({to})
GROUP BY region
ORDER BY region
