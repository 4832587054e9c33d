import { describe, expect, it } from '@jest/globals';
import type { MessageToProduce, Producer } from '@platformatic/kafka';
import type { ChargerEvent, RawFrame, TopicCodec } from '@vz/schemas';
import { EdgeIntake, type FrameContent, FrameSequence } from './intake.ts';

/** Encodes as JSON, so a test reads back what was written. */
function jsonCodec<Value>(topic: string): TopicCodec<Value> {
  return { topic, encode: (value: Value) => Buffer.from(JSON.stringify(value)) } as unknown as TopicCodec<Value>;
}

const topics = { rawFrames: jsonCodec<RawFrame>('raw'), chargerEvents: jsonCodec<ChargerEvent>('events') };

/**
 * A producer that logs each request and its close; each request is answered with the first offset of partition 3,
 * `hold` keeps the answers back until `release`.
 */
function loggingProducer(hold = false) {
  const log: string[] = [];
  const requests: Array<Array<{ topic: string; key: string; value: Record<string, unknown> }>> = [];
  let offset = 40n;
  const held: Array<() => void> = [];
  const producer = {
    send: async ({ messages }: { messages: MessageToProduce[] }) => {
      requests.push(
        messages.map((message) => ({
          topic: message.topic,
          key: String(message.key),
          value: JSON.parse(String(message.value)) as Record<string, unknown>,
        })),
      );
      const answer = { offsets: [{ topic: messages[0]?.topic ?? '', partition: 3, offset }] };
      offset += BigInt(messages.length);
      if (hold) await new Promise<void>((resolve) => held.push(resolve));
      log.push(`sent ${messages.length}`);
      return answer;
    },
    close: async () => void log.push('closed'),
  } as unknown as Producer;
  const release = () => held.splice(0).forEach((resolve) => resolve());
  return { producer, requests, log, release };
}

const fromCharger = (chargerId: string, payload: string): FrameContent => ({
  chargerId,
  protocol: 'MQTT',
  direction: 'FROM_CHARGER',
  payload: Buffer.from(payload),
  mqttTopic: `plugs/${chargerId}/state`,
  messageTypeId: null,
  uniqueId: null,
  action: 'state',
  parseError: null,
});

const statusChanged = {
  'vz.charger.StatusChanged': {
    connectorId: 1,
    evseId: null,
    status: 'AVAILABLE',
    errorCode: null,
    info: null,
    vendorId: null,
    vendorErrorCode: null,
  },
} as const satisfies ChargerEvent['payload'];

describe('FrameSequence', () => {
  it("numbers a connection's frames from 0, both directions together, caused by the connection", () => {
    const frames = new FrameSequence('edge-1-abc');
    const first = frames.next(fromCharger('P-1', '{}'), 1_000);
    const second = frames.next({ ...fromCharger('P-2', 'on'), direction: 'TO_CHARGER' }, 1_005);
    expect(first).toEqual({
      eventId: 'edge-1-abc:0',
      occurredAt: 1_000,
      causationId: 'edge-1-abc',
      connectionId: 'edge-1-abc',
      frameSeq: 0,
      receivedAt: 1_000,
      ...fromCharger('P-1', '{}'),
    });
    expect(second).toMatchObject({ eventId: 'edge-1-abc:1', frameSeq: 1, chargerId: 'P-2', direction: 'TO_CHARGER' });
  });
});

describe('EdgeIntake', () => {
  it('writes frames and the events derived from them in one batch, keyed by the charger, caused by the frame', async () => {
    const { producer, requests } = loggingProducer();
    const intake = new EdgeIntake(producer, topics);
    const frame = new FrameSequence('c').next(fromCharger('P-1', '{}'), 1_000);
    await Promise.all([
      intake.writeFrame(frame),
      intake.writeChargerEvents(frame, [
        { payload: statusChanged },
        { eventId: 'P-1/mqtt/m-1/status', occurredAt: 900, payload: statusChanged },
      ]),
      intake.writeChargerEvents(frame, [{ occurredAt: 950, payload: statusChanged }], 999),
    ]);
    expect(requests).toHaveLength(1);
    expect(requests[0]?.map(({ topic, key }) => `${topic} ${key}`)).toEqual([
      'raw P-1',
      'events P-1',
      'events P-1',
      'events P-1',
    ]);
    expect(requests[0]?.slice(1).map(({ value }) => value)).toEqual([
      {
        eventId: 'c:0/0',
        occurredAt: 1_000,
        causationId: 'c:0',
        chargerId: 'P-1',
        protocol: 'MQTT',
        receivedAt: 1_000,
        payload: statusChanged,
      },
      {
        eventId: 'P-1/mqtt/m-1/status',
        occurredAt: 900,
        causationId: 'c:0',
        chargerId: 'P-1',
        protocol: 'MQTT',
        receivedAt: 1_000,
        payload: statusChanged,
      },
      {
        eventId: 'c:0/0',
        occurredAt: 950,
        causationId: 'c:0',
        chargerId: 'P-1',
        protocol: 'MQTT',
        receivedAt: 999,
        payload: statusChanged,
      },
    ]);
  });

  it('writes a frame to be located in a request of its own and says where Kafka put it', async () => {
    const { producer, requests } = loggingProducer();
    const intake = new EdgeIntake(producer, topics);
    const frames = new FrameSequence('c');
    const batched = intake.writeFrame(frames.next(fromCharger('P-1', '{}')));
    const located = await intake.writeFrameAndLocate(frames.next(fromCharger('P-2', 'x')));
    await batched;
    expect(located).toMatchObject({ eventId: 'c:1', chargerId: 'P-2' });
    expect(located.coordinates).toEqual({ topic: 'raw', partition: 3, offset: 40 });
    expect(requests.map((request) => request.map(({ value }) => value['eventId']))).toEqual([['c:1'], ['c:0']]);
  });

  it('finishes the located and the batched sends in flight before it closes the producer', async () => {
    const { producer, log, release } = loggingProducer(true);
    const intake = new EdgeIntake(producer, topics);
    const frames = new FrameSequence('c');
    const located = intake.writeFrameAndLocate(frames.next(fromCharger('P-1', '{}')));
    const batched = intake.writeFrame(frames.next(fromCharger('P-1', '{}')));
    const closed = intake.close();
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(log).toEqual([]);
    release();
    await new Promise((resolve) => setTimeout(resolve, 10));
    release();
    await Promise.all([located, batched, closed]);
    expect(log).toEqual(['sent 1', 'sent 1', 'closed']);
  });
});
