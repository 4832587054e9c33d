-- VZP granted per account per UTC day: every reward once (its time never changes; copies are re-deliveries).
INSERT INTO {database}.vzp_account_daily_generations (day, recipientId, amount, rewards, generation)
SELECT latestDay, latestRecipientId, sum(latestAmount), count(), {generation}
FROM (
    SELECT eventId,
        argMax(toDate(occurredTime), version) AS latestDay,
        argMax(recipientId, version) AS latestRecipientId,
        argMax(amount, version) AS latestAmount
    FROM {database}.vzp_rewards
    WHERE occurredTime >= {daysStart} AND occurredTime < {daysEnd} AND has({days}, toString(toDate(occurredTime)))
    GROUP BY eventId
)
GROUP BY latestDay, latestRecipientId
