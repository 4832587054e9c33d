-- Completed sessions and their energy per charging station per day (UTC day of the session start), for a date range.
-- (What station_sessions_day answers, with the range applied inside FINAL: a session's start is the same in all its
-- versions, and 18.16 does not push a WHERE into a view.)
SELECT day, chargerId, stationId, count() AS sessions, sum(energyWh) AS energyWh
FROM (
    SELECT toDate(startedTime) AS day, chargerId, ifNull(stationId, '') AS stationId, status, energyWh
    FROM {database}.charging_sessions FINAL
    WHERE toDate(startedTime) >= toDate({from}) AND toDate(startedTime) < toDate({to})
)
WHERE status = 'COMPLETED'
GROUP BY day, chargerId, stationId
ORDER BY day, chargerId, stationId
