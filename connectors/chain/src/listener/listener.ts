import { setTimeout as sleep } from 'node:timers/promises';
import { Admin, type MessageToProduce, type Producer } from '@platformatic/kafka';
import { FencedError, UnavailableError } from '@vz/core';
import {
  baseClientOptions,
  createTransactionalProducer,
  ensureTopics,
  fencePredecessor,
  fencingErrorOf,
  type KafkaConfig,
  jsonSerde,
  produceChunks,
  restorePartitions,
} from '@vz/kafka';
import type { Consent, PaymentEvent, TopicCodec } from '@vz/schemas';
import type { Log, LogDescription } from 'ethers';
import type { Logger } from 'pino';
import { Counter, Gauge, Registry } from 'prom-client';
import { type ChainContext, latestLog, platformContracts, type PlatformContracts } from '../chain.ts';
import { isRetriableChainError, ReorgTooDeepError } from '../chain-errors.ts';
import { consentOf, escrowEventOf, type GrantFacts, type LogPosition, topUpOf } from './log-events.ts';

/** The last block whose events are published: the listener's position, committed with those events. */
export interface Cursor {
  readonly blockNumber: number;
  readonly blockHash: string;
}

export interface ListenerTopics {
  readonly payments: TopicCodec<PaymentEvent>;
  readonly consents: TopicCodec<Consent>;
}

/** The listener's compacted cursor topic (one partition, one key per deployment), before the deployment's prefix. */
export const listenerCursorTopic = 'connector-chain-listener-cursor';

export interface ChainListenerOptions {
  readonly context: ChainContext;
  readonly kafka: KafkaConfig;
  readonly topics: ListenerTopics;
  /** Full name of the cursor topic (with the deployment's prefix). */
  readonly cursorTopic: string;
  /** One per listener identity: a restarted listener fences its dead predecessor's open transaction. */
  readonly transactionalId: string;
  readonly confirmations: number;
  readonly pollIntervalMs: number;
  readonly blockChunk: number;
  readonly currency: string;
  readonly logger: Logger;
  /** Where its metrics go (`vz_chain_listener_*`); a registry of its own when not given. */
  readonly metricsRegistry?: Registry;
}

function listenerMetrics(registry: Registry) {
  const registers = [registry];
  return {
    cursorBlock: new Gauge({
      name: 'vz_chain_listener_cursor_block',
      help: 'Last block whose events are published (committed with them).',
      registers,
    }),
    headBlock: new Gauge({ name: 'vz_chain_listener_head_block', help: 'Chain head at the last poll.', registers }),
    events: new Counter({
      name: 'vz_chain_listener_events_total',
      help: 'Events published in committed transactions, by topic.',
      labelNames: ['topic'],
      registers,
    }),
  };
}

const cursorSerde = jsonSerde<Cursor>();

/** How long the cursor check waits before reading a missing cursor block again. */
const cursorRecheckMs = 500;

/**
 * Publishes the platform contracts' events exactly once, in block order: polls eth_getLogs from the block after its
 * cursor up to `head - confirmations`, at most `blockChunk` blocks at a time, and writes the chunk's events and the
 * new cursor in one Kafka transaction. Before each poll it checks that the cursor's block is still the chain's block
 * at that height; if not, a reorganisation deeper than the confirmations replaced blocks whose events are published,
 * and it stops with ReorgTooDeepError (published events cannot be taken back: see the README).
 */
export class ChainListener {
  readonly #options: ChainListenerOptions;
  readonly #contracts: PlatformContracts;
  readonly #logger: Logger;
  readonly #watched: Map<string, 'token' | 'escrow' | 'consents'>;
  #producer: Producer | undefined;
  #cursor: Cursor | undefined;
  #cursorKey: string | undefined;
  #failures = 0;
  readonly #metrics: ReturnType<typeof listenerMetrics>;
  #stopping = false;
  #wake: (() => void) | undefined;
  #loop: Promise<void> | undefined;

  constructor(options: ChainListenerOptions) {
    this.#options = options;
    this.#contracts = platformContracts(options.context, options.context.provider);
    this.#logger = options.logger.child({ component: 'chain-listener' });
    this.#metrics = listenerMetrics(options.metricsRegistry ?? new Registry());
    const { contracts } = options.context.addresses;
    this.#watched = new Map([
      [contracts.ChargingToken.toLowerCase(), 'token'],
      [contracts.Escrow.toLowerCase(), 'escrow'],
      [contracts.ConsentRegistry.toLowerCase(), 'consents'],
    ]);
  }

  /** The last published block, once known. */
  get cursor(): Cursor | undefined {
    return this.#cursor;
  }

  /** Ready once it knows its cursor and while its polls succeed: what /health/ready reports. */
  get processing(): boolean {
    return this.#cursor !== undefined && this.#failures === 0;
  }

  /** Runs until `stop()` (resolves) or a reorganisation too deep / fencing (rejects). */
  start(): Promise<void> {
    this.#loop ??= this.#run().finally(() => this.#producer?.close().catch(() => undefined));
    return this.#loop;
  }

  async stop(): Promise<void> {
    this.#stopping = true;
    this.#wake?.();
    await this.#loop?.catch(() => undefined);
  }

  async #run(): Promise<void> {
    await this.#ensureCursorTopic();
    while (!this.#stopping) {
      try {
        if (this.#producer === undefined || this.#cursor === undefined) await this.#recover();
        const advanced = await this.#pollOnce();
        this.#failures = 0;
        if (!advanced) await this.#pause(this.#options.pollIntervalMs);
      } catch (error) {
        if (error instanceof ReorgTooDeepError) throw error;
        const fencedBy = fencingErrorOf(error);
        if (fencedBy !== undefined) {
          throw new FencedError(`chain listener ${this.#options.transactionalId} was fenced (${fencedBy})`, {
            cause: error,
          });
        }
        this.#failures += 1;
        const failures = this.#failures;
        const chain = isRetriableChainError(error);
        this.#logger.warn({ err: error, failures }, chain ? 'chain unavailable; polling again' : 'poll failed');
        if (!chain) {
          // Kafka (or anything unknown): start over from what Kafka says is committed, with a fresh producer.
          await this.#producer?.close().catch(() => undefined);
          this.#producer = undefined;
        }
        await this.#pause(Math.min(100 * 2 ** Math.min(failures, 6), 5_000));
      }
    }
  }

  async #pause(ms: number): Promise<void> {
    if (this.#stopping) return;
    await Promise.race([sleep(ms), new Promise<void>((resolve) => (this.#wake = resolve))]);
  }

  async #ensureCursorTopic(): Promise<void> {
    const admin = new Admin(baseClientOptions(this.#options.kafka, 'chain-listener-admin'));
    try {
      await ensureTopics(admin, [
        { name: this.#options.cursorTopic, partitions: 1, configs: { 'cleanup.policy': 'compact' } },
      ]);
    } finally {
      await admin.close();
    }
  }

  /** A fresh producer (which completes a predecessor's open transaction), then the committed cursor. */
  async #recover(): Promise<void> {
    const producer = createTransactionalProducer(this.#options.kafka, this.#options.transactionalId);
    await fencePredecessor(producer);
    this.#producer = producer;
    this.#cursorKey ??= await this.#deploymentKey();
    this.#cursor = (await this.#readCursor()) ?? (await this.#initialCursor());
    this.#metrics.cursorBlock.set(this.#cursor.blockNumber);
    this.#logger.info({ cursor: this.#cursor }, 'listening from the block after the cursor');
  }

  /**
   * The cursor's key: `<chainId>:<deployedAtBlock>:<its hash>`, one per deployment of the contracts, so a local chain
   * started afresh (same chain id, same addresses, other blocks) starts a cursor of its own instead of failing the
   * reorganisation check forever.
   */
  async #deploymentKey(): Promise<string> {
    const { chainId, addresses } = this.#options.context;
    const block = await this.#options.context.provider.getBlock(addresses.deployedAtBlock);
    if (block?.hash === null || block?.hash === undefined) {
      throw new ReorgTooDeepError(
        `block ${addresses.deployedAtBlock}, where the contracts were deployed, is not on the chain`,
      );
    }
    return `${chainId}:${addresses.deployedAtBlock}:${block.hash}`;
  }

  async #readCursor(): Promise<Cursor | undefined> {
    const [restored] = await restorePartitions({
      clientOptions: baseClientOptions(this.#options.kafka, 'chain-listener-cursor'),
      groupId: `${this.#options.transactionalId}-cursor-reader`,
      changelogTopic: this.#options.cursorTopic,
      partitions: [0],
      serde: cursorSerde,
      logger: this.#logger,
    });
    return restored?.entries.get(this.#cursorKey as string);
  }

  /** Before anything is published: the block before the contracts were deployed. */
  async #initialCursor(): Promise<Cursor> {
    const blockNumber = Math.max(this.#options.context.addresses.deployedAtBlock - 1, 0);
    const block = await this.#options.context.provider.getBlock(blockNumber);
    if (block?.hash === null || block?.hash === undefined)
      throw new UnavailableError(`block ${blockNumber} has no hash`);
    return { blockNumber, blockHash: block.hash };
  }

  /** One chunk: true when the cursor moved. */
  async #pollOnce(): Promise<boolean> {
    const cursor = this.#cursor as Cursor;
    const { provider } = this.#options.context;
    await this.#checkCursor(cursor);
    const head = await provider.getBlockNumber();
    this.#metrics.headBlock.set(head);
    const target = head - this.#options.confirmations;
    if (target <= cursor.blockNumber) return false;
    const fromBlock = cursor.blockNumber + 1;
    const toBlock = Math.min(target, cursor.blockNumber + this.#options.blockChunk);
    const logs = await provider.getLogs({ address: [...this.#watched.keys()], fromBlock, toBlock });
    const last = await provider.getBlock(toBlock);
    if (last?.hash === null || last?.hash === undefined) return false;
    const timestamps = await this.#blockTimestamps(logs);
    if (timestamps === undefined) {
      this.#logger.warn({ fromBlock, toBlock }, 'the chain changed while reading; reading again');
      return false;
    }
    const messages: MessageToProduce[] = [];
    for (const log of logs) messages.push(...(await this.#messagesOf(log, timestamps, logs)));
    const next: Cursor = { blockNumber: toBlock, blockHash: last.hash };
    await this.#commit(messages, next);
    this.#cursor = next;
    this.#metrics.cursorBlock.set(next.blockNumber);
    for (const sent of messages) this.#metrics.events.inc({ topic: sent.topic });
    if (messages.length > 0) this.#logger.info({ fromBlock, toBlock, events: messages.length }, 'events published');
    return true;
  }

  /** The cursor's block must still be the chain's: else events of replaced blocks are published. */
  async #checkCursor(cursor: Cursor): Promise<void> {
    const provider = this.#options.context.provider;
    // A node in the middle of a reorganisation can answer null for a height it is about to mine again (anvil_reorg
    // drops the blocks, then mines their replacements): read once more before concluding the height is gone.
    const block =
      (await provider.getBlock(cursor.blockNumber)) ??
      (await sleep(cursorRecheckMs).then(() => provider.getBlock(cursor.blockNumber)));
    if (block === null) {
      throw new ReorgTooDeepError(
        `block ${cursor.blockNumber} (${cursor.blockHash}), the listener's cursor, is no longer on the chain`,
      );
    }
    if (block.hash !== cursor.blockHash) {
      throw new ReorgTooDeepError(
        `reorganisation deeper than ${this.#options.confirmations} confirmations: block ${cursor.blockNumber} was ` +
          `${cursor.blockHash} when its events were published and is ${block.hash} now`,
      );
    }
  }

  /** Timestamps of the logs' blocks; undefined when a log's block is no longer the chain's (read again). */
  async #blockTimestamps(logs: readonly Log[]): Promise<Map<number, number> | undefined> {
    const timestamps = new Map<number, number>();
    for (const log of logs) {
      if (timestamps.has(log.blockNumber)) continue;
      const block = await this.#options.context.provider.getBlock(log.blockNumber);
      if (block === null || block.hash !== log.blockHash) return undefined;
      timestamps.set(log.blockNumber, block.timestamp * 1000);
    }
    return timestamps;
  }

  async #messagesOf(log: Log, timestamps: Map<number, number>, chunk: readonly Log[]): Promise<MessageToProduce[]> {
    const position: LogPosition = {
      chainId: this.#options.context.chainId,
      txHash: log.transactionHash.toLowerCase(),
      blockNumber: log.blockNumber,
      logIndex: log.index,
      blockTimestampMs: timestamps.get(log.blockNumber) as number,
    };
    const { topics, currency } = this.#options;
    const payment = (event: PaymentEvent | undefined) =>
      event === undefined ? [] : [message(topics.payments, event.accountId, event)];
    switch (this.#watched.get(log.address.toLowerCase())) {
      case 'token': {
        const token = this.#contracts.chargingToken.interface;
        const parsed = token.parseLog(log);
        if (parsed?.name !== 'Transfer') return [];
        // topUp emits ToppedUp right after its mint's Transfer, in the same transaction (and so the same chunk)
        const next = chunk.find(
          (other) => other.transactionHash === log.transactionHash && other.index === log.index + 1,
        );
        const toppedUp = next === undefined || next.address !== log.address ? null : token.parseLog(next);
        const ref = toppedUp?.name === 'ToppedUp' ? (toppedUp.args[0] as string) : undefined;
        return payment(topUpOf(parsed, position, currency, ref));
      }
      case 'escrow': {
        const parsed = this.#contracts.escrow.interface.parseLog(log);
        return parsed === null ? [] : payment(escrowEventOf(parsed, position, currency));
      }
      case 'consents': {
        const parsed = this.#contracts.consentRegistry.interface.parseLog(log);
        if (parsed === null) return [];
        const grant = parsed.name === 'ConsentRevoked' ? await this.#grantBefore(parsed, log) : undefined;
        const consent = consentOf(parsed, position, grant);
        return consent === undefined ? [] : [message(topics.consents, consent.consentId, consent)];
      }
      default:
        return [];
    }
  }

  /** The latest ConsentGranted of the same (participant, partner, scope) before a revocation. */
  async #grantBefore(revoked: LogDescription, log: Log): Promise<GrantFacts | undefined> {
    const registry = this.#contracts.consentRegistry;
    const [participant, partner, scope] = revoked.args as unknown as [string, string, string];
    // the revocation ends the latest grant before it: in its own block before it, else in an earlier block
    const filter = registry.filters.ConsentGranted(participant, partner, scope);
    const sameBlock = await registry.queryFilter(filter, log.blockNumber, log.blockNumber);
    const grant =
      sameBlock.filter((granted) => granted.index < log.index).at(-1) ??
      (await latestLog(registry, filter, {
        fromBlock: this.#options.context.addresses.deployedAtBlock,
        toBlock: log.blockNumber - 1,
        chunk: this.#options.blockChunk,
      }));
    const parsed = grant === undefined ? null : registry.interface.parseLog(grant);
    if (grant === undefined || parsed === null) return undefined;
    const block = await this.#options.context.provider.getBlock(grant.blockNumber);
    if (block === null) return undefined;
    return { grantedAtMs: block.timestamp * 1000, expiresAtSeconds: parsed.args[3] as bigint };
  }

  async #commit(messages: MessageToProduce[], cursor: Cursor): Promise<void> {
    const producer = this.#producer as Producer;
    const all = [
      ...messages,
      {
        topic: this.#options.cursorTopic,
        partition: 0,
        key: Buffer.from(this.#cursorKey as string),
        value: cursorSerde.serialize(cursor),
      },
    ];
    const transaction = await producer.beginTransaction();
    try {
      for (const chunk of produceChunks(all)) await transaction.send({ messages: chunk });
      await transaction.commit();
    } catch (error) {
      // Whether the commit reached the coordinator is unknown: the next poll starts over with a fresh producer (whose
      // InitProducerId completes or aborts this transaction) from the cursor Kafka holds.
      await transaction.abort().catch(() => undefined);
      await producer.close().catch(() => undefined);
      this.#producer = undefined;
      throw error;
    }
  }
}

function message<Value>(codec: TopicCodec<Value>, key: string, value: Value): MessageToProduce {
  return { topic: codec.topic, key: Buffer.from(key, 'utf8'), value: codec.encode(value) };
}
