import { setTimeout as sleep } from 'node:timers/promises';
import type { Producer } from '@platformatic/kafka';
import { createIdempotentProducer, type FollowedTopic, followTopic, type KafkaConfig } from '@vz/kafka';
import type { PaymentCommand, PaymentEvent, TopicCodec } from '@vz/schemas';
import type { Logger } from 'pino';
import type { ChainContext } from '../chain.ts';
import { isRetriableChainError } from '../chain-errors.ts';
import { OpenLocks } from './open-locks.ts';

export interface LockSweeperOptions {
  readonly context: ChainContext;
  readonly kafka: KafkaConfig;
  readonly payments: TopicCodec<PaymentEvent>;
  readonly paymentCommands: TopicCodec<PaymentCommand>;
  readonly instanceId: string;
  readonly pollIntervalMs: number;
  readonly logger: Logger;
}

/**
 * Returns abandoned locks: follows payment.events (locks opened, settled, refunded) and payment.commands (refund
 * orders already written), both read whole from the start, and once the chain's latest block time reaches an open
 * lock's expiresAt writes one EscrowRefundOrder for it to payment.commands, which the executor carries out
 * (Escrow.refundExpired, idempotent by the escrow id). A restart reads the orders it wrote before and does not write
 * them again.
 */
export class LockSweeper {
  readonly #options: LockSweeperOptions;
  readonly #logger: Logger;
  readonly #locks = new OpenLocks();
  readonly #producer: Producer;
  #followed: FollowedTopic[] = [];
  #ready = false;
  #failures = 0;
  #stopping = false;
  #wake: (() => void) | undefined;
  #loop: Promise<void> | undefined;

  constructor(options: LockSweeperOptions) {
    this.#options = options;
    this.#logger = options.logger.child({ component: 'lock-sweeper' });
    this.#producer = createIdempotentProducer(options.kafka, `chain-lock-sweeper-${options.instanceId}`);
  }

  /** Ready once both topics were read up to where they ended at start, and while its sweeps succeed. */
  get processing(): boolean {
    return this.#ready && this.#failures === 0;
  }

  start(): Promise<void> {
    this.#loop ??= this.#run().finally(async () => {
      await Promise.all(this.#followed.map((followed) => followed.close()));
      await this.#producer.close().catch(() => undefined);
    });
    return this.#loop;
  }

  async stop(): Promise<void> {
    this.#stopping = true;
    this.#wake?.();
    await this.#loop?.catch(() => undefined);
  }

  async #run(): Promise<void> {
    const { payments, paymentCommands, kafka, instanceId } = this.#options;
    const follow = <Value>(codec: TopicCodec<Value>, apply: (value: Value) => void) =>
      followTopic({
        kafka,
        // a group of its own per start: the topic is read whole every time (the view lives in memory)
        groupId: `connector-chain-lock-sweeper-${instanceId}-${codec.topic}-${Date.now()}`,
        topic: codec.topic,
        from: 'earliest',
        handle: async (message) => apply(await codec.decode(message.value, message)),
        logger: this.#logger,
      });
    this.#followed = await Promise.all([
      follow(payments, (event) => this.#locks.applyPaymentEvent(event)),
      follow(paymentCommands, (command) => this.#locks.applyCommand(command)),
    ]);
    await Promise.all(this.#followed.map((followed) => followed.caughtUp()));
    this.#ready = true;
    this.#logger.info({ openLocks: this.#locks.size }, 'sweeping expired locks');
    while (!this.#stopping) {
      try {
        await this.#sweep();
        this.#failures = 0;
        await this.#pause(this.#options.pollIntervalMs);
      } catch (error) {
        this.#failures += 1;
        const chain = isRetriableChainError(error);
        this.#logger.warn({ err: error, failures: this.#failures }, chain ? 'chain unavailable' : 'sweep failed');
        await this.#pause(Math.min(100 * 2 ** Math.min(this.#failures, 6), 5_000));
      }
    }
  }

  async #sweep(): Promise<void> {
    const latest = await this.#options.context.provider.getBlock('latest');
    if (latest === null) return;
    const due = this.#locks.due(latest.timestamp * 1000);
    if (due.length === 0) return;
    const codec = this.#options.paymentCommands;
    try {
      await this.#producer.send({
        messages: due.map(({ order }) => ({
          topic: codec.topic,
          key: Buffer.from(order.accountId),
          value: codec.encode(order),
        })),
      });
    } catch (error) {
      for (const { escrowId } of due) this.#locks.unorder(escrowId);
      throw error;
    }
    this.#logger.info({ escrowIds: due.map(({ escrowId }) => escrowId) }, 'refund orders written for expired locks');
  }

  async #pause(ms: number): Promise<void> {
    if (this.#stopping) return;
    await Promise.race([sleep(ms), new Promise<void>((resolve) => (this.#wake = resolve))]);
  }
}
