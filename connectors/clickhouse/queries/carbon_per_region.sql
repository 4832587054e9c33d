-- Carbon avoided per region (station country; '*' where the region has no factor of its own), for a date range.
SELECT region, sum(sessions) AS sessions, sum(energyWh) AS energyWh, sum(carbonAvoidedG) AS carbonAvoidedG
FROM {database}.carbon_region_day
WHERE day >= toDate({from}) AND day < toDate({to})
GROUP BY region
ORDER BY region
