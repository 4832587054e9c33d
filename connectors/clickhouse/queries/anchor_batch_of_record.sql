-- The anchor batch that covers one Kafka record (topic, partition, offset), with its Merkle root and, once anchored,
-- the chain transaction that stored the root.
SELECT batchId, merkleRoot, leafCount, chainId, txHash, blockNumber, anchoredAt
FROM (
    SELECT batchId, merkleRoot, leafCount, chainId, txHash, blockNumber, anchoredAt,
        ranges.topic AS topics, ranges.partition AS partitions, ranges.fromOffset AS froms, ranges.toOffset AS tos
    FROM {database}.anchors FINAL
)
WHERE arrayExists((t, p, f, o) -> t = {topic} AND p = {partition} AND f <= {offset} AND {offset} <= o,
    topics, partitions, froms, tos)
