-- Carbon avoided per region (station country; '*' where the region has no factor of its own), for a date range:
-- the region's energy x avoidedGPerKwh / 1000, truncated toward zero.
SELECT region, regionSessions AS sessions, regionEnergyWh AS energyWh,
    intDiv(regionEnergyWh * avoided, 1000) AS carbonAvoidedG
FROM (
    SELECT region, sum(sessions) AS regionSessions, sum(energyWh) AS regionEnergyWh, any(avoidedGPerKwh) AS avoided
    FROM {database}.carbon_daily
    WHERE day >= toDate({from}) AND day < toDate({to})
    GROUP BY region
)
ORDER BY region
