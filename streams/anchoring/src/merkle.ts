import { keccak256, toHex } from './leaf.ts';
import { InputError } from '@vz/core';

const word = 32;

/**
 * A Merkle tree over leaf hashes, laid out exactly as OpenZeppelin's merkle-tree library does with `sortLeaves: false`
 * (an array of 2n-1 nodes, the root first, the leaves at the end in reverse order, each inner node the keccak256 of its
 * two children sorted), so its root equals `StandardMerkleTree.of(values, encoding, { sortLeaves: false }).root` and
 * its proofs check with `MerkleProof.verify` on chain and `StandardMerkleTree.verify` off chain. Written here rather
 * than taken from the library because the library works on hex strings and took 28 s for 200,000 leaves on these
 * machines; this keeps the nodes in one buffer (BENCHMARKS.md, anchoring).
 */
export class AnchorTree {
  readonly #nodes: Buffer;
  readonly leafCount: number;

  private constructor(nodes: Buffer, leafCount: number) {
    this.#nodes = nodes;
    this.leafCount = leafCount;
  }

  /** Builds the tree of `leaves` (32-byte hashes, in batch order). */
  static of(leaves: readonly Uint8Array[]): AnchorTree {
    if (leaves.length === 0) throw new InputError('a Merkle tree needs at least one leaf');
    const size = 2 * leaves.length - 1;
    const nodes = Buffer.allocUnsafe(size * word);
    leaves.forEach((leaf, index) => {
      if (leaf.length !== word) throw new InputError(`leaf ${index} is ${leaf.length} bytes, not 32`);
      nodes.set(leaf, (size - 1 - index) * word);
    });
    for (let index = size - 1 - leaves.length; index >= 0; index -= 1) {
      const left = nodes.subarray((2 * index + 1) * word, (2 * index + 2) * word);
      const right = nodes.subarray((2 * index + 2) * word, (2 * index + 3) * word);
      nodes.set(Buffer.compare(left, right) <= 0 ? keccak256(left, right) : keccak256(right, left), index * word);
    }
    return new AnchorTree(nodes, leaves.length);
  }

  get root(): string {
    return this.#node(0);
  }

  /** The sibling hashes from the leaf at `leafIndex` (batch order) up to the root, as MerkleProof.verify takes them. */
  proof(leafIndex: number): string[] {
    if (!Number.isInteger(leafIndex) || leafIndex < 0 || leafIndex >= this.leafCount) {
      throw new RangeError(`leaf index ${leafIndex} is outside 0..${this.leafCount - 1}`);
    }
    const proof: string[] = [];
    for (let index = 2 * this.leafCount - 2 - leafIndex; index > 0; index = Math.floor((index - 1) / 2)) {
      proof.push(this.#node(index % 2 === 1 ? index + 1 : index - 1));
    }
    return proof;
  }

  leaf(leafIndex: number): string {
    return this.#node(2 * this.leafCount - 2 - leafIndex);
  }

  #node(index: number): string {
    return toHex(this.#nodes.subarray(index * word, (index + 1) * word));
  }
}

/** MerkleProof.processProof: folds the proof into the leaf with sorted-pair hashing; equal to the root when valid. */
export function rootFromProof(leaf: string, proof: readonly string[]): string {
  let node = Buffer.from(leaf.slice(2), 'hex');
  for (const sibling of proof) {
    const other = Buffer.from(sibling.slice(2), 'hex');
    node = Buffer.from(Buffer.compare(node, other) <= 0 ? keccak256(node, other) : keccak256(other, node));
  }
  return toHex(node);
}
