/**
 * What the catalog says about one topic. Tooling (topic creation, subject registration, the anchoring worker)
 * reads only this; no topic name is written anywhere else (docs/design.md, Event rules).
 */
export interface TopicSpec {
  /** Topic name, `<area>.<things>` in kebab case, e.g. `charger.events`. */
  readonly name: string;
  /** Full name of the Avro record that is the value, e.g. `vz.charger.ChargerEvent`; subject `<name>-value`. */
  readonly valueSchema: string;
  /** Keys are UTF-8 strings (not Avro-encoded, so no `-key` subject); this says which field of the value it is. */
  readonly key: { readonly field: string; readonly doc: string };
  readonly partitions: number;
  readonly cleanupPolicy: 'delete' | 'compact' | 'compact,delete';
  /** `retention.ms`; `'forever'` maps to -1. Ignored by Kafka for pure `compact`. */
  readonly retention: { readonly days: number } | 'forever';
  /** Whether the anchoring worker commits this topic's records to the chain (a Merkle root per batch; docs/design.md, Chain). */
  readonly anchored: boolean;
  readonly doc: string;
}
