import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createIsolation, type Isolation } from '@vz/testing';

let isolation: Isolation;
beforeAll(async () => {
  isolation = await createIsolation(import.meta.filename);
});
afterAll(() => isolation.close());

const contentType = 'application/vnd.schemaregistry.v1+json';

async function register(subject: string, schema: object): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${isolation.endpoints.registry.confluentUrl}/subjects/${subject}/versions`, {
    method: 'POST',
    headers: { 'content-type': contentType },
    body: JSON.stringify({ schemaType: 'AVRO', schema: JSON.stringify(schema) }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

const version1 = {
  type: 'record',
  name: 'Heartbeat',
  namespace: 'org.vzplatform.test',
  fields: [
    { name: 'stationId', type: 'string' },
    { name: 'occurredAt', type: { type: 'long', logicalType: 'timestamp-millis' } },
  ],
};

describe('Apicurio Registry (Confluent-compatible API) of the local platform', () => {
  it('reports BACKWARD as the global compatibility', async () => {
    const response = await fetch(`${isolation.endpoints.registry.confluentUrl}/config`);
    expect(await response.json()).toEqual({ compatibilityLevel: 'BACKWARD' });
  });

  it('registers a schema, gives the same id for the same schema, and serves it by id', async () => {
    const subject = `${isolation.topicPrefix}heartbeats-value`;
    const first = await register(subject, version1);
    expect(first.status).toBe(200);
    const id = first.body['id'];
    expect(typeof id).toBe('number');
    expect((await register(subject, version1)).body['id']).toBe(id);

    const byId = await fetch(`${isolation.endpoints.registry.confluentUrl}/schemas/ids/${String(id)}`);
    expect(JSON.parse(((await byId.json()) as { schema: string }).schema)).toMatchObject({ name: 'Heartbeat' });
  });

  it('refuses a change that is not BACKWARD compatible and accepts one that is', async () => {
    const subject = `${isolation.topicPrefix}evolving-value`;
    expect((await register(subject, version1)).status).toBe(200);

    const withoutDefault = { ...version1, fields: [...version1.fields, { name: 'connectorId', type: 'int' }] };
    const refused = await register(subject, withoutDefault);
    expect(refused.status).toBe(409);
    expect(String(refused.body['message'])).toMatch(/incompatible/i);

    const withDefault = { ...version1, fields: [...version1.fields, { name: 'connectorId', type: 'int', default: 0 }] };
    expect((await register(subject, withDefault)).status).toBe(200);

    const versions = await fetch(`${isolation.endpoints.registry.confluentUrl}/subjects/${subject}/versions`);
    expect(await versions.json()).toEqual([1, 2]);
  });
});
