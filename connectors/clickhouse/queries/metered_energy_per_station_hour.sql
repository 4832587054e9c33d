-- Metered energy of one charging station per hour (from its meter register samples), for a time range.
SELECT hour, energyWh
FROM {database}.station_energy_hour
WHERE chargerId = {chargerId} AND hour >= {from} AND hour < {to}
ORDER BY hour
