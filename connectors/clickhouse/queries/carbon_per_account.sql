-- Carbon avoided per fleet (the paying account of the sessions), for a date range.
SELECT accountId, sum(sessions) AS sessions, sum(energyWh) AS energyWh, sum(carbonAvoidedG) AS carbonAvoidedG
FROM {database}.carbon_account_day
WHERE day >= toDate({from}) AND day < toDate({to})
GROUP BY accountId
ORDER BY accountId
