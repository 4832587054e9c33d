-- The charging stations that delivered the most energy in a date range.
SELECT chargerId, stationId, sum(sessions) AS sessions, sum(energyWh) AS energyWh
FROM {database}.station_sessions_daily
WHERE day >= toDate({from}) AND day < toDate({to})
GROUP BY chargerId, stationId
ORDER BY energyWh DESC, chargerId
LIMIT {limit}
