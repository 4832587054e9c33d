import { describe, expect, it } from '@jest/globals';
import { StandardMerkleTree } from '@openzeppelin/merkle-tree';
import fc from 'fast-check';
import { anchorLeafEncoding, leafHashOf, toHex, valueHashOf } from './leaf.ts';
import { AnchorTree, rootFromProof } from './merkle.ts';

const recordsArbitrary = fc.array(
  fc.record({
    topic: fc.constantFrom('charger.events', 'billing.settlements', 'charging.sessions'),
    partition: fc.integer({ min: 0, max: 5 }),
    offset: fc.bigInt({ min: 0n, max: 1n << 40n }),
    value: fc.uint8Array({ maxLength: 64 }),
  }),
  { minLength: 1, maxLength: 40 },
);

describe('AnchorTree', () => {
  it('has the root and proofs of OpenZeppelin StandardMerkleTree (leaves unsorted), for any batch', () => {
    fc.assert(
      fc.property(recordsArbitrary, (records) => {
        const values = records.map(({ topic, partition, offset, value }) => [
          topic,
          partition,
          offset,
          toHex(valueHashOf(value)),
        ]);
        const reference = StandardMerkleTree.of(values, [...anchorLeafEncoding], { sortLeaves: false });
        const tree = AnchorTree.of(records.map((record) => leafHashOf(record, valueHashOf(record.value))));
        expect(tree.root).toBe(reference.root);
        records.forEach((_, index) => {
          expect(tree.proof(index)).toEqual(reference.getProof(index));
          expect(
            StandardMerkleTree.verify(tree.root, [...anchorLeafEncoding], values[index] ?? [], tree.proof(index)),
          ).toBe(true);
          expect(rootFromProof(tree.leaf(index), tree.proof(index))).toBe(tree.root);
        });
      }),
      { numRuns: 100 },
    );
  });

  it('fails a proof for a changed value, a changed offset or a changed sibling', () => {
    const records = [0, 1, 2, 3, 4].map((offset) => ({
      topic: 'charger.events',
      partition: 0,
      offset: BigInt(offset),
    }));
    const leaves = records.map((record) => leafHashOf(record, valueHashOf(Buffer.from(`v${record.offset}`))));
    const tree = AnchorTree.of(leaves);
    const proof = tree.proof(2);
    const third = records[2] ?? { topic: '', partition: 0, offset: 0n };
    const tampered = toHex(leafHashOf(third, valueHashOf(Buffer.from('v2 but changed'))));
    expect(rootFromProof(tree.leaf(2), proof)).toBe(tree.root);
    expect(rootFromProof(tampered, proof)).not.toBe(tree.root);
    expect(rootFromProof(toHex(leafHashOf({ ...third, offset: 3n }, valueHashOf(Buffer.from('v2')))), proof)).not.toBe(
      tree.root,
    );
    expect(rootFromProof(tree.leaf(2), [tree.leaf(0), ...proof.slice(1)])).not.toBe(tree.root);
  });

  it('refuses an empty batch and a leaf index outside it', () => {
    expect(() => AnchorTree.of([])).toThrow('at least one leaf');
    expect(() => AnchorTree.of([valueHashOf(null)]).proof(1)).toThrow(RangeError);
    expect(AnchorTree.of([valueHashOf(null)]).proof(0)).toEqual([]);
  });
});
