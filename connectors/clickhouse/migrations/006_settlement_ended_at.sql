-- Settlement.endedAt, a compatible addition to the Avro schema: with startedAt it names every day an earlier revision
-- of the settlement may have been counted on (the refreshed rollups, 007, re-read both). One statement alone in its
-- file: 18.16 has no ADD COLUMN IF NOT EXISTS, so the migrations table is what keeps it from running twice.
ALTER TABLE {database}.settlements ADD COLUMN endedAt Nullable(Int64) AFTER sharedPrivateCharger;
