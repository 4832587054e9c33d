import { compatibilityPartitioner, Producer } from '@platformatic/kafka';
import { baseClientOptions, type KafkaConfig } from '@vz/kafka';
import type { ChargerEvent, DeadLetter, RawFrame, TopicCodec } from '@vz/schemas';
import mqtt, { type MqttClient } from 'mqtt';
import type { Logger } from 'pino';
import { normalizePlugState } from './normalize.ts';
import { describeIssues, plugIdOf, plugStateSchema, plugStateTopicFilter } from './plug-message.ts';

export interface MqttBridgeDependencies {
  readonly brokerUrl: string;
  readonly username: string;
  readonly password: string;
  readonly instanceId: string;
  readonly kafka: KafkaConfig;
  readonly rawFrames: TopicCodec<RawFrame>;
  readonly chargerEvents: TopicCodec<ChargerEvent>;
  readonly deadLetters: TopicCodec<DeadLetter>;
  readonly logger: Logger;
}

/** The application name of the bridge: its dead letters go to `connector-mqtt-dlq`. */
export const mqttBridgeApplication = 'connector-mqtt';

/**
 * Plugs publish to the broker; the bridge writes every message verbatim to the raw-frames topic, then either the
 * charger events it means or a dead letter with the reason. It acknowledges a QoS 1 message (PUBACK) only after
 * Kafka has it, so a message the broker delivered is never lost: if the bridge dies first, the broker redelivers.
 */
export class MqttBridge {
  readonly #deps: MqttBridgeDependencies;
  readonly #producer: Producer;
  readonly #connectionId: string;
  #client: MqttClient | undefined;
  #frameSeq = 0;

  constructor(deps: MqttBridgeDependencies) {
    this.#deps = deps;
    this.#connectionId = `${deps.instanceId}-${Date.now().toString(36)}`;
    this.#producer = new Producer({
      ...baseClientOptions(deps.kafka, `mqtt-${deps.instanceId}`),
      idempotent: true,
      acks: -1,
      partitioner: compatibilityPartitioner,
    });
  }

  async start(): Promise<void> {
    const { brokerUrl, username, password, instanceId } = this.#deps;
    this.#client = await mqtt.connectAsync(brokerUrl, {
      username,
      password,
      protocolVersion: 5,
      // A persistent session: QoS 1 messages published while the bridge is away wait for it at the broker.
      clientId: `vz-bridge-${instanceId}`,
      clean: false,
      properties: { sessionExpiryInterval: 24 * 3600 },
      customHandleAcks: (topic, payload, _packet, done) => {
        this.#handle(topic, payload).then(
          () => done(0),
          (error: unknown) => {
            this.#deps.logger.error({ err: error, topic }, 'could not write to Kafka; the broker will redeliver');
            // MQTT 5 reason code 0x80 "Unspecified error": no PUBACK success, so the message is not lost.
            done(0x80);
          },
        );
      },
    });
    await this.#client.subscribeAsync(plugStateTopicFilter, { qos: 1 });
    this.#deps.logger.info({ brokerUrl, topics: plugStateTopicFilter }, 'bridging plugs');
  }

  async close(): Promise<void> {
    await this.#client?.endAsync();
    await this.#producer.close();
  }

  async #handle(topic: string, payload: Buffer): Promise<void> {
    const receivedAt = Date.now();
    const plugId = plugIdOf(topic) ?? 'unknown';
    const frameSeq = this.#frameSeq;
    this.#frameSeq += 1;
    let parsed: unknown;
    let parseError: string | null = null;
    try {
      parsed = JSON.parse(payload.toString('utf8'));
    } catch (error) {
      parseError = (error as Error).message;
    }
    const raw: RawFrame = {
      eventId: `${this.#connectionId}:${frameSeq}`,
      occurredAt: receivedAt,
      causationId: this.#connectionId,
      chargerId: plugId,
      connectionId: this.#connectionId,
      frameSeq,
      protocol: 'MQTT',
      direction: 'FROM_CHARGER',
      payload,
      mqttTopic: topic,
      messageTypeId: null,
      uniqueId: null,
      action: 'state',
      parseError,
      receivedAt,
    };
    const written = await this.#send(this.#deps.rawFrames, plugId, [raw]);
    const coordinates = written.offsets?.[0];
    const validated = parseError === null ? plugStateSchema.safeParse(parsed) : undefined;
    if (validated?.success === true && plugIdOf(topic) !== undefined) {
      const events = normalizePlugState(plugId, validated.data).map((event): ChargerEvent => ({
        eventId: event.eventId,
        occurredAt: validated.data.timestamp,
        causationId: raw.eventId,
        chargerId: plugId,
        protocol: 'MQTT',
        receivedAt,
        payload: event.payload,
      }));
      await this.#send(this.#deps.chargerEvents, plugId, events);
      return;
    }
    let reason = `topic ${topic} does not name a plug`;
    if (parseError !== null) reason = `not JSON: ${parseError}`;
    else if (validated?.success === false) reason = describeIssues(validated.error);
    const letter: DeadLetter = {
      eventId: `${mqttBridgeApplication}:${raw.eventId}`,
      occurredAt: receivedAt,
      causationId: raw.eventId,
      application: mqttBridgeApplication,
      // The dead letter points at the raw frame on Kafka, which holds the message verbatim.
      sourceTopic: coordinates?.topic ?? this.#deps.rawFrames.topic,
      sourcePartition: coordinates?.partition ?? -1,
      sourceOffset: coordinates === undefined ? -1 : Number(coordinates.offset),
      sourceTimestamp: receivedAt,
      key: Buffer.from(plugId),
      value: payload,
      headers: [{ key: 'mqtt-topic', value: Buffer.from(topic) }],
      errorCode: 'INPUT_INVALID',
      reason,
      stage: parseError === null ? 'VALIDATE' : 'DECODE',
      attempts: 1,
    };
    this.#deps.logger.warn({ plugId, topic, reason }, 'plug message refused');
    await this.#send(this.#deps.deadLetters, plugId, [letter]);
  }

  #send<Value>(codec: TopicCodec<Value>, key: string, values: readonly Value[]) {
    return this.#producer.send({
      messages: values.map((value) => ({ topic: codec.topic, key: Buffer.from(key), value: codec.encode(value) })),
    });
  }
}
