-- Signed meter values, a compatible addition to vz.charger.SampledValue: the signed payload verbatim (OCMF from OCPP
-- 1.6 SignedData, OCPP 2.0.1 signedMeterValue) with its format and 2.0.1 signing details, and readError for a value
-- that could not be read (then value is 0 and unit UNKNOWN, so the energy rollups, which read unit 'WH', skip it).
-- One statement alone in its file: 18.16 has no ADD COLUMN IF NOT EXISTS, so the migrations table is what keeps it
-- from running twice.
ALTER TABLE {database}.meter_samples
    ADD COLUMN signedData Nullable(String) AFTER context,
    ADD COLUMN signedFormat Nullable(String) AFTER signedData,
    ADD COLUMN signingMethod Nullable(String) AFTER signedFormat,
    ADD COLUMN encodingMethod Nullable(String) AFTER signingMethod,
    ADD COLUMN publicKey Nullable(String) AFTER encodingMethod,
    ADD COLUMN readError Nullable(String) AFTER publicKey;
