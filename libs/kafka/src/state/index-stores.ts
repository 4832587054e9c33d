import type { IndexEntry, IndexReader, StoreDefinition } from '../processor/types.ts';
import { KeyedStore, StagedUpdates } from './keyed-store.ts';
import { ConfigError, NotFoundError } from '@vz/core';

/**
 * A processor's index stores (`ProcessorOptions.indexes`), by name: each a `KeyedStore` per input partition, backed by
 * its own compacted changelog. Like the main store, they only see a batch's entries after its commit.
 */
export class IndexStores {
  readonly #definitions: ReadonlyMap<string, StoreDefinition<unknown>>;
  readonly #stores = new Map<string, KeyedStore<unknown>>();

  constructor(definitions: readonly StoreDefinition<unknown>[], mainStore?: string) {
    const names = definitions.map((definition) => definition.name);
    const repeated = names.find((name, index) => names.indexOf(name) !== index || name === mainStore);
    if (repeated !== undefined) throw new ConfigError(`store name ${repeated} is used twice`);
    this.#definitions = new Map(definitions.map((definition) => [definition.name, definition]));
    for (const name of names) this.#stores.set(name, new KeyedStore<unknown>());
  }

  definitions(): StoreDefinition<unknown>[] {
    return [...this.#definitions.values()];
  }

  /** The committed store of an index; throws for a name that is not one of the processor's indexes. */
  store(name: string): KeyedStore<unknown> {
    const store = this.#stores.get(name);
    if (store === undefined) throw new NotFoundError(`no index store named ${name}`);
    return store;
  }

  /** Staged entries for one batch, read before the committed ones. */
  batch(): IndexBatch {
    return new IndexBatch(this);
  }

  /** After the batch's transaction committed. */
  apply(batch: IndexBatch): void {
    for (const [name, staged] of batch.staged()) this.store(name).apply(staged);
  }

  drop(partition: number): void {
    for (const store of this.#stores.values()) store.drop(partition);
  }

  dropAll(): void {
    for (const store of this.#stores.values()) store.dropAll();
  }
}

/** One batch's uncommitted index entries. */
export class IndexBatch {
  readonly #indexes: IndexStores;
  readonly #staged = new Map<string, StagedUpdates<unknown>>();

  constructor(indexes: IndexStores) {
    this.#indexes = indexes;
  }

  /** What the function of a record of this partition reads. */
  reader(partition: number): IndexReader {
    return {
      get: <Value>(index: StoreDefinition<Value>, key: string): Value | undefined => {
        const store = this.#indexes.store(index.name);
        const staged = this.#staged.get(index.name);
        return (staged === undefined ? store.get(partition, key) : staged.read(store, partition, key)) as
          Value | undefined;
      },
    };
  }

  /** Stages a record's entries; every entry's index is checked first, so a wrong one stages none of them. */
  stage(partition: number, entries: readonly IndexEntry[]): void {
    for (const entry of entries) this.#indexes.store(entry.index);
    for (const entry of entries) {
      let staged = this.#staged.get(entry.index);
      if (staged === undefined) {
        staged = new StagedUpdates<unknown>();
        this.#staged.set(entry.index, staged);
      }
      staged.stage(partition, entry.key, entry.value);
    }
  }

  staged(): IterableIterator<[string, StagedUpdates<unknown>]> {
    return this.#staged.entries();
  }
}
