import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Producer } from '@platformatic/kafka';
import { createLogger, hashPassword } from '@vz/core';
import { type AuthorizationToken, type ChargerEvent, type RawFrame, topics } from '@vz/schemas';
import { createIsolation, type Isolation, isolatedTopic, testCodec, testKafkaConfig } from '@vz/testing';
import { RPCClient } from 'ocpp-rpc';
import { Csms, defaultCsmsSettings } from '../../src/csms.ts';
import { StationCredentials } from '../../src/stations/credentials.ts';

let isolation: Isolation;
let csms: Csms;
let endpoint: string;
const password = 'tokens-test-station-password';

beforeAll(async () => {
  isolation = await createIsolation(import.meta.filename);
  const kafka = testKafkaConfig(isolation, 'test-tokens');
  const codec = testCodec(isolation);
  const tokens = await isolatedTopic<AuthorizationToken>(isolation, codec, topics.registryTokens);
  const token = (
    idTag: string,
    status: AuthorizationToken['status'],
    extra: Partial<AuthorizationToken> = {},
  ): AuthorizationToken => ({
    eventId: `token-${idTag}`,
    occurredAt: Date.now(),
    causationId: 'test',
    idTag,
    status,
    expiresAt: null,
    parentIdTag: null,
    mspPartyId: null,
    accountId: null,
    deleted: false,
    ...extra,
  });
  const producer = new Producer({ clientId: 'test-tokens', bootstrapBrokers: [isolation.endpoints.kafka.bootstrap] });
  await producer.send({
    messages: [
      token('T-OK', 'ACCEPTED', { parentIdTag: 'FLEET-1' }),
      token('T-BLOCKED', 'BLOCKED'),
      token('T-GONE', 'ACCEPTED'),
      token('T-GONE', 'ACCEPTED', { deleted: true }),
      token('T-OLD', 'ACCEPTED', { expiresAt: Date.now() - 60_000 }),
      token('T-NOCREDIT', 'NO_CREDIT'),
    ].map((value) => ({ topic: tokens.topic, key: Buffer.from(value.idTag), value: tokens.encode(value) })),
  });
  await producer.close();
  const hash = await hashPassword(password);
  csms = new Csms({
    settings: defaultCsmsSettings,
    instanceId: 'tokens',
    kafka,
    rawFrames: await isolatedTopic<RawFrame>(isolation, codec, topics.chargerFramesRaw),
    chargerEvents: await isolatedTopic<ChargerEvent>(isolation, codec, topics.chargerEvents),
    credentials: new StationCredentials([
      ['TOK-16', hash],
      ['TOK-201', hash],
    ]),
    logger: createLogger('tokens-test', { level: 'warn' }),
    tokens: { codec: tokens, acceptUnknown: false },
  });
  endpoint = `ws://127.0.0.1:${await csms.listen()}/ocpp`;
});

afterAll(async () => {
  await csms.close();
  await isolation.close();
});

function charger(identity: string, protocol: 'ocpp1.6' | 'ocpp2.0.1'): RPCClient {
  const options = { endpoint, identity, password, protocols: [protocol], strictMode: true, reconnect: false };
  return new RPCClient(options as unknown as ConstructorParameters<typeof RPCClient>[0]);
}

describe('authorization from registry.tokens', () => {
  it('answers OCPP 1.6 Authorize and StartTransaction from the latest token state', async () => {
    const client = charger('TOK-16', 'ocpp1.6');
    await client.connect();
    const authorize = async (idTag: string) =>
      ((await client.call('Authorize', { idTag })) as { idTagInfo: Record<string, unknown> }).idTagInfo;
    expect(await authorize('T-OK')).toEqual({ status: 'Accepted', parentIdTag: 'FLEET-1' });
    expect(await authorize('T-BLOCKED')).toEqual({ status: 'Blocked' });
    expect(await authorize('T-GONE')).toEqual({ status: 'Invalid' });
    expect(await authorize('T-NOBODY')).toEqual({ status: 'Invalid' });
    expect(await authorize('T-OLD')).toMatchObject({ status: 'Expired' });
    expect(await authorize('T-NOCREDIT')).toEqual({ status: 'Invalid' }); // NoCredit is not a 1.6 status
    const started = (await client.call('StartTransaction', {
      connectorId: 1,
      idTag: 'T-BLOCKED',
      meterStart: 0,
      timestamp: new Date().toISOString(),
    })) as {
      idTagInfo: { status: string };
    };
    expect(started.idTagInfo.status).toBe('Blocked');
    await client.close();
  });

  it('answers OCPP 2.0.1 Authorize with the 2.0.1 statuses', async () => {
    const client = charger('TOK-201', 'ocpp2.0.1');
    await client.connect();
    const authorize = async (idToken: string) =>
      (
        (await client.call('Authorize', { idToken: { idToken, type: 'ISO14443' } })) as {
          idTokenInfo: Record<string, unknown>;
        }
      ).idTokenInfo;
    expect(await authorize('T-NOCREDIT')).toEqual({ status: 'NoCredit' });
    expect(await authorize('T-OK')).toEqual({
      status: 'Accepted',
      groupIdToken: { idToken: 'FLEET-1', type: 'Central' },
    });
    expect(await authorize('T-NOBODY')).toEqual({ status: 'Invalid' });
    await client.close();
  });
});
