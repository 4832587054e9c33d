-- Carbon avoided per fleet (the paying account of the sessions), for a date range: per region the account charged
-- in, the region's energy x avoidedGPerKwh / 1000 truncated toward zero, then added up.
SELECT accountId, sum(regionSessions) AS sessions, sum(regionEnergyWh) AS energyWh,
    sum(intDiv(regionEnergyWh * avoided, 1000)) AS carbonAvoidedG
FROM (
    SELECT accountId, region, sum(sessions) AS regionSessions, sum(energyWh) AS regionEnergyWh,
        any(avoidedGPerKwh) AS avoided
    FROM {database}.carbon_daily
    WHERE day >= toDate({from}) AND day < toDate({to})
    GROUP BY accountId, region
)
GROUP BY accountId
ORDER BY accountId
