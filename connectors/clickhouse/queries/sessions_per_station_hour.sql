-- Completed sessions and their energy of one charging station per hour of the session start (UTC), for a time range.
-- (A session id is '<chargerId>:<transactionId>' and leads charging_sessions' key, so the station's sessions are one
-- range of the key; each session counts with its latest state, by argMax of version.)
SELECT latestHour AS hour, count() AS sessions, sum(latestEnergyWh) AS energyWh
FROM (
    SELECT sessionId,
        argMax(toStartOfHour(startedTime), version) AS latestHour,
        argMax(status, version) AS latestStatus,
        argMax(energyWh, version) AS latestEnergyWh
    FROM {database}.charging_sessions
    WHERE sessionId > concat({chargerId}, ':') AND sessionId < concat({chargerId}, ';') AND chargerId = {chargerId}
    GROUP BY sessionId
)
WHERE latestStatus = 'COMPLETED' AND latestHour >= {from} AND latestHour < {to}
GROUP BY latestHour
ORDER BY hour
