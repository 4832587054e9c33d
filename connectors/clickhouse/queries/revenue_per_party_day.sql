-- Revenue per party of one role (CPO, MSP, PLATFORM or INVESTOR) per day, in minor units, for a date range.
SELECT day, partyId, currency, amountMinor, settlements
FROM {database}.revenue_party_daily
WHERE role = {role} AND day >= toDate({from}) AND day < toDate({to})
ORDER BY day, partyId, currency
