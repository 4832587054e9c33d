-- Metered energy of one charging station per hour (from its meter register samples), for a time range.
-- (What station_energy_hour answers, computed for this charger only: chargerId leads meter_energy_hour's key. The
-- hour range applies after the deltas, which need each transaction's previous hour.)
SELECT hour, energyWh
FROM (
    SELECT hourOf AS hour, sum(deltaWh) AS energyWh
    FROM (
        SELECT transactionKey, arraySort(groupArray((hour, registerMin, registerMax))) AS hours
        FROM (
            SELECT transactionKey, hour,
                minMerge(registerMinWh) AS registerMin,
                maxMerge(registerMaxWh) AS registerMax
            FROM {database}.meter_energy_hour
            WHERE chargerId = {chargerId}
            GROUP BY transactionKey, hour
        )
        GROUP BY transactionKey
    )
    ARRAY JOIN
        arrayMap(h -> tupleElement(h, 1), hours) AS hourOf,
        arrayMap(i -> greatest(toInt64(0), tupleElement(hours[i], 3) - if(i = 1, tupleElement(hours[1], 2), tupleElement(hours[i - 1], 3))), arrayEnumerate(hours)) AS deltaWh
    GROUP BY hour
)
WHERE hour >= {from} AND hour < {to}
ORDER BY hour
