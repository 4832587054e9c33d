/**
 * The committed state of one store, per input partition, per key. Processors never write here directly: updates
 * of a batch are staged in a `StagedUpdates` and applied only after their transaction committed, so the store always
 * equals what the changelog holds as committed.
 */
export class KeyedStore<Value> {
  readonly #partitions = new Map<number, Map<string, Value>>();

  get(partition: number, key: string): Value | undefined {
    return this.#partitions.get(partition)?.get(key);
  }

  hasPartition(partition: number): boolean {
    return this.#partitions.has(partition);
  }

  partitions(): number[] {
    return [...this.#partitions.keys()];
  }

  /** Replaces a partition's content, after restoring it from its changelog. */
  load(partition: number, entries: Map<string, Value>): void {
    this.#partitions.set(partition, entries);
  }

  drop(partition: number): void {
    this.#partitions.delete(partition);
  }

  dropAll(): void {
    this.#partitions.clear();
  }

  size(partition: number): number {
    return this.#partitions.get(partition)?.size ?? 0;
  }

  apply(updates: StagedUpdates<Value>): void {
    for (const [partition, changes] of updates.byPartition()) {
      let entries = this.#partitions.get(partition);
      if (entries === undefined) {
        entries = new Map();
        this.#partitions.set(partition, entries);
      }
      for (const [key, value] of changes) {
        if (value === null) entries.delete(key);
        else entries.set(key, value);
      }
    }
  }
}

/** A batch's uncommitted state changes; `null` deletes the key. Reads see staged values first. */
export class StagedUpdates<Value> {
  readonly #changes = new Map<number, Map<string, Value | null>>();

  read(store: KeyedStore<Value>, partition: number, key: string): Value | undefined {
    const staged = this.#changes.get(partition);
    if (staged?.has(key)) return staged.get(key) ?? undefined;
    return store.get(partition, key);
  }

  stage(partition: number, key: string, value: Value | null): void {
    let changes = this.#changes.get(partition);
    if (changes === undefined) {
      changes = new Map();
      this.#changes.set(partition, changes);
    }
    changes.set(key, value);
  }

  byPartition(): IterableIterator<[number, Map<string, Value | null>]> {
    return this.#changes.entries();
  }
}
