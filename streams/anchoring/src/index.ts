export { anchorLeafEncoding, keccak256, leafHashOf, toHex, valueHashOf, type LeafCoordinates } from './leaf.ts';
export { AnchorTree, rootFromProof } from './merkle.ts';
export { OpenBatch, type AnchoredRecord, type SealedBatch } from './batch.ts';
export { readAnchorLedger, type LedgerBatch } from './anchors.ts';
export { buildRecordProof, type ProofSources, type RecordProof } from './proof.ts';
export { AnchoringWorker, type AnchoringWorkerOptions } from './worker.ts';
export { anchoringConfigSchema, loadAnchoringConfig, type AnchoringConfig } from './config.ts';
export { anchoringTopics, type AnchoringTopics } from './topics.ts';
