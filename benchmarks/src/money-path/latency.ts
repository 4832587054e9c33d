import { setTimeout as sleep } from 'node:timers/promises';
import { InternalError, TimeoutError } from '@vz/core';
import { Processor, processorStage } from '@vz/kafka';
import { followRegistry, type RegistryView } from '@vz/registry';
import type { ChargerEvent } from '@vz/schemas';
import {
  defaultSessionRules,
  sessionsApplication,
  sessionsProcessor,
  sessionsProcessorOptions,
} from '@vz/stream-sessions';
import { defaultSettlementRules, settlementsApplication, settlementsProcessor } from '@vz/stream-settlements';
import { sampleSessionEvents } from '@vz/testing';
import { Registry } from 'prom-client';
import type { MoneyBench } from './bench.ts';
import type { ChainConnector } from './connector.ts';
import { countBy, distribution } from './measure.ts';
import { lockOrder, type MoneyNetwork } from './network.ts';
import { chargerId, driverId, driverTag, escrowIdOf } from './settings.ts';

/**
 * The session locks on chain and on payment.events before any session starts (settlements wait for their lock's
 * event). On an automining anvil blocks come only with transactions: the listener's confirmations are mined on top of
 * the last lock.
 */
async function lockSessions(
  bench: MoneyBench,
  network: MoneyNetwork,
  connector: ChainConnector,
  lockIds: readonly string[],
): Promise<RegistryView> {
  const { settings } = bench;
  await bench.produce(
    bench.topics.paymentCommands,
    lockIds.map((escrowId, i) => ({
      key: driverId(i % settings.driverCount),
      value: lockOrder(network, escrowId, i % settings.driverCount, chargerId(i % settings.chargerCount)),
    })),
  );
  await connector.outcomes('LOCK', new Set(lockIds), 600_000);
  for (let block = 0; block < settings.confirmations; block += 1) await bench.provider.send('evm_mine', []);
  const registryFeed = await followRegistry({
    kafka: bench.kafka,
    topics: bench.topics.registry,
    application: `${bench.prefix}bench`,
    instanceId: 'bench-0',
    logger: bench.logger,
  });
  bench.stoppers.push(registryFeed.close);
  const view = registryFeed.view;
  const lockWaitStarted = Date.now();
  while (lockIds.some((escrowId) => view.lockOf(escrowId) === undefined)) {
    if (Date.now() - lockWaitStarted > 120_000)
      throw new TimeoutError('the session locks did not reach payment.events');
    await sleep(100);
  }
  return view;
}

/**
 * The sessions and settlements processors in this process (Processors of libs/kafka with the deployables' defaults,
 * on the prefixed topics, reading the registry through `view`); stopped at the bench's close.
 */
async function startProcessors(bench: MoneyBench, view: RegistryView): Promise<void> {
  const { kafka, codec, logger, prefix, topics } = bench;
  const metricsRegistry = new Registry();
  const processors = [
    new Processor({
      application: `${prefix}${sessionsApplication}`,
      instanceId: 'bench-0',
      kafka,
      codec,
      logger,
      metricsRegistry,
      ...sessionsProcessor(
        { chargerEvents: topics.chargerEvents, sessions: topics.sessions, latest: topics.latestSessions },
        defaultSessionRules,
        sessionsProcessorOptions(view, defaultSessionRules),
      ),
    }),
    new Processor({
      ...processorStage({
        application: `${prefix}${settlementsApplication}`,
        instanceId: 'bench-0',
        // As streams/settlements' deployable: a session naming a lock waits for the lock's event, backing off.
        retry: { maxAttempts: 120, initialBackoffMs: 200, maxBackoffMs: 5_000 },
        ...settlementsProcessor(
          { sessions: topics.sessions, settlements: topics.settlements, reviews: topics.reviews },
          view,
          defaultSettlementRules,
        ),
      }),
      kafka,
      codec,
      logger,
      metricsRegistry,
    }),
  ];
  const loops = processors.map((processor) => processor.start());
  bench.stoppers.push(async () => {
    await Promise.all(processors.map((processor) => processor.stop()));
    await Promise.all(loops.map((loop) => loop.catch(() => undefined)));
  });
  while (!processors.every((processor) => processor.processing)) await sleep(50);
}

/**
 * One session every 1/`sessions-per-second` s: each charger's sessions as charger events (sampleSessionEvents), made
 * a prepaid driver's (its idTag and lock) and stamped at the wall clock when they are produced; the end `session-ms`
 * after the start. Returns when each session's end was produced, by lock id.
 */
async function driveSessions(bench: MoneyBench, lockIds: readonly string[]): Promise<Map<string, number>> {
  const { settings } = bench;
  const { sessionCount, chargerCount, readings } = settings;
  const sessionsPerCharger = Math.ceil(sessionCount / chargerCount);
  const generators = Array.from({ length: chargerCount }, (_, c) =>
    sampleSessionEvents(chargerId(c), {
      sessions: sessionsPerCharger,
      readings,
      startAt: 0,
      registerWh: 1_000_000 * c,
    }),
  );
  const endedAt = new Map<string, number>();
  const latencyStarted = Date.now();
  const sending: Promise<void>[] = [];
  for (let i = 0; i < sessionCount; i += 1) {
    const due = latencyStarted + (i * 1_000) / settings.sessionsPerSecond;
    await sleep(Math.max(0, due - Date.now()));
    const generator = generators[i % chargerCount];
    const events = Array.from({ length: readings + 2 }, () => generator?.next().value).filter(
      (event): event is ChargerEvent => event !== undefined,
    );
    const stamp = (event: ChargerEvent, at: number): ChargerEvent => {
      const payload = event.payload;
      const started = 'vz.charger.TransactionStarted' in payload ? payload['vz.charger.TransactionStarted'] : undefined;
      return {
        ...event,
        occurredAt: at,
        receivedAt: at,
        payload:
          started === undefined
            ? payload
            : {
                'vz.charger.TransactionStarted': {
                  ...started,
                  idTag: driverTag(i % settings.driverCount),
                  escrowId: lockIds[i] ?? null,
                },
              },
      };
    };
    const end = events.pop();
    if (end === undefined) throw new InternalError('no session events');
    const startAt = Date.now();
    const key = chargerId(i % chargerCount);
    const started = events.map((event, n) => ({ key, value: stamp(event, startAt + n) }));
    sending.push(
      (async () => {
        await bench.produce(bench.topics.chargerEvents, started);
        await sleep(Math.max(0, startAt + settings.sessionMs - Date.now()));
        const stoppedAt = Date.now();
        endedAt.set(lockIds[i] ?? '', stoppedAt);
        await bench.produce(bench.topics.chargerEvents, [{ key, value: stamp(end, stoppedAt) }]);
      })(),
    );
  }
  await Promise.all(sending);
  return endedAt;
}

/** For each key (`keyOf` of a record), when its first record was read. */
function firstAt<Value>(entries: readonly { value: Value; at: number }[], keyOf: (value: Value) => string | null) {
  const times = new Map<string, number>();
  for (const entry of entries) {
    const key = keyOf(entry.value);
    if (key !== null && !times.has(key)) times.set(key, entry.at);
  }
  return times;
}

/**
 * Phase 2, a session's stop to its settlement confirmed on chain. Per session: when its end was produced, and when
 * its COMPLETED state (charging.sessions), its settlement (billing.settlements) and its SETTLE outcome
 * (chain.transactions) were read, read_committed; the connector's log gives when the settle transaction was sent.
 */
export async function stopToSettled(bench: MoneyBench, network: MoneyNetwork, connector: ChainConnector) {
  const { sessionCount } = bench.settings;
  const lockIds = Array.from({ length: sessionCount }, (_, i) => escrowIdOf(bench.prefix, `latency:${i}`));
  const view = await lockSessions(bench, network, connector, lockIds);
  await startProcessors(bench, view);
  const completed = await bench.watch(bench.topics.sessions);
  const settled = await bench.watch(bench.topics.settlements);

  const endedAt = await driveSessions(bench, lockIds);
  const latencyKeys = new Set(lockIds);
  const settledOnChain = await connector.outcomes('SETTLE', latencyKeys, 300_000);
  const completedStates = await completed.waitFor(
    sessionCount,
    (session) => session.status === 'COMPLETED' && session.escrowId !== null && latencyKeys.has(session.escrowId),
    60_000,
  );
  const settlementRecords = await settled.waitFor(
    sessionCount,
    (settlement) => settlement.escrowId !== null && latencyKeys.has(settlement.escrowId),
    60_000,
  );

  // When the connector sent each settle transaction: the key's last send (the lock was sent long before).
  const sentAt = new Map([...connector.sendsOf(latencyKeys)].map(([key, times]) => [key, times.at(-1) ?? Number.NaN]));
  const completedAt = firstAt(completedStates, (session) => session.escrowId);
  const settlementAt = firstAt(settlementRecords, (settlement) => settlement.escrowId);
  const confirmedAt = firstAt(settledOnChain, (transaction) => transaction.naturalKey);
  const stages = {
    stopToCompleted: [] as number[],
    completedToSettlement: [] as number[],
    settlementToSent: [] as number[],
    sentToConfirmedRead: [] as number[],
    stopToSettledOnChain: [] as number[],
  };
  for (const [escrowId, stoppedAt] of endedAt) {
    const done = confirmedAt.get(escrowId);
    const completion = completedAt.get(escrowId);
    const settlement = settlementAt.get(escrowId);
    const sent = sentAt.get(escrowId);
    if (done === undefined || completion === undefined || settlement === undefined) continue;
    stages.stopToSettledOnChain.push(done - stoppedAt);
    stages.stopToCompleted.push(completion - stoppedAt);
    stages.completedToSettlement.push(settlement - completion);
    if (sent !== undefined) {
      stages.settlementToSent.push(sent - settlement);
      stages.sentToConfirmedRead.push(done - sent);
    }
  }
  return {
    sessions: sessionCount,
    settledOnChain: stages.stopToSettledOnChain.length,
    statuses: countBy(settledOnChain, (entry) => entry.value.status),
    ms: Object.fromEntries(Object.entries(stages).map(([name, values]) => [name, distribution(values)])),
  };
}
