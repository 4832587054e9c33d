import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { compatibilityPartitioner, Producer } from '@platformatic/kafka';
import { StandardMerkleTree } from '@openzeppelin/merkle-tree';
import {
  type AnchorBatch,
  type AnchorLeafChunk,
  type AvroCodec,
  catalogTopics,
  type TopicCodec,
  topics,
} from '@vz/schemas';
import {
  createIsolation,
  freePort,
  type Isolation,
  isolatedTopic,
  readTopic,
  repositoryRoot,
  testCodec,
  testKafkaConfig,
} from '@vz/testing';
import { keccak256 as ethersKeccak } from 'ethers';
import {
  anchorLeafEncoding,
  AnchorTree,
  buildRecordProof,
  leafHashOf,
  readAnchorLedger,
  rootFromProof,
  valueHashOf,
} from '../../src/index.ts';

// The anchoring worker as a child process on this file's own copies of every anchored topic: records written while
// it is SIGKILLed again and again land in exactly one sealed batch each, aborted records in none, and a proof built
// for any of them checks against its batch root with OpenZeppelin's verifier.

let isolation: Isolation;
let codec: AvroCodec;
let anchors: TopicCodec<AnchorBatch>;
let leaves: TopicCodec<AnchorLeafChunk>;
let anchoredTopics: string[];
const children = new Set<ChildProcess>();

beforeAll(async () => {
  isolation = await createIsolation(import.meta.filename);
  codec = testCodec(isolation);
  const specs = catalogTopics().filter((spec) => spec.anchored);
  anchoredTopics = [];
  for (const spec of specs) anchoredTopics.push((await isolatedTopic(isolation, codec, spec)).topic);
  anchors = await isolatedTopic<AnchorBatch>(isolation, codec, topics.ledgerAnchors);
  leaves = await isolatedTopic<AnchorLeafChunk>(isolation, codec, topics.ledgerAnchorLeaves);
});

afterAll(async () => {
  for (const child of children) child.kill('SIGKILL');
  await isolation.close();
});

async function startWorker(logName: string): Promise<ChildProcess> {
  const child = spawn(
    join(repositoryRoot, 'node_modules/.bin/node'),
    [join(repositoryRoot, 'streams/anchoring/src/main.ts')],
    {
      env: {
        // Only the worker's own VZ_* variables: a deployable refuses VZ_* keys its configuration does not know.
        ...Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('VZ_'))),
        VZ_KAFKA_BOOTSTRAP: isolation.endpoints.kafka.bootstrap,
        VZ_KAFKA_REGISTRY_URL: isolation.endpoints.registry.confluentUrl,
        VZ_HTTP_PORT: String(await freePort()),
        VZ_ANCHORING_TOPIC_PREFIX: isolation.topicPrefix,
        VZ_ANCHORING_MAX_LEAVES: '40',
        VZ_ANCHORING_MAX_AGE_MS: '300',
        VZ_ANCHORING_CHUNK_SIZE: '7',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const log = createWriteStream(join(repositoryRoot, '.vz', `${isolation.id}-${logName}.log`));
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  children.add(child);
  child.once('exit', () => children.delete(child));
  return child;
}

function firstTopic(): string {
  const [topic] = anchoredTopics;
  if (topic === undefined) throw new Error('no anchored topic');
  return topic;
}

function producer(transactionalId?: string): Producer {
  return new Producer({
    clientId: 'anchoring-test',
    bootstrapBrokers: [isolation.endpoints.kafka.bootstrap],
    partitioner: compatibilityPartitioner,
    acks: -1,
    ...(transactionalId === undefined ? {} : { idempotent: true, transactionalId, producerId: -1n, producerEpoch: -1 }),
  });
}

describe('anchoring worker', () => {
  it('seals every committed record of every anchored topic into exactly one batch across SIGKILLs', async () => {
    const plain = producer();
    const transactional = producer(`${isolation.id}-writer`);
    let committed = 0;
    let worker = await startWorker('worker-0');
    try {
      for (let round = 0; round < 12; round += 1) {
        for (const [index, topic] of anchoredTopics.entries()) {
          await plain.send({
            messages: Array.from({ length: 5 }, (_, n) => ({
              topic,
              key: Buffer.from(`key-${round}-${n}`),
              value: Buffer.from(`round ${round} record ${n} of topic ${index}`),
            })),
          });
          committed += 5;
        }
        // An aborted transaction leaves offsets no batch may cover as leaves.
        const aborted = await transactional.beginTransaction();
        await aborted.send({
          messages: [{ topic: firstTopic(), key: Buffer.from('aborted'), value: Buffer.from('never committed') }],
        });
        await aborted.abort();
        if (round % 3 === 2) {
          worker.kill('SIGKILL');
          await sleep(200);
          worker = await startWorker(`worker-${round}`);
        }
        await sleep(150);
      }
    } finally {
      await plain.close();
      await transactional.close();
    }

    // Wait until every committed record is sealed.
    const deadline = Date.now() + 120_000;
    let ledger = await readAnchorLedger(testKafkaConfig(isolation, 'anchoring-test'), anchors);
    while (ledger.reduce((sum, entry) => sum + entry.batch.leafCount, 0) < committed && Date.now() < deadline) {
      await sleep(1_000);
      ledger = await readAnchorLedger(testKafkaConfig(isolation, 'anchoring-test'), anchors);
    }
    worker.kill('SIGTERM');

    expect(ledger.reduce((sum, entry) => sum + entry.batch.leafCount, 0)).toBe(committed);
    ledger.forEach((entry, index) => {
      expect(entry.batch.batchId).toBe(String(index));
      expect(entry.batch.causationId).toBe(index === 0 ? 'genesis' : `${index - 1}:sealed`);
    });

    // Each batch's leaves are kept, rebuild its root, and no record is in two batches or missing.
    const chunks = await readTopic(isolation.endpoints.kafka.bootstrap, leaves.topic, 1, { settleMs: 2_000 });
    const leavesByBatch = new Map<string, AnchorLeafChunk[]>();
    for (const message of chunks) {
      const chunk = await leaves.decode(message.value, message);
      leavesByBatch.set(chunk.batchId, [...(leavesByBatch.get(chunk.batchId) ?? []), chunk]);
    }
    const seen = new Set<string>();
    for (const { batch } of ledger) {
      const batchLeaves = (leavesByBatch.get(batch.batchId) ?? [])
        .sort((a, b) => a.chunkIndex - b.chunkIndex)
        .flatMap((chunk) => chunk.leaves);
      expect(batchLeaves).toHaveLength(batch.leafCount);
      const tree = AnchorTree.of(
        batchLeaves.map((leaf) =>
          leafHashOf({ ...leaf, offset: BigInt(leaf.offset) }, Buffer.from(leaf.valueHash.slice(2), 'hex')),
        ),
      );
      expect(tree.root).toBe(batch.merkleRoot);
      for (const leaf of batchLeaves) {
        const id = `${leaf.topic}/${leaf.partition}@${leaf.offset}`;
        expect(seen.has(id)).toBe(false);
        seen.add(id);
      }
    }
    expect(seen.size).toBe(committed);
    // The aborted records' offsets are inside ranges of the first topic but are no leaves.
    const firstTopicLeaves = [...seen].filter((id) => id.startsWith(`${anchoredTopics[0]}/`));
    expect(firstTopicLeaves).toHaveLength(12 * 5);
  });

  it('builds a proof for a record that OpenZeppelin verifies against the batch root, and notices a changed value', async () => {
    const kafka = testKafkaConfig(isolation, 'anchoring-test');
    const ledger = await readAnchorLedger(kafka, anchors);
    const range = ledger.at(-1)?.batch.ranges[0];
    if (range === undefined) throw new Error('no batch sealed');
    const proof = await buildRecordProof(
      { kafka, anchors, leaves },
      {
        topic: range.topic,
        partition: range.partition,
        offset: BigInt(range.toOffset),
      },
    );
    const value = Buffer.from(proof.value, 'base64');
    const verified = StandardMerkleTree.verify(
      proof.merkleRoot,
      [...anchorLeafEncoding],
      [proof.topic, proof.partition, proof.offset, ethersKeccak(value)],
      [...proof.proof],
    );
    expect(verified).toBe(true);
    expect(rootFromProof(proof.leaf, proof.proof)).toBe(proof.merkleRoot);

    const tampered = Buffer.concat([value.subarray(0, -1), Buffer.from([(value.at(-1) ?? 0) ^ 1])]);
    const tamperedLeaf = leafHashOf(
      { topic: proof.topic, partition: proof.partition, offset: BigInt(proof.offset) },
      valueHashOf(tampered),
    );
    expect(rootFromProof(`0x${Buffer.from(tamperedLeaf).toString('hex')}`, proof.proof)).not.toBe(proof.merkleRoot);
    expect(
      StandardMerkleTree.verify(
        proof.merkleRoot,
        [...anchorLeafEncoding],
        [proof.topic, proof.partition, proof.offset, ethersKeccak(tampered)],
        [...proof.proof],
      ),
    ).toBe(false);
  });
});
