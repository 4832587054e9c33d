-- Carbon avoided per fleet (the paying account of the sessions), for a date range, in grams: the energy x
-- avoidedGPerKwh of the regions the account charged in added up, then truncated toward zero.
SELECT accountId, sum(sessions) AS sessions, sum(energyWh) AS energyWh,
    intDiv(sum(carbonAvoidedMg), 1000) AS carbonAvoidedG
FROM {database}.carbon_daily
WHERE day >= toDate({from}) AND day < toDate({to})
GROUP BY accountId
ORDER BY accountId
