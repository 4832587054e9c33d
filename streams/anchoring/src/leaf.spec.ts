import { describe, expect, it } from '@jest/globals';
import { StandardMerkleTree } from '@openzeppelin/merkle-tree';
import fc from 'fast-check';
import { anchorLeafEncoding, leafHashOf, toHex, valueHashOf } from './leaf.ts';

describe('leafHashOf', () => {
  it('equals OpenZeppelin StandardMerkleTree.leafHash for any topic, partition, offset and value', () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 80, unit: 'grapheme' }),
        fc.integer({ min: 0, max: 2 ** 32 - 1 }),
        fc.bigInt({ min: 0n, max: 2n ** 63n - 1n }),
        fc.uint8Array({ maxLength: 300 }),
        (topic, partition, offset, value) => {
          const valueHash = valueHashOf(value);
          const leaf = [topic, partition, offset, toHex(valueHash)];
          const expected = StandardMerkleTree.of([leaf], [...anchorLeafEncoding]).leafHash(leaf);
          expect(toHex(leafHashOf({ topic, partition, offset }, valueHash))).toBe(expected);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('hashes a null value as no bytes, and distinguishes every coordinate', () => {
    expect(toHex(valueHashOf(null))).toBe('0xc5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470');
    const base = { topic: 'charger.events', partition: 1, offset: 7n };
    const hash = valueHashOf(Buffer.from('x'));
    const leaf = toHex(leafHashOf(base, hash));
    expect(toHex(leafHashOf({ ...base, topic: 'charger.event' }, hash))).not.toBe(leaf);
    expect(toHex(leafHashOf({ ...base, partition: 2 }, hash))).not.toBe(leaf);
    expect(toHex(leafHashOf({ ...base, offset: 8n }, hash))).not.toBe(leaf);
    expect(toHex(leafHashOf(base, valueHashOf(Buffer.from('y'))))).not.toBe(leaf);
  });
});
