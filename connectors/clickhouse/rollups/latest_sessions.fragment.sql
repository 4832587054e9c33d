-- The latest state of every session with a record that started on one of the days being refreshed: argMax by version
-- over the session's records in the window that can hold its other states. A session's start only moves back (when
-- its start arrives after its stop), and the window reaches 31 days before the first refreshed day.
SELECT sessionId,
    argMax(toDate(startedTime), version) AS latestDay,
    argMax(chargerId, version) AS latestChargerId,
    argMax(ifNull(stationId, ''), version) AS latestStationId,
    argMax(ifNull(accountId, ''), version) AS latestAccountId,
    argMax(status, version) AS latestStatus,
    argMax(energyWh, version) AS latestEnergyWh
FROM {database}.charging_sessions
WHERE startedTime >= {windowStart} AND startedTime < {daysEnd}
    AND sessionId IN (
        SELECT sessionId FROM {database}.charging_sessions
        WHERE startedTime >= {daysStart} AND startedTime < {daysEnd} AND has({days}, toString(toDate(startedTime)))
    )
GROUP BY sessionId
