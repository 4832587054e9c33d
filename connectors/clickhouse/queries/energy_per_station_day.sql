-- Completed sessions and their energy per charging station per day (UTC day of the session start), for a date range.
-- (From the refreshed rollup station_sessions_daily; station_sessions_day answers the same from FINAL, slower.)
SELECT day, chargerId, stationId, sessions, energyWh
FROM {database}.station_sessions_daily
WHERE day >= toDate({from}) AND day < toDate({to})
ORDER BY day, chargerId, stationId
