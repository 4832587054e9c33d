import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Admin } from '@platformatic/kafka';
import { catalogTopics } from '@vz/schemas';
import { createIsolation, type Isolation } from '@vz/testing';

const cli = join(import.meta.dirname, '..', '..', 'src', 'cli.ts');
let isolation: Isolation;

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
      '--prefix',
      isolation.topicPrefix,
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

describe('vz catalog apply', () => {
  it('creates every catalog topic with its partitions and registers every value schema, and is idempotent', async () => {
    const first = vz('catalog', 'apply');
    expect(first.output).toContain(`topics: ${catalogTopics().length} created, 0 already there`);
    expect(first.status).toBe(0);

    const admin = new Admin({ clientId: 'test-cli', bootstrapBrokers: [isolation.endpoints.kafka.bootstrap] });
    try {
      const metadata = await admin.metadata({
        topics: catalogTopics().map((spec) => `${isolation.topicPrefix}${spec.name}`),
      });
      for (const spec of catalogTopics()) {
        expect(metadata.topics.get(`${isolation.topicPrefix}${spec.name}`)?.partitionsCount).toBe(spec.partitions);
      }
    } finally {
      await admin.close();
    }

    const second = vz('catalog', 'apply');
    expect(second.output).toContain(`topics: 0 created, ${catalogTopics().length} already there`);
    expect(second.output).toContain(`${catalogTopics().length} compatible, 0 not`);
    expect(second.status).toBe(0);
  });

  it('explains itself when asked nonsense', () => {
    const result = vz('schemas', 'frobnicate');
    expect(result.status).toBe(2);
    expect(result.output).toMatch(/unknown command 'schemas frobnicate'/);
  });
});
