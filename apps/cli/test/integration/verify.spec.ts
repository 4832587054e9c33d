import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readAnchorLedger, type LedgerBatch } from '@vz/stream-anchoring';
import { type AnchorBatch, topics } from '@vz/schemas';
import { createIsolation, type Isolation, testCodec, testKafkaConfig } from '@vz/testing';

// End to end on the running platform: the anchoring worker seals batches of the live traffic, connectors/chain
// anchors their roots on the platform's chain, and `vz verify` proves a record against the chain — and refuses it
// once a byte of it, or of its proof, is changed.

const cli = join(import.meta.dirname, '..', '..', 'src', 'cli.ts');
let isolation: Isolation;
const scratch = mkdtempSync(join(tmpdir(), 'vz-verify-'));

function vz(...args: string[]): { status: number | null; output: string } {
  const result = spawnSync(
    process.execPath,
    [
      cli,
      ...args,
      '--bootstrap',
      isolation.endpoints.kafka.bootstrap,
      '--registry',
      isolation.endpoints.registry.confluentUrl,
    ],
    { encoding: 'utf8' },
  );
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

beforeAll(async () => {
  isolation = await createIsolation(import.meta.filename);
});

afterAll(async () => {
  await isolation.close();
});

/** The first batch of the platform's own ledger whose root is on chain (the demo traffic fills one within seconds). */
async function anchoredBatch(): Promise<LedgerBatch> {
  const kafka = testKafkaConfig(isolation, 'verify-test');
  const anchors = await testCodec(isolation).bind<AnchorBatch>(
    topics.ledgerAnchors.name,
    topics.ledgerAnchors.valueSchema,
  );
  const deadline = Date.now() + 180_000;
  for (;;) {
    const anchored = (await readAnchorLedger(kafka, anchors)).find((entry) => entry.anchored !== undefined);
    if (anchored !== undefined) return anchored;
    if (Date.now() > deadline) throw new Error('no anchored batch on ledger.anchors after 180 s');
    await sleep(2_000);
  }
}

describe('vz verify', () => {
  it('proves an anchored record against the root on chain and refuses a tampered record or proof', async () => {
    const { batch, anchored } = await anchoredBatch();
    expect(anchored?.txHash).toMatch(/^0x[0-9a-f]{64}$/);
    const range = batch.ranges.find((candidate) => candidate.topic === 'charger.events') ?? batch.ranges[0];
    if (range === undefined) throw new Error(`batch ${batch.batchId} has no ranges`);
    const coordinates = [range.topic, String(range.partition), String(range.toOffset)];

    const fromKafka = vz('verify', ...coordinates);
    expect(fromKafka.output).toContain('✓ the proof leads from the leaf to the root');
    expect(fromKafka.output).toContain('✓ AnchorRegistry.verify on chain agrees');
    expect(fromKafka.output).toContain('VERIFIED');
    expect(fromKafka.status).toBe(0);

    const proofFile = join(scratch, 'proof.json');
    expect(vz('proof', ...coordinates, '--out', proofFile).status).toBe(0);
    const proof = JSON.parse(readFileSync(proofFile, 'utf8')) as { value: string; proof: string[]; batchId: string };
    expect(proof.batchId).toBe(batch.batchId);
    expect(vz('verify', '--proof', proofFile, '--offline').status).toBe(0);

    // One bit of the record changed: its leaf is another, and no proof leads from it to the root.
    const value = Buffer.from(proof.value, 'base64');
    const tamperedValue = Buffer.concat([value.subarray(0, -1), Buffer.from([(value.at(-1) ?? 0) ^ 1])]);
    const tamperedRecordFile = join(scratch, 'tampered-record.json');
    writeFileSync(tamperedRecordFile, JSON.stringify({ ...proof, value: tamperedValue.toString('base64') }));
    const tamperedRecord = vz('verify', '--proof', tamperedRecordFile, '--offline');
    expect(tamperedRecord.output).toContain('✗ the proof leads from the leaf to the root');
    expect(tamperedRecord.output).toContain('NOT VERIFIED');
    expect(tamperedRecord.status).toBe(1);
    // Without --offline the record is read again from Kafka, so the file's copy does not matter.
    expect(vz('verify', '--proof', tamperedRecordFile).status).toBe(0);

    // One sibling hash changed.
    const [first, ...rest] = proof.proof;
    const tamperedProofFile = join(scratch, 'tampered-proof.json');
    const flipped = `${(first ?? '0x').slice(0, -1)}${(first ?? '0').endsWith('0') ? '1' : '0'}`;
    writeFileSync(tamperedProofFile, JSON.stringify({ ...proof, proof: [flipped, ...rest] }));
    expect(vz('verify', '--proof', tamperedProofFile).status).toBe(1);

    // A batch the chain does not have.
    const unknownBatchFile = join(scratch, 'unknown-batch.json');
    writeFileSync(unknownBatchFile, JSON.stringify({ ...proof, batchId: '999999999' }));
    const unknown = vz('verify', '--proof', unknownBatchFile);
    expect(unknown.output).toContain('has no root on chain');
    expect(unknown.status).toBe(1);
  });
});
