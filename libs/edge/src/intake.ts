import type { MessageToProduce, Producer } from '@platformatic/kafka';
import { BatchingSender, createIdempotentProducer, type KafkaConfig } from '@vz/kafka';
import type { ChargerEvent, RawFrame, TopicCodec } from '@vz/schemas';

/** The topics every edge writes what it reads: each frame verbatim, then the charger events it means. */
export interface IntakeTopics {
  readonly rawFrames: TopicCodec<RawFrame>;
  readonly chargerEvents: TopicCodec<ChargerEvent>;
}

/** What an edge read off the wire (or wrote to it); the sequence adds the connection, the position and the time. */
export type FrameContent = Pick<
  RawFrame,
  | 'chargerId'
  | 'protocol'
  | 'direction'
  | 'payload'
  | 'mqttTopic'
  | 'messageTypeId'
  | 'uniqueId'
  | 'action'
  | 'parseError'
>;

/** Where Kafka put a record: a dead letter about a frame points there. */
export interface RecordLocation {
  readonly topic: string;
  readonly partition: number;
  readonly offset: number;
}

/** A raw frame and where Kafka put it (undefined when the broker's answer did not say). */
export type LocatedFrame = RawFrame & { readonly coordinates: RecordLocation | undefined };

/** A charger event as an edge derives it from a frame, before the intake ties it to that frame. */
export interface DerivedEvent {
  /** Stable across replays where the content allows; else `<frame eventId>/<index among the frame's events>`. */
  readonly eventId?: string | undefined;
  /** The charger-reported time when the message carries one; else the frame's receivedAt. */
  readonly occurredAt?: number | undefined;
  readonly payload: ChargerEvent['payload'];
}

/**
 * The frames of one edge connection (a WebSocket, an MQTT client session), numbered in the order the edge read or
 * wrote them, both directions together: eventId `<connectionId>:<frameSeq>`, caused by the connection.
 */
export class FrameSequence {
  readonly connectionId: string;
  #next = 0;

  constructor(connectionId: string) {
    this.connectionId = connectionId;
  }

  /** The next frame; `receivedAt` is when the edge read or wrote it (the pipeline's only wall-clock time). */
  next(content: FrameContent, receivedAt: number = Date.now()): RawFrame {
    const frameSeq = this.#next;
    this.#next += 1;
    return {
      eventId: `${this.connectionId}:${frameSeq}`,
      occurredAt: receivedAt,
      causationId: this.connectionId,
      chargerId: content.chargerId,
      connectionId: this.connectionId,
      frameSeq,
      protocol: content.protocol,
      direction: content.direction,
      payload: content.payload,
      mqttTopic: content.mqttTopic,
      messageTypeId: content.messageTypeId,
      uniqueId: content.uniqueId,
      action: content.action,
      parseError: content.parseError,
      receivedAt,
    };
  }
}

/**
 * Where an edge (OCPP, MQTT, and the HTTP and OCPI edges) hands what it receives to Kafka: one idempotent producer
 * with acks from all in-sync replicas (KIP-98), partitioned like the Java client (murmur2 of the key), so a charger's
 * records land on the partition every consumer expects; every record is keyed by the charger id. Its `sender` batches
 * the edge's other writes (presence, forwarded commands and results, prepaid orders) on the same producer.
 */
export class EdgeIntake {
  /** Batches writes of the same few milliseconds into one request; each resolves once Kafka acknowledged it. */
  readonly sender: BatchingSender;
  readonly #producer: Producer;
  readonly #topics: IntakeTopics;
  /** Frames sent on their own to learn their offsets: finished before the producer closes. */
  readonly #located = new Set<Promise<unknown>>();

  constructor(producer: Producer, topics: IntakeTopics) {
    this.#producer = producer;
    this.#topics = topics;
    this.sender = new BatchingSender(producer);
  }

  /** An intake with its own producer; `role` names the Kafka client (`<clientId>-<role>`). */
  static create(kafka: KafkaConfig, role: string, topics: IntakeTopics): EdgeIntake {
    return new EdgeIntake(createIdempotentProducer(kafka, role), topics);
  }

  /** Writes a frame, batched with the edge's other writes; resolves once Kafka has it. */
  writeFrame(frame: RawFrame): Promise<void> {
    return this.write(this.#topics.rawFrames, frame.chargerId, [frame]);
  }

  /**
   * Writes a frame in a request of its own, so that Kafka's answer says where it landed (a batch's answer gives
   * only each partition's first offset).
   */
  async writeFrameAndLocate(frame: RawFrame): Promise<LocatedFrame> {
    const sent = this.#producer.send({ messages: [this.#message(this.#topics.rawFrames, frame.chargerId, frame)] });
    this.#located.add(sent);
    try {
      const written = (await sent).offsets?.[0];
      return {
        ...frame,
        coordinates:
          written === undefined
            ? undefined
            : { topic: written.topic, partition: written.partition, offset: Number(written.offset) },
      };
    } finally {
      this.#located.delete(sent);
    }
  }

  /**
   * Writes the charger events an edge derived from `frame`, caused by it, with its charger and protocol.
   * `receivedAt` defaults to the frame's.
   */
  writeChargerEvents(
    frame: RawFrame,
    events: readonly DerivedEvent[],
    receivedAt: number = frame.receivedAt,
  ): Promise<void> {
    return this.write(
      this.#topics.chargerEvents,
      frame.chargerId,
      events.map((event, index) => ({
        eventId: event.eventId ?? `${frame.eventId}/${index}`,
        occurredAt: event.occurredAt ?? frame.receivedAt,
        causationId: frame.eventId,
        chargerId: frame.chargerId,
        protocol: frame.protocol,
        receivedAt,
        payload: event.payload,
      })),
    );
  }

  /** Writes records of any topic keyed by a charger id, batched like the rest. */
  write<Value>(codec: TopicCodec<Value>, chargerId: string, values: readonly Value[]): Promise<void> {
    return this.sender.send(values.map((value) => this.#message(codec, chargerId, value)));
  }

  /** Finishes every send in flight, then closes the producer. */
  async close(): Promise<void> {
    await Promise.allSettled(this.#located);
    await this.sender.drain();
    await this.#producer.close();
  }

  #message<Value>(codec: TopicCodec<Value>, chargerId: string, value: Value): MessageToProduce {
    return { topic: codec.topic, key: Buffer.from(chargerId), value: codec.encode(value) };
  }
}
