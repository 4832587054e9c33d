-- Completed sessions and their energy per paying account and carbon region (the station's country when it has
-- factors of its own, else '*'), per UTC day of the session's start.
INSERT INTO {database}.account_sessions_daily_generations (day, accountId, region, sessions, energyWh, generation)
SELECT latestDay, latestAccountId, if(country IN (SELECT region FROM {database}.grid_intensity), country, '*') AS region,
    count(), sum(latestEnergyWh), {generation}
FROM (
    SELECT latestDay, latestAccountId, latestStationId AS stationId, latestEnergyWh
    FROM ({include:latest_sessions})
    WHERE latestStatus = 'COMPLETED' AND has({days}, toString(latestDay))
) AS completed
ANY LEFT JOIN (SELECT stationId, country FROM {database}.stations FINAL) AS station USING stationId
GROUP BY latestDay, latestAccountId, region
