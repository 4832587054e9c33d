import { describe, expect, it } from '@jest/globals';
import { KeyedStore, StagedUpdates } from './keyed-store.ts';

describe('KeyedStore and StagedUpdates', () => {
  it('shows staged values to the batch and nothing to the store until applied', () => {
    const store = new KeyedStore<number>();
    store.load(0, new Map([['a', 1]]));
    const staged = new StagedUpdates<number>();
    staged.stage(0, 'a', 2);
    staged.stage(1, 'b', 5);
    expect(staged.read(store, 0, 'a')).toBe(2);
    expect(store.get(0, 'a')).toBe(1);
    store.apply(staged);
    expect(store.get(0, 'a')).toBe(2);
    expect(store.get(1, 'b')).toBe(5);
  });

  it('deletes a key staged as null, and the batch already reads it as gone', () => {
    const store = new KeyedStore<number>();
    store.load(3, new Map([['a', 1]]));
    const staged = new StagedUpdates<number>();
    staged.stage(3, 'a', null);
    expect(staged.read(store, 3, 'a')).toBeUndefined();
    store.apply(staged);
    expect(store.size(3)).toBe(0);
  });

  it('keeps partitions apart and drops them whole', () => {
    const store = new KeyedStore<string>();
    store.load(0, new Map([['k', 'zero']]));
    store.load(1, new Map([['k', 'one']]));
    store.drop(0);
    expect(store.partitions()).toEqual([1]);
    expect(store.get(0, 'k')).toBeUndefined();
    expect(store.get(1, 'k')).toBe('one');
    store.dropAll();
    expect(store.partitions()).toEqual([]);
  });
});
