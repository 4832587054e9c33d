-- Revenue per party and currency per UTC day of the session's start, from the latest settlement revision of every
-- session (argMax by revision; a revision's start moves like its session's, hence the same window).
INSERT INTO {database}.revenue_party_daily_generations (day, role, partyId, currency, amountMinor, settlements, generation)
SELECT latestDay, role, partyId, currency, sum(amount), count(), {generation}
FROM (
    SELECT sessionId,
        argMax(toDate(dayTime), version) AS latestDay,
        argMax(splits.role, version) AS roles,
        argMax(splits.partyId, version) AS partyIds,
        argMax(splits.amountCurrency, version) AS currencies,
        argMax(splits.amountMinor, version) AS amounts
    FROM {database}.settlements
    WHERE dayTime >= {windowStart} AND dayTime < {daysEnd}
        AND sessionId IN (
            SELECT sessionId FROM {database}.settlements
            WHERE dayTime >= {daysStart} AND dayTime < {daysEnd} AND has({days}, toString(toDate(dayTime)))
        )
    GROUP BY sessionId
)
ARRAY JOIN roles AS role, partyIds AS partyId, currencies AS currency, amounts AS amount
WHERE has({days}, toString(latestDay))
GROUP BY latestDay, role, partyId, currency
