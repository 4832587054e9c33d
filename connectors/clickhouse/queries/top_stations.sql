-- The charging stations that delivered the most energy in a date range.
-- (From the sessions' latest states with the range applied inside FINAL, as energy_per_station_day.)
SELECT chargerId, stationId, count() AS sessions, sum(energyWh) AS energyWh
FROM (
    SELECT chargerId, ifNull(stationId, '') AS stationId, status, energyWh
    FROM {database}.charging_sessions FINAL
    WHERE toDate(startedTime) >= toDate({from}) AND toDate(startedTime) < toDate({to})
)
WHERE status = 'COMPLETED'
GROUP BY chargerId, stationId
ORDER BY energyWh DESC, chargerId
LIMIT {limit}
