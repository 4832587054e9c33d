-- The leaves of one anchor batch in batch order: what a Merkle proof of any of its records is built from.
SELECT leafIndex, topic, partition, offset, valueHash
FROM {database}.anchor_leaves FINAL
WHERE batchId = {batchId}
ORDER BY leafIndex
