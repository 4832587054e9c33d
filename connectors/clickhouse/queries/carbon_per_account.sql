-- Carbon avoided per fleet (the paying account of the sessions), for a date range, in grams: the energy x
-- avoidedGPerKwh of the regions the account charged in added up, then truncated toward zero. Whole months of the range
-- come from the monthly rollup (a row per account and region), the other days from the daily one.
SELECT accountId, sum(sessions) AS sessions, sum(energyWh) AS energyWh,
    intDiv(sum(carbonAvoidedMg), 1000) AS carbonAvoidedG
FROM (
    SELECT accountId, sessions, energyWh, carbonAvoidedMg
    FROM {database}.carbon_monthly
    WHERE month >= if(toStartOfMonth(toDate({from})) = toDate({from}), toDate({from}),
            addMonths(toStartOfMonth(toDate({from})), 1))
        AND month < toStartOfMonth(toDate({to}))
    UNION ALL
    SELECT accountId, sessions, energyWh, carbonAvoidedMg
    FROM {database}.carbon_daily
    WHERE day >= toDate({from}) AND day < toDate({to})
        AND NOT (toStartOfMonth(day) >= if(toStartOfMonth(toDate({from})) = toDate({from}), toDate({from}),
            addMonths(toStartOfMonth(toDate({from})), 1))
        AND toStartOfMonth(day) < toStartOfMonth(toDate({to})))
)
GROUP BY accountId
ORDER BY accountId
