-- VZP granted per account per day (UTC), in the smallest unit (1 VZP = 1 000 000), for a date range.
SELECT recipientId, day, amount, rewards
FROM {database}.vzp_account_daily
WHERE day >= toDate({from}) AND day < toDate({to})
ORDER BY recipientId, day
