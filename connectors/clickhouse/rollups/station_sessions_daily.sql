-- Completed sessions and their energy per charger and station, per UTC day of the session's start.
INSERT INTO {database}.station_sessions_daily_generations (day, chargerId, stationId, sessions, energyWh, generation)
SELECT latestDay, latestChargerId, latestStationId, count(), sum(latestEnergyWh), {generation}
FROM ({include:latest_sessions})
WHERE latestStatus = 'COMPLETED' AND has({days}, toString(latestDay))
GROUP BY latestDay, latestChargerId, latestStationId
