-- Operating revenue and investor pool per charging asset (STO / RWA) per day, in minor units, for a date range.
SELECT assetId, day, currency, chargedMinor, investorPoolMinor, sessions
FROM {database}.revenue_asset_daily
WHERE day >= toDate({from}) AND day < toDate({to})
ORDER BY assetId, day, currency
