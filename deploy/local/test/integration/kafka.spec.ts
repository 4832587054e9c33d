import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  AclOperations,
  AclPermissionTypes,
  Admin,
  Consumer,
  FetchIsolationLevels,
  MessagesStreamModes,
  Producer,
  ResourcePatternTypes,
  ResourceTypes,
  SASLMechanisms,
  stringDeserializers,
  stringSerializers,
} from '@platformatic/kafka';
import { createIsolation, type Isolation } from '@vz/testing';
import { upsertScramUser, loadLocalConfig } from '../../src/index.ts';

let isolation: Isolation;
let admin: Admin;

beforeAll(async () => {
  isolation = await createIsolation(import.meta.filename);
  admin = new Admin({ clientId: 'test-admin', bootstrapBrokers: [isolation.endpoints.kafka.bootstrap] });
});

afterAll(async () => {
  await admin.close();
  await isolation.close();
});

/** Plain (non-transactional) produce through the platform listener. */
async function produce(messages: { topic: string; key?: string; value: string }[]): Promise<void> {
  const producer = new Producer({
    clientId: 'test-producer',
    bootstrapBrokers: [isolation.endpoints.kafka.bootstrap],
    serializers: stringSerializers,
  });
  try {
    await producer.send({ messages });
  } finally {
    await producer.close();
  }
}

/**
 * Reads a one-partition topic from the start until `count` messages arrived or 15 s passed. Defaults: the platform
 * listener, read_committed.
 */
async function readAll(
  topic: string,
  count: number,
  options: { isolationLevel?: number; bootstrap?: string; sasl?: { username: string; password: string } } = {},
): Promise<string[]> {
  const consumer = new Consumer({
    clientId: 'test-reader',
    groupId: `${isolation.id}-${Math.random().toString(36).slice(2)}`,
    bootstrapBrokers: [options.bootstrap ?? isolation.endpoints.kafka.bootstrap],
    deserializers: stringDeserializers,
    isolationLevel: options.isolationLevel ?? FetchIsolationLevels.READ_COMMITTED,
    retries: 0,
    ...(options.sasl ? { sasl: { mechanism: SASLMechanisms.SCRAM_SHA_512, ...options.sasl } } : {}),
  });
  try {
    const stream = await consumer.consume({
      topics: [topic],
      mode: MessagesStreamModes.EARLIEST,
      autocommit: false,
      maxWaitTime: 200,
    });
    const values: string[] = [];
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(resolve, 15_000);
      stream.on('error', reject);
      stream.on('data', (message: { value: string }) => {
        values.push(message.value);
        if (values.length >= count) {
          clearTimeout(timer);
          resolve();
        }
      });
    });
    return values;
  } finally {
    await consumer.close(true);
  }
}

describe('Kafka (KRaft) of the local platform', () => {
  it('delivers what was produced: a produce/consume round trip', async () => {
    const topic = await isolation.createTopic('round-trip');
    await produce(['a', 'b', 'c'].map((value) => ({ topic, key: 'station-1', value })));
    expect(await readAll(topic, 3)).toEqual(['a', 'b', 'c']);
  });

  it('hides an aborted transaction from a read_committed consumer, and shows it to read_uncommitted', async () => {
    const topic = await isolation.createTopic('transactions');
    const producer = new Producer({
      clientId: 'test-transactional',
      bootstrapBrokers: [isolation.endpoints.kafka.bootstrap],
      serializers: stringSerializers,
      idempotent: true,
      transactionalId: `${isolation.id}-tx`,
    });
    const aborted = await producer.beginTransaction();
    await aborted.send({
      messages: [
        { topic, value: 'aborted-1' },
        { topic, value: 'aborted-2' },
      ],
    });
    await aborted.abort();
    const committed = await producer.beginTransaction();
    await committed.send({ messages: [{ topic, value: 'committed' }] });
    await committed.commit();
    await producer.close();

    expect(await readAll(topic, 1)).toEqual(['committed']);
    expect(await readAll(topic, 3, { isolationLevel: FetchIsolationLevels.READ_UNCOMMITTED })).toEqual([
      'aborted-1',
      'aborted-2',
      'committed',
    ]);
  });

  it('lets a SCRAM partner read the topic its ACL grants and refuses it another', async () => {
    const granted = await isolation.createTopic('partner-granted');
    const other = await isolation.createTopic('partner-other');
    await produce([
      { topic: granted, value: 'for the partner' },
      { topic: other, value: 'not for them' },
    ]);

    const partner = { username: `partner-${isolation.id}`.replaceAll('_', '-'), password: 'partner-secret-1' };
    await upsertScramUser(loadLocalConfig(), partner.username, partner.password);
    const principal = `User:${partner.username}`;
    await admin.createAcls({
      creations: [
        {
          resourceType: ResourceTypes.TOPIC,
          resourceName: granted,
          resourcePatternType: ResourcePatternTypes.LITERAL,
          principal,
          host: '*',
          operation: AclOperations.READ,
          permissionType: AclPermissionTypes.ALLOW,
        },
        {
          resourceType: ResourceTypes.GROUP,
          resourceName: isolation.id,
          resourcePatternType: ResourcePatternTypes.PREFIXED,
          principal,
          host: '*',
          operation: AclOperations.READ,
          permissionType: AclPermissionTypes.ALLOW,
        },
      ],
    });

    const asPartner = { bootstrap: isolation.endpoints.kafka.partnerBootstrap, sasl: partner };
    expect(await readAll(granted, 1, asPartner)).toEqual(['for the partner']);
    await expect(readAll(other, 1, asPartner)).rejects.toThrow(/authoriz/i);
    const wrongPassword = { ...asPartner, sasl: { username: partner.username, password: 'wrong-password' } };
    await expect(readAll(granted, 1, wrongPassword)).rejects.toThrow();
  });
});
