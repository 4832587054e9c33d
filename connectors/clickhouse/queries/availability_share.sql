-- Time each charging station's connectors spent in each status within a time range, and its share of the time
-- observed (all connectors together; connector 0, the OCPP 1.6J status of the charge point as a whole, is left out;
-- a status that began before the range counts from the range's start).
-- (status_intervals computed for the range only: per connector, its last change before the range and its changes
-- within it. Like that view it reads charger_events without FINAL: a repeated change lasts 0 ms.)
SELECT chargerId, tupleElement(entry, 1) AS status, tupleElement(entry, 2) AS ms,
    round(tupleElement(entry, 2) / observedMs, 4) AS share
FROM (
    SELECT chargerId, groupArray((status, statusMs)) AS entries, sum(statusMs) AS observedMs
    FROM (
        SELECT chargerId, status, sum(least(ifNull(endedAt, rangeEnd), rangeEnd) - greatest(startedAt, rangeStart)) AS statusMs
        FROM (
            SELECT chargerId, tupleElement(change, 1) AS startedAt, tupleElement(change, 2) AS status, endedAt,
                toInt64(toUnixTimestamp({from})) * 1000 AS rangeStart,
                toInt64(toUnixTimestamp({to})) * 1000 AS rangeEnd
            FROM (
                SELECT chargerId, arraySort(groupArray((occurredAt, status))) AS changes
                FROM (
                    SELECT chargerId, evse, connector, occurredAt, status
                    FROM (
                        SELECT chargerId, ifNull(evseId, 0) AS evse, connectorId AS connector, occurredAt,
                            ifNull(status, 'UNKNOWN') AS status
                        FROM {database}.charger_events
                        WHERE payloadType = 'StatusChanged' AND connectorId > 0
                            AND occurredAt >= toInt64(toUnixTimestamp({from})) * 1000
                            AND occurredAt < toInt64(toUnixTimestamp({to})) * 1000
                    )
                    UNION ALL
                    SELECT chargerId, evse, connector, tupleElement(last, 1) AS occurredAt, tupleElement(last, 2) AS status
                    FROM (
                        SELECT chargerId, ifNull(evseId, 0) AS evse, connectorId AS connector,
                            argMax((occurredAt, ifNull(status, 'UNKNOWN')), occurredAt) AS last
                        FROM {database}.charger_events
                        WHERE payloadType = 'StatusChanged' AND connectorId > 0
                            AND occurredAt < toInt64(toUnixTimestamp({from})) * 1000
                        GROUP BY chargerId, evse, connector
                    )
                )
                GROUP BY chargerId, evse, connector
            )
            ARRAY JOIN
                changes AS change,
                arrayPushBack(arrayPopFront(arrayMap(c -> tupleElement(c, 1), changes)), NULL) AS endedAt
        )
        WHERE startedAt < rangeEnd AND ifNull(endedAt, rangeEnd) > rangeStart
        GROUP BY chargerId, status
    )
    GROUP BY chargerId
)
ARRAY JOIN entries AS entry
ORDER BY chargerId, status
