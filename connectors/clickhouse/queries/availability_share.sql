-- Time each charging station's connectors spent in each status within a time range, and its share of the time
-- observed (all connectors together; connector 0, the OCPP 1.6J status of the charge point as a whole, is left out;
-- a status that began before the range counts from the range's start).
SELECT chargerId, tupleElement(entry, 1) AS status, tupleElement(entry, 2) AS ms,
    round(tupleElement(entry, 2) / observedMs, 4) AS share
FROM (
    SELECT chargerId, groupArray((status, ms)) AS entries, sum(ms) AS observedMs
    FROM (
        SELECT chargerId, status,
            sum(least(ifNull(endedAt, rangeEnd), rangeEnd) - greatest(startedAt, rangeStart)) AS ms
        FROM (
            SELECT chargerId, status, startedAt, endedAt,
                toInt64(toUnixTimestamp({from})) * 1000 AS rangeStart,
                toInt64(toUnixTimestamp({to})) * 1000 AS rangeEnd
            FROM {database}.status_intervals
            WHERE connectorId > 0
        )
        WHERE startedAt < rangeEnd AND ifNull(endedAt, rangeEnd) > rangeStart
        GROUP BY chargerId, status
    )
    GROUP BY chargerId
)
ARRAY JOIN entries AS entry
ORDER BY chargerId, status
