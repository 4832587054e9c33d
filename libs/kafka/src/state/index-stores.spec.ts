import { describe, expect, it } from '@jest/globals';
import { indexEntry } from '../processor/types.ts';
import { IndexStores } from './index-stores.ts';
import { jsonSerde } from './serde.ts';

const ended = { name: 'ended', serde: jsonSerde<number>() };
const other = { name: 'other', serde: jsonSerde<string>() };

describe('IndexStores', () => {
  it('shows a batch its own entries first, and the committed stores nothing until applied', () => {
    const indexes = new IndexStores([ended, other]);
    indexes.store('ended').load(0, new Map([['a', 1]]));
    const batch = indexes.batch();
    const reader = batch.reader(0);
    expect(reader.get(ended, 'a')).toBe(1);
    batch.stage(0, [indexEntry(ended, 'a', 2), indexEntry(ended, 'b', 3), indexEntry(other, 'a', 'x')]);
    expect(reader.get(ended, 'a')).toBe(2);
    expect(reader.get(ended, 'b')).toBe(3);
    expect(reader.get(other, 'a')).toBe('x');
    expect(batch.reader(1).get(ended, 'b')).toBeUndefined();
    expect(indexes.store('ended').get(0, 'b')).toBeUndefined();
    indexes.apply(batch);
    expect(indexes.store('ended').get(0, 'a')).toBe(2);
    expect(indexes.store('other').get(0, 'a')).toBe('x');
  });

  it('deletes a key staged as null', () => {
    const indexes = new IndexStores([ended]);
    indexes.store('ended').load(2, new Map([['a', 1]]));
    const batch = indexes.batch();
    batch.stage(2, [indexEntry(ended, 'a', null)]);
    expect(batch.reader(2).get(ended, 'a')).toBeUndefined();
    indexes.apply(batch);
    expect(indexes.store('ended').size(2)).toBe(0);
  });

  it('refuses an index it does not have, staging none of the entries, and a name used twice', () => {
    const indexes = new IndexStores([ended]);
    const batch = indexes.batch();
    expect(() => batch.stage(0, [indexEntry(ended, 'a', 1), indexEntry(other, 'a', 'x')])).toThrow(/other/);
    expect(batch.reader(0).get(ended, 'a')).toBeUndefined();
    expect(() => batch.reader(0).get(other, 'a')).toThrow(/other/);
    expect(() => new IndexStores([ended, ended])).toThrow(/twice/);
    expect(() => new IndexStores([ended], 'ended')).toThrow(/twice/);
  });

  it('drops partitions of every index', () => {
    const indexes = new IndexStores([ended, other]);
    indexes.store('ended').load(0, new Map([['a', 1]]));
    indexes.store('other').load(0, new Map([['a', 'x']]));
    indexes.store('other').load(1, new Map([['b', 'y']]));
    indexes.drop(0);
    expect(indexes.store('ended').partitions()).toEqual([]);
    expect(indexes.store('other').partitions()).toEqual([1]);
    indexes.dropAll();
    expect(indexes.store('other').partitions()).toEqual([]);
  });

  it('encodes an entry with its store serde, a deletion as a tombstone', () => {
    expect(indexEntry(ended, 'a', 5).encode()?.toString('utf8')).toBe('5');
    expect(indexEntry(ended, 'a', null).encode()).toBeNull();
  });
});
