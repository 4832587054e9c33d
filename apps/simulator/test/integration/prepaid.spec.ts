import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  type ChainFixture,
  chainFixture,
  type ConnectorProcess,
  produce,
  readValues,
  startConnector,
} from '@vz/connector-chain/test-harness';
import { Csms, defaultCsmsSettings, StationCredentials } from '@vz/connector-ocpp';
import { createLogger, hashPassword } from '@vz/core';
import { defaultPrepaidSettings } from '@vz/edge';
import { followRegistry } from '@vz/registry';
import {
  type AuthorizationToken,
  type ChainTransaction,
  type ChargerEvent,
  type RawFrame,
  type Tariff,
  type TopicCodec,
  topics,
} from '@vz/schemas';
import {
  isolatedTopic,
  readTopic,
  sampleParty,
  sampleStation,
  sampleTariff,
  sampleToken,
  testKafkaConfig,
} from '@vz/testing';
import type { JsonRpcSigner } from 'ethers';
import { SimulatedCharger } from '../../src/index.ts';

// Prepaid starts through the real central system, Kafka, registry, chain connector and contracts (an anvil fork of
// this file's own): a driver with credit is let in once the lock is on chain and the start names it; a driver without
// is refused with the status of the charger's protocol and nothing is locked; with the chain connector down the start
// is refused after the wait, and the order is executed once the connector is back.

const password = 'prepaid-test-station-password';
const waitMs = 8_000;
let fixture: ChainFixture;
let connector: ConnectorProcess | undefined;
let csms: Csms;
let closeRegistry: () => Promise<void>;
let endpoint: string;
let chargerEvents: TopicCodec<ChargerEvent>;
const wallets: Record<'rich' | 'poor' | 'cpo', string> = { rich: '', poor: '', cpo: '' };

beforeAll(async () => {
  fixture = await chainFixture(import.meta.filename);
  const { isolation, codec, provider, contracts, addresses } = fixture;
  const signers: Record<'rich' | 'poor' | 'cpo', JsonRpcSigner> = {
    rich: await provider.getSigner(3),
    poor: await provider.getSigner(4),
    cpo: await provider.getSigner(5),
  };
  for (const [name, signer] of Object.entries(signers))
    wallets[name as keyof typeof wallets] = signer.address.toLowerCase();
  // The drivers' wallets pre-authorise the escrow, as the demo's do (deploy/local demo-wallets.ts).
  for (const signer of [signers.rich, signers.poor]) {
    await (await contracts.chargingToken.connect(signer).approve(addresses.contracts.Escrow, 10n ** 12n)).wait();
  }

  const registryTopics = {
    parties: fixture.topics.parties,
    tokens: await isolatedTopic<AuthorizationToken>(isolation, codec, topics.registryTokens),
    stations: fixture.topics.stations,
    tariffs: await isolatedTopic<Tariff>(isolation, codec, topics.registryTariffs),
  };
  const tariff: Tariff = {
    ...sampleTariff('PREPAID', [{ type: 'ENERGY', priceMinor: 30, vatBasisPoints: null }]),
    maxPrice: { amountMinor: 2_000, currency: 'EUR' },
  };
  await produce(fixture, registryTopics.parties, [
    { key: 'rich', value: sampleParty('rich', wallets.rich, { roles: ['DRIVER'], paymentMode: 'PREPAID' }) },
    { key: 'poor', value: sampleParty('poor', wallets.poor, { roles: ['DRIVER'], paymentMode: 'PREPAID' }) },
    { key: 'cpo', value: sampleParty('cpo', wallets.cpo) },
  ]);
  await produce(fixture, registryTopics.tokens, [
    { key: 'RICH-1', value: sampleToken('RICH-1', 'rich') },
    { key: 'POOR-1', value: sampleToken('POOR-1', 'poor') },
  ]);
  await produce(fixture, registryTopics.tariffs, [{ key: tariff.tariffId, value: tariff }]);
  await produce(
    fixture,
    registryTopics.stations,
    (['ocpp1.6', 'ocpp2.0.1'] as const).map((protocol) => {
      const station = { ...sampleStation(chargerOf(protocol), { protocol, tariffIds: ['PREPAID'] }), ownerId: 'cpo' };
      return { key: station.stationId, value: station };
    }),
  );
  // Top-ups through the platform's own path: orders on payment.commands, minted by the chain connector.
  await produce(fixture, fixture.topics.paymentCommands, [
    { key: 'rich', value: topUp('rich', wallets.rich, 10_000) },
    { key: 'poor', value: topUp('poor', wallets.poor, 100) },
  ]);
  connector = startConnector(fixture, 'prepaid', { VZ_CHAIN_CONFIRMATIONS: '0' });
  await readValues(fixture, fixture.topics.transactions, 2, { settleMs: 0 }); // both top-ups done

  const kafka = testKafkaConfig(isolation, 'test-prepaid');
  const logger = createLogger('prepaid-test', { level: 'warn' });
  const registry = await followRegistry({
    kafka,
    application: `${isolation.topicPrefix}connector-ocpp`,
    instanceId: 'test',
    logger,
    topics: registryTopics,
  });
  closeRegistry = registry.close;
  chargerEvents = await isolatedTopic<ChargerEvent>(isolation, codec, topics.chargerEvents);
  const hash = await hashPassword(password);
  csms = new Csms({
    settings: { ...defaultCsmsSettings, heartbeatIntervalSeconds: 3_600 },
    instanceId: 'prepaid',
    kafka,
    rawFrames: await isolatedTopic<RawFrame>(isolation, codec, topics.chargerFramesRaw),
    chargerEvents,
    credentials: new StationCredentials([
      [chargerOf('ocpp1.6'), hash],
      [chargerOf('ocpp2.0.1'), hash],
    ]),
    logger,
    tokens: { codec: registryTopics.tokens, acceptUnknown: false },
    prepaid: {
      registry: registry.view,
      commands: fixture.topics.paymentCommands,
      outcomes: fixture.topics.transactions,
      settings: { ...defaultPrepaidSettings, waitMs },
    },
  });
  endpoint = `ws://127.0.0.1:${await csms.listen()}/ocpp`;
});

afterAll(async () => {
  await csms?.close();
  await closeRegistry?.();
  await connector?.kill('SIGKILL');
  await fixture?.close();
});

function chargerOf(protocol: 'ocpp1.6' | 'ocpp2.0.1'): string {
  return protocol === 'ocpp1.6' ? 'PREPAID-16' : 'PREPAID-201';
}

function topUp(accountId: string, walletAddress: string, amountMinor: number) {
  return {
    eventId: `topup:${accountId}`,
    occurredAt: Date.now(),
    causationId: 'prepaid-test',
    accountId,
    walletAddress,
    payload: {
      'vz.payment.TopUpOrder': {
        amount: { amountMinor, currency: 'EUR' },
        paymentReference: `prepaid-test:${fixture.isolation.id}:${accountId}`,
      },
    },
  };
}

async function charger(protocol: 'ocpp1.6' | 'ocpp2.0.1'): Promise<SimulatedCharger> {
  const simulated = new SimulatedCharger({ endpoint, identity: chargerOf(protocol), password, protocol });
  await simulated.connect();
  await simulated.boot();
  return simulated;
}

/** The status a refused start was answered with (the simulator throws ForbiddenError with it). */
async function refusal(start: Promise<unknown>): Promise<string> {
  const error = await start.then(
    () => undefined,
    (reason: unknown) => reason as { details?: { status?: string } },
  );
  expect(error).toBeDefined();
  return String(error?.details?.status);
}

async function lockOutcomes(expected: number): Promise<ChainTransaction[]> {
  const all = await readValues(fixture, fixture.topics.transactions, expected, { settleMs: 500 });
  return all.filter((outcome) => outcome.kind === 'LOCK');
}

describe.each(['ocpp1.6', 'ocpp2.0.1'] as const)('a prepaid start at a %s charger', (protocol) => {
  it('with credit: Accepted once the lock is on chain, and the start names the lock', async () => {
    const simulated = await charger(protocol);
    try {
      const session = await simulated.startSession({ connectorId: 1, idTag: 'RICH-1', powerW: 7_400 });
      const starts = await readTopic(fixture.isolation.endpoints.kafka.bootstrap, chargerEvents.topic, 1, {
        where: (message) => message.key?.toString() === chargerOf(protocol),
        settleMs: 500,
      });
      const decoded = await Promise.all(starts.map((message) => chargerEvents.decode(message.value, message)));
      const started = decoded
        .map((event) => event.payload)
        .flatMap((payload) =>
          'vz.charger.TransactionStarted' in payload ? [payload['vz.charger.TransactionStarted']] : [],
        );
      expect(started).toHaveLength(1);
      const escrowId = started[0]?.escrowId ?? '';
      expect(escrowId).toMatch(/^0x[0-9a-f]{64}$/);
      const lock = await fixture.contracts.escrow.lockOf(escrowId);
      expect({ driver: lock.driver.toLowerCase(), amount: lock.amount, closed: lock.closed }).toEqual({
        driver: wallets.rich,
        amount: 2_000n, // the tariff's maxPrice
        closed: false,
      });
      await simulated.stopSession(session);
    } finally {
      await simulated.close();
    }
  });

  it('without credit: refused (1.6 Invalid, 2.0.1 NoCredit) with the chain’s reason, and nothing locked', async () => {
    const simulated = await charger(protocol);
    try {
      const status = await refusal(simulated.startSession({ connectorId: 1, idTag: 'POOR-1', powerW: 7_400 }));
      expect(status).toBe(protocol === 'ocpp1.6' ? 'Invalid' : 'NoCredit');
      const refused = (await lockOutcomes(1)).filter((outcome) => outcome.status === 'REVERTED');
      expect(refused.length).toBeGreaterThan(0);
      expect(refused.every((outcome) => /ERC20InsufficientBalance/.test(outcome.reason ?? ''))).toBe(true);
      expect(await fixture.contracts.chargingToken.balanceOf(wallets.poor)).toBe(100n);
    } finally {
      await simulated.close();
    }
  });
});

describe('the chain connector down at a start', () => {
  it('refuses the start after the wait (1.6 Invalid, 2.0.1 NotAtThisTime); the order is locked once it is back', async () => {
    await connector?.kill('SIGKILL');
    connector = undefined;
    const before = await fixture.contracts.chargingToken.balanceOf(wallets.rich);
    for (const protocol of ['ocpp1.6', 'ocpp2.0.1'] as const) {
      const simulated = await charger(protocol);
      try {
        const status = await refusal(simulated.startSession({ connectorId: 2, idTag: 'RICH-1', powerW: 7_400 }));
        expect(status).toBe(protocol === 'ocpp1.6' ? 'Invalid' : 'NotAtThisTime');
      } finally {
        await simulated.close();
      }
    }
    expect(await fixture.contracts.chargingToken.balanceOf(wallets.rich)).toBe(before);
    connector = startConnector(fixture, 'prepaid-again', { VZ_CHAIN_CONFIRMATIONS: '0' });
    // Both orders written while it was down are executed when it is back: nothing lost, each locked once.
    const deadline = Date.now() + 60_000;
    while ((await fixture.contracts.chargingToken.balanceOf(wallets.rich)) !== before - 4_000n) {
      if (Date.now() > deadline) throw new Error('the orders were not executed after the connector came back');
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  });
});
