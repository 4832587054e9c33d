import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createLogger, hashPassword } from '@vz/core';
import type { KafkaConfig } from '@vz/kafka';
import { type ChargerEvent, type RawFrame, type TopicCodec, topics } from '@vz/schemas';
import { createIsolation, type Isolation, isolatedTopic, readTopic, testCodec, testKafkaConfig } from '@vz/testing';
import { RPCClient } from 'ocpp-rpc';
import WebSocket from 'ws';
import { Csms, type CsmsSettings } from '../../src/csms.ts';
import { StationCredentials } from '../../src/stations/credentials.ts';

let isolation: Isolation;
let kafka: KafkaConfig;
let csms: Csms;
let endpoint: string;
let rawFrames: TopicCodec<RawFrame>;
let chargerEvents: TopicCodec<ChargerEvent>;
const password = 'correct horse battery staple';
const settings: CsmsSettings = {
  host: '127.0.0.1',
  port: 0,
  heartbeatIntervalSeconds: 300,
  autoProvision: false,
  maxMessageBytes: 2_048,
  rateLimitPerSecond: 50,
  rateLimitBurst: 100,
};

beforeAll(async () => {
  isolation = await createIsolation(import.meta.filename);
  kafka = testKafkaConfig(isolation, 'test-ocpp');
  const codec = testCodec(isolation);
  rawFrames = await isolatedTopic<RawFrame>(isolation, codec, topics.chargerFramesRaw);
  chargerEvents = await isolatedTopic<ChargerEvent>(isolation, codec, topics.chargerEvents);
  const hash = await hashPassword(password);
  const credentials = new StationCredentials(['CP-16', 'CP-201', 'CP-BAD', 'CP-OCMF'].map((id) => [id, hash] as const));
  csms = new Csms({
    settings,
    instanceId: 'test',
    kafka,
    rawFrames,
    chargerEvents,
    credentials,
    logger: createLogger('csms-test', { level: 'warn' }),
  });
  endpoint = `ws://127.0.0.1:${await csms.listen()}/ocpp`;
});

afterAll(async () => {
  await csms.close();
  await isolation.close();
});

function charger(identity: string, protocol: 'ocpp1.6' | 'ocpp2.0.1', secret = password): RPCClient {
  // ocpp-rpc's typings declare every option required; the constructor fills in defaults.
  const options = { endpoint, identity, password: secret, protocols: [protocol], strictMode: true, reconnect: false };
  return new RPCClient(options as unknown as ConstructorParameters<typeof RPCClient>[0]);
}

/** Every record of a topic for one charger, decoded, in offset order (one charger = one partition). */
async function recordsOf<Value>(codec: TopicCodec<Value>, chargerId: string, atLeast: number): Promise<Value[]> {
  const messages = await readTopic(isolation.endpoints.kafka.bootstrap, codec.topic, atLeast, {
    settleMs: 1_500,
    timeoutMs: 30_000,
  });
  const mine = messages.filter((message) => message.key?.toString() === chargerId);
  return Promise.all(mine.map((message) => codec.decode(message.value, message)));
}

const kindOf = (event: ChargerEvent): string => Object.keys(event.payload)[0]?.replace('vz.charger.', '') ?? '';

describe('the OCPP central system', () => {
  it('runs an OCPP 1.6J session: every frame on the raw topic, the normalized events in order, energy in Wh', async () => {
    const client = charger('CP-16', 'ocpp1.6');
    await client.connect();
    expect(
      await client.call('BootNotification', { chargePointVendor: 'VZ', chargePointModel: 'Sim-16' }),
    ).toMatchObject({ status: 'Accepted', interval: 300 });
    await client.call('StatusNotification', {
      connectorId: 1,
      errorCode: 'NoError',
      status: 'Preparing',
      timestamp: '2026-11-21T10:00:00.000Z',
    });
    expect(await client.call('Authorize', { idTag: 'TAG-1' })).toEqual({ idTagInfo: { status: 'Accepted' } });
    const started = (await client.call('StartTransaction', {
      connectorId: 1,
      idTag: 'TAG-1',
      meterStart: 1_000,
      timestamp: '2026-11-21T10:00:01.000Z',
    })) as { transactionId: number };
    await client.call('MeterValues', {
      connectorId: 1,
      transactionId: started.transactionId,
      meterValue: [
        {
          timestamp: '2026-11-21T10:15:00.000Z',
          sampledValue: [
            { value: '1.7505', unit: 'kWh' },
            { value: '11', measurand: 'Power.Active.Import', unit: 'kW' },
          ],
        },
      ],
    });
    await client.call('StopTransaction', {
      transactionId: started.transactionId,
      meterStop: 2_500,
      timestamp: '2026-11-21T10:30:00.000Z',
      reason: 'EVDisconnected',
    });
    await client.close();

    const raw = await recordsOf(rawFrames, 'CP-16', 12);
    expect(raw.map((frame) => [frame.direction, frame.messageTypeId, frame.action])).toEqual(
      [
        'BootNotification',
        'StatusNotification',
        'Authorize',
        'StartTransaction',
        'MeterValues',
        'StopTransaction',
      ].flatMap((action) => [
        ['FROM_CHARGER', 2, action],
        ['TO_CHARGER', 3, null],
      ]),
    );
    expect(raw.every((frame) => frame.protocol === 'OCPP16')).toBe(true);

    const events = await recordsOf(chargerEvents, 'CP-16', 7);
    expect(events.map(kindOf)).toEqual([
      'BootNotified',
      'StatusChanged',
      'AuthorizationRequested',
      'AuthorizationDecided',
      'TransactionStarted',
      'MeterSampled',
      'TransactionEnded',
    ]);
    const transactionId = String(started.transactionId);
    expect(events[4]?.payload).toEqual({
      'vz.charger.TransactionStarted': expect.objectContaining({ transactionId, meterStartWh: 1_000, idTag: 'TAG-1' }),
    });
    expect(events[5]?.payload).toEqual({
      'vz.charger.MeterSampled': expect.objectContaining({
        transactionId,
        samples: [
          expect.objectContaining({ measurand: 'ENERGY_ACTIVE_IMPORT_REGISTER', value: 1_751, unit: 'WH' }),
          expect.objectContaining({ measurand: 'POWER_ACTIVE_IMPORT', value: 11_000, unit: 'W' }),
        ],
      }),
    });
    expect(events[6]).toMatchObject({
      occurredAt: Date.parse('2026-11-21T10:30:00.000Z'),
      payload: { 'vz.charger.TransactionEnded': { transactionId, meterStopWh: 2_500, reason: 'EV_DISCONNECTED' } },
    });
    // Each event names the raw frame it came from.
    expect(events.every((event) => raw.some((frame) => frame.eventId === event.causationId))).toBe(true);
  });

  it('runs an OCPP 2.0.1 session with TransactionEvent Started / Updated / Ended', async () => {
    const client = charger('CP-201', 'ocpp2.0.1');
    await client.connect();
    await client.call('BootNotification', {
      reason: 'PowerUp',
      chargingStation: { model: 'Sim-201', vendorName: 'VZ' },
    });
    const transactionInfo = { transactionId: 'b7a3c1f0-2a4e-4c55-9d5c-1b2c3d4e5f60' };
    const meter = (timestamp: string, kWh: number) => [
      {
        timestamp,
        sampledValue: [{ value: kWh, measurand: 'Energy.Active.Import.Register', unitOfMeasure: { unit: 'kWh' } }],
      },
    ];
    const event = (eventType: string, seqNo: number, timestamp: string, kWh: number, extra: object = {}) =>
      client.call('TransactionEvent', {
        eventType,
        timestamp,
        triggerReason: 'MeterValuePeriodic',
        seqNo,
        transactionInfo,
        evse: { id: 1, connectorId: 1 },
        meterValue: meter(timestamp, kWh),
        ...extra,
      });
    await event('Started', 0, '2026-11-21T11:00:00.000Z', 10.0, {
      idToken: { idToken: 'TOKEN-9', type: 'ISO14443' },
      triggerReason: 'Authorized',
    });
    await event('Updated', 1, '2026-11-21T11:10:00.000Z', 12.345);
    await event('Ended', 2, '2026-11-21T11:20:00.000Z', 14.5, {
      transactionInfo: { ...transactionInfo, stoppedReason: 'Local' },
    });
    await client.close();

    const events = await recordsOf(chargerEvents, 'CP-201', 6);
    expect(events.map(kindOf)).toEqual([
      'BootNotified',
      'TransactionStarted',
      'MeterSampled',
      'MeterSampled',
      'MeterSampled',
      'TransactionEnded',
    ]);
    expect(events[1]?.payload).toEqual({
      'vz.charger.TransactionStarted': expect.objectContaining({
        transactionId: transactionInfo.transactionId,
        meterStartWh: 10_000,
        evseId: 1,
        idTag: 'TOKEN-9',
      }),
    });
    expect(events[3]?.payload).toEqual({
      'vz.charger.MeterSampled': expect.objectContaining({
        samples: [expect.objectContaining({ value: 12_345, unit: 'WH' })],
      }),
    });
    expect(events[5]?.payload).toEqual({
      'vz.charger.TransactionEnded': expect.objectContaining({ meterStopWh: 14_500, reason: 'LOCAL' }),
    });
  });

  it('ends a 1.6 transaction whose StopTransaction carries an OCMF SignedData reading and an unreadable value', async () => {
    // Eichrecht meters sign begin and end readings (OCMF of S.A.F.E. e.V.); OCPP 1.6 sends them as SignedData.
    const ocmf =
      'OCMF|{"FV":"1.0","GI":"KEBA_KCP30","GS":"17619300","GV":"2.8.5","PG":"T33","MS":"BQ27400330016","IS":true,' +
      '"IT":"ISO14443","ID":"1F2D3A4F5506C7","RD":[{"TM":"2026-11-21T12:00:00,000+0000 S","TX":"B","RV":12.5,' +
      '"RI":"1-b:1.8.0","RU":"kWh","RT":"AC","EF":"","ST":"G"},{"TM":"2026-11-21T12:45:00,000+0000 S","TX":"E",' +
      '"RV":20.0005,"EF":"","ST":"G"}]}|{"SA":"ECDSA-secp256r1-SHA256","SD":"304402201D0C3F2E8A7B6C5D4E3F2A1B0C9D' +
      '8E7F6A5B4C3D2E1F0A9B8C7D6E5F4A3B2C1D0220112233445566778899AABBCCDDEEFF00112233445566778899AABBCCDDEEFF00"}';
    const client = charger('CP-OCMF', 'ocpp1.6');
    await client.connect();
    const started = (await client.call('StartTransaction', {
      connectorId: 1,
      idTag: 'TAG-OCMF',
      meterStart: 12_500,
      timestamp: '2026-11-21T12:00:00.000Z',
    })) as { transactionId: number };
    const answer = await client.call('StopTransaction', {
      transactionId: started.transactionId,
      meterStop: 20_001,
      timestamp: '2026-11-21T12:45:01.000Z',
      reason: 'Local',
      transactionData: [
        {
          timestamp: '2026-11-21T12:45:00.000Z',
          sampledValue: [
            { value: ocmf, format: 'SignedData', context: 'Transaction.End' },
            { value: 'not-a-number', measurand: 'SoC', context: 'Transaction.End' },
          ],
        },
      ],
    });
    await client.close();
    expect(answer).toEqual({}); // a CALLRESULT: the call resolved instead of rejecting with a CALLERROR

    const raw = await recordsOf(rawFrames, 'CP-OCMF', 4);
    expect(raw.map((frame) => [frame.direction, frame.messageTypeId])).toEqual([
      ['FROM_CHARGER', 2],
      ['TO_CHARGER', 3],
      ['FROM_CHARGER', 2],
      ['TO_CHARGER', 3],
    ]);
    const events = await recordsOf(chargerEvents, 'CP-OCMF', 3);
    expect(events.map(kindOf)).toEqual(['TransactionStarted', 'MeterSampled', 'TransactionEnded']);
    const signedEndReading = expect.objectContaining({
      measurand: 'ENERGY_ACTIVE_IMPORT_REGISTER',
      value: 20_001, // 20.0005 kWh, the half rounded up
      unit: 'WH',
      context: 'Transaction.End',
      signedData: ocmf,
      signedFormat: 'OCMF',
      readError: null,
    });
    expect(events[1]?.payload).toEqual({
      'vz.charger.MeterSampled': expect.objectContaining({
        samples: [
          signedEndReading,
          expect.objectContaining({ measurand: 'SOC', value: 0, unit: 'UNKNOWN', readError: expect.any(String) }),
        ],
      }),
    });
    expect(events[2]?.payload).toEqual({
      'vz.charger.TransactionEnded': expect.objectContaining({
        transactionId: String(started.transactionId),
        meterStopWh: 20_001,
        reason: 'LOCAL',
        signedMeterStop: signedEndReading,
      }),
    });
  });

  it('answers malformed frames with the right CALLERROR and records them', async () => {
    const socket = new WebSocket(`${endpoint}/CP-BAD`, ['ocpp1.6'], {
      headers: { authorization: `Basic ${Buffer.from(`CP-BAD:${password}`).toString('base64')}` },
    });
    await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
    const replies: unknown[][] = [];
    socket.on('message', (data: Buffer) => replies.push(JSON.parse(data.toString()) as unknown[]));
    const send = async (frame: string, count: number) => {
      socket.send(frame);
      const deadline = Date.now() + 5_000;
      while (replies.length < count && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
      return replies[count - 1];
    };
    expect(
      (
        await send(
          '[2,"m1","StartTransaction",{"connectorId":"one","idTag":"T","meterStart":0,"timestamp":"2026-11-21T10:00:00Z"}]',
          1,
        )
      )?.slice(0, 3),
    ).toEqual([4, 'm1', 'TypeConstraintViolation']);
    expect((await send('[2,"m2","LaunchRocket",{}]', 2))?.slice(0, 3)).toEqual([4, 'm2', 'NotImplemented']);
    expect(
      (await send(`[2,"m3","DataTransfer",{"vendorId":"VZ","data":"${'x'.repeat(3_000)}"}]`, 3))?.slice(0, 3),
    ).toEqual([4, 'm3', 'FormationViolation']);
    expect((await send('[2,"m4","Heartbeat",', 4))?.[0]).toBe(4);
    socket.close();

    const raw = await recordsOf(rawFrames, 'CP-BAD', 8);
    const inbound = raw.filter((frame) => frame.direction === 'FROM_CHARGER');
    expect(inbound.map((frame) => frame.uniqueId)).toEqual(['m1', 'm2', 'm3', null]);
    expect(inbound[3]?.parseError).toMatch(/JSON/);
    expect(raw.filter((frame) => frame.direction === 'TO_CHARGER').map((frame) => frame.messageTypeId)).toEqual([
      4, 4, 4, 4,
    ]);
  });

  it('serves Security Profile 2: TLS with Basic auth, and a plain connection gets nowhere', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'vz-ocpp-tls-'));
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-days',
        '1',
        '-subj',
        '/CN=127.0.0.1',
        '-addext',
        'subjectAltName=IP:127.0.0.1',
        '-keyout',
        join(directory, 'key.pem'),
        '-out',
        join(directory, 'cert.pem'),
      ],
      { stdio: 'ignore' },
    );
    const cert = readFileSync(join(directory, 'cert.pem'));
    const tlsCsms = new Csms({
      settings: { ...settings, tls: { cert, key: readFileSync(join(directory, 'key.pem')) } },
      instanceId: 'test-tls',
      kafka,
      rawFrames,
      chargerEvents,
      credentials: new StationCredentials([['CP-16', await hashPassword(password)]]),
      logger: createLogger('csms-tls-test', { level: 'warn' }),
    });
    const port = await tlsCsms.listen();
    try {
      const options = {
        endpoint: `wss://127.0.0.1:${port}/ocpp`,
        identity: 'CP-16',
        password,
        protocols: ['ocpp1.6'],
        strictMode: true,
        reconnect: false,
        wsOpts: { ca: cert },
      };
      const secure = new RPCClient(options as unknown as ConstructorParameters<typeof RPCClient>[0]);
      await secure.connect();
      expect(await secure.call('Heartbeat', {})).toEqual({ currentTime: expect.any(String) });
      await secure.close();
      const plain = new RPCClient({
        ...options,
        endpoint: `ws://127.0.0.1:${port}/ocpp`,
      } as unknown as ConstructorParameters<typeof RPCClient>[0]);
      await expect(plain.connect()).rejects.toThrow();
    } finally {
      await tlsCsms.close();
      rmSync(directory, { recursive: true, force: true });
    }
  });

  it('refuses a wrong password and an unknown station', async () => {
    await expect(charger('CP-16', 'ocpp1.6', 'not the password').connect()).rejects.toThrow(/Unauthorized/);
    await expect(charger('CP-NOBODY', 'ocpp1.6').connect()).rejects.toThrow(/Unauthorized/);
  });
});
