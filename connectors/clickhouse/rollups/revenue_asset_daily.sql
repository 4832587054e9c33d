-- Operating revenue, investor pool and sessions per asset and currency per day (billing.asset-revenue's day, the
-- station's local date): every asset-revenue record once (its day never changes; copies are re-deliveries).
INSERT INTO {database}.revenue_asset_daily_generations (day, assetId, currency, chargedMinor, investorPoolMinor, sessions, generation)
SELECT latestDay, latestAssetId, latestCurrency, sum(latestCharged), sum(latestInvestorPool), uniqExact(latestSessionId),
    {generation}
FROM (
    SELECT eventId,
        argMax(day, version) AS latestDay,
        argMax(assetId, version) AS latestAssetId,
        argMax(currency, version) AS latestCurrency,
        argMax(charged, version) AS latestCharged,
        argMax(investorPool, version) AS latestInvestorPool,
        argMax(sessionId, version) AS latestSessionId
    FROM {database}.asset_revenue
    WHERE day >= toDate({daysStart}) AND day < toDate({daysEnd}) AND has({days}, toString(day))
    GROUP BY eventId
)
GROUP BY latestDay, latestAssetId, latestCurrency
