-- Completed sessions and their energy per charging station per day (UTC day of the session start), for a date range.
SELECT day, chargerId, stationId, sessions, energyWh
FROM {database}.station_sessions_day
WHERE day >= toDate({from}) AND day < toDate({to})
ORDER BY day, chargerId, stationId
