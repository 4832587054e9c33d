import { createKeccak } from 'hash-wasm';

// keccak256 in WebAssembly: ~10x the pure-JS hashers on these machines (BENCHMARKS.md, anchoring); Node's crypto has
// SHA3-256 but not Ethereum's keccak256 (different padding). One hasher, reset per hash: hashing is synchronous.
const keccak = await createKeccak(256);

/** keccak256 of the concatenation of `parts`. */
export function keccak256(...parts: readonly Uint8Array[]): Uint8Array {
  keccak.init();
  for (const part of parts) keccak.update(part);
  return keccak.digest('binary');
}

/**
 * An anchored record's leaf (docs/design.md, Chain): the OpenZeppelin StandardMerkleTree leaf of
 * `(string topic, uint32 partition, uint64 offset, bytes32 valueHash)`, i.e.
 * `keccak256(keccak256(abi.encode(topic, partition, offset, valueHash)))`. The double hash keeps a leaf from ever
 * equalling an inner node (second-preimage resistance), and anyone can rebuild it with
 * `StandardMerkleTree.leafHash(anchorLeafEncoding, [...])` or in Solidity, then check it with `MerkleProof.verify`.
 */
export const anchorLeafEncoding = ['string', 'uint32', 'uint64', 'bytes32'] as const;

export interface LeafCoordinates {
  readonly topic: string;
  readonly partition: number;
  readonly offset: bigint;
}

const word = 32;
const emptyValueHash = keccak256(new Uint8Array(0));

/** keccak256 of a record's value bytes exactly as stored (Confluent wire format included); of no bytes for null. */
export function valueHashOf(value: Uint8Array | null | undefined): Uint8Array {
  return value === null || value === undefined || value.length === 0 ? emptyValueHash : keccak256(value);
}

/**
 * The leaf hash, ABI-encoded by hand: the generic ABI coders take ~50x longer per leaf, and the anchoring worker
 * hashes every anchored record. A unit test holds this equal to StandardMerkleTree.leafHash.
 */
export function leafHashOf(coordinates: LeafCoordinates, valueHash: Uint8Array): Uint8Array {
  const topic = Buffer.from(coordinates.topic, 'utf8');
  const paddedTopicLength = Math.ceil(topic.length / word) * word;
  // Head: offset of the string's tail, partition, offset, valueHash; tail: the string's length, then its bytes.
  const encoded = Buffer.alloc(word * 5 + paddedTopicLength);
  encoded.writeUInt32BE(word * 4, word - 4);
  encoded.writeUInt32BE(coordinates.partition, word * 2 - 4);
  encoded.writeBigUInt64BE(BigInt.asUintN(64, coordinates.offset), word * 3 - 8);
  encoded.set(valueHash, word * 3);
  encoded.writeUInt32BE(topic.length, word * 5 - 4);
  topic.copy(encoded, word * 5);
  return keccak256(keccak256(encoded));
}

export function toHex(bytes: Uint8Array): string {
  return `0x${Buffer.from(bytes).toString('hex')}`;
}
