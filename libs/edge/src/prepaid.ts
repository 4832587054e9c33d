import { createHash } from 'node:crypto';
import { type BatchingSender, type FollowedTopic, followTopic, type KafkaConfig } from '@vz/kafka';
import type { RegistryView } from '@vz/registry';
import type { ChainTransaction, Money, PaymentCommand, TopicCodec } from '@vz/schemas';
import type { Logger } from 'pino';

/**
 * Share&Charge pre-payment at the edge: before a prepaid driver's session may start, the central system orders an
 * escrow lock (payment.commands → connectors/chain → Escrow.lockFor) and answers the charger only once the chain
 * connector reported the outcome on chain.transactions, or after `waitMs`.
 *
 * - the lock amount is what the tariff allows for: the `maxPrice` of the tariff in force on the charger's connector,
 *   else `defaultLockMinor` of the tariff's currency (the settlement caps the session at the lock, see
 *   streams/settlements);
 * - one lock per (charger, idTag) start: the lock an Authorize made is reused by the StartTransaction /
 *   TransactionEvent that follows within `reuseWithinMs`, and handed to it once;
 * - the chain slow or down: after `waitMs` the start is refused (`UNAVAILABLE`); the order stays on Kafka, and if it is
 *   executed later the lock expires unused and connectors/chain refunds it to the driver.
 */
export interface PrepaidSettings {
  /** Lock amount when the tariff has no maxPrice, minor units. */
  readonly defaultLockMinor: number;
  /** Currency when the charger has no tariff. */
  readonly defaultCurrency: string;
  /** How long a lock stays the session's before it may be refunded, ms. */
  readonly lockTimeoutMs: number;
  /** How long a charger's Authorize / start waits for the chain connector's outcome, ms. */
  readonly waitMs: number;
  /** An Authorize's lock is reused by a start of the same idTag at the same charger within this long, ms. */
  readonly reuseWithinMs: number;
}

export const defaultPrepaidSettings: PrepaidSettings = {
  defaultLockMinor: 2_500,
  defaultCurrency: 'EUR',
  lockTimeoutMs: 12 * 3_600_000,
  waitMs: 15_000,
  reuseWithinMs: 10 * 60_000,
};

/**
 * NOT_PREPAID: the token's account is postpaid, anonymous or unknown; the token book decides as for any token.
 * LOCKED: the lock is on chain, the start may go ahead. NO_CREDIT: the chain refused the lock for want of balance or
 * allowance, or the account has no wallet. UNAVAILABLE: no outcome within `waitMs`, or the chain refused for
 * another reason (named in `reason`).
 */
export type PrepaidDecision =
  | { readonly kind: 'NOT_PREPAID' }
  | { readonly kind: 'LOCKED'; readonly escrowId: string; readonly accountId: string }
  | { readonly kind: 'NO_CREDIT' | 'UNAVAILABLE'; readonly reason: string; readonly escrowId: string | null };

/** The escrow id (Escrow sessionRef) of a start: 0x + SHA-256 of charger, idTag and the request that asked. */
export function escrowIdOf(chargerId: string, idTag: string, requestId: string): string {
  return `0x${createHash('sha256').update(`${chargerId}\n${idTag}\n${requestId}`).digest('hex')}`;
}

/** Reasons an ERC-20 gives (OpenZeppelin 5, ERC-6093) when a driver's balance or allowance does not cover a lock. */
const noCreditReason = /ERC20Insufficient(Balance|Allowance)/;

interface HeldLock {
  readonly escrowId: string;
  readonly accountId: string;
  readonly at: number;
}

export interface PrepaidDependencies {
  readonly registry: RegistryView;
  /** payment.commands */
  readonly commands: TopicCodec<PaymentCommand>;
  /** chain.transactions */
  readonly outcomes: TopicCodec<ChainTransaction>;
  readonly sender: BatchingSender;
  readonly settings: PrepaidSettings;
  readonly logger: Logger;
}

export class PrepaidAuthorizer {
  readonly #waiting = new Map<string, (outcome: ChainTransaction) => void>();
  /** Locks made by an Authorize, not yet handed to a start: `<chargerId>\n<idTag>`. */
  readonly #held = new Map<string, HeldLock>();
  #feed: FollowedTopic | undefined;
  readonly deps: PrepaidDependencies;

  constructor(deps: PrepaidDependencies) {
    this.deps = deps;
  }

  /** Follows chain.transactions from now on; call before the first `authorize`. */
  async start(kafka: KafkaConfig, instanceId: string): Promise<void> {
    const { outcomes } = this.deps;
    this.#feed = await followTopic({
      kafka,
      groupId: `prepaid-outcomes-${instanceId}-${Date.now()}`,
      topic: outcomes.topic,
      from: 'latest',
      logger: this.deps.logger,
      handle: async (message) => this.receive(await outcomes.decode(message.value, message)),
    });
    await this.#feed.caughtUp();
  }

  /** An outcome from chain.transactions: answers the start waiting for it, if any. */
  receive(outcome: ChainTransaction): void {
    if (outcome.kind === 'LOCK') this.#waiting.get(outcome.naturalKey.toLowerCase())?.(outcome);
  }

  async close(): Promise<void> {
    await this.#feed?.close();
  }

  /**
   * Decides a prepaid start. `handOver`: the start itself (StartTransaction, TransactionEvent Started), which takes
   * the lock an earlier Authorize made; an Authorize keeps its lock for the start that follows.
   */
  async authorize(request: {
    readonly chargerId: string;
    readonly idTag: string;
    /** The raw frame that asked: the lock's causation and, with charger and idTag, its id. */
    readonly requestId: string;
    readonly at: number;
    readonly handOver: boolean;
  }): Promise<PrepaidDecision> {
    const { registry, settings } = this.deps;
    const account = registry.payerOf(request.idTag, request.at);
    if (account?.paymentMode !== 'PREPAID') return { kind: 'NOT_PREPAID' };
    const heldKey = `${request.chargerId}\n${request.idTag}`;
    const held = this.#held.get(heldKey);
    if (held !== undefined && request.at - held.at <= settings.reuseWithinMs) {
      if (request.handOver) this.#held.delete(heldKey);
      return { kind: 'LOCKED', escrowId: held.escrowId, accountId: held.accountId };
    }
    if (account.walletAddress === null) {
      return { kind: 'NO_CREDIT', reason: `prepaid account ${account.partyId} has no wallet`, escrowId: null };
    }
    const escrowId = escrowIdOf(request.chargerId, request.idTag, request.requestId);
    const amount = this.lockAmount(request.chargerId, request.at);
    const order: PaymentCommand = {
      eventId: `lock:${escrowId}`,
      occurredAt: request.at,
      causationId: request.requestId,
      accountId: account.partyId,
      walletAddress: account.walletAddress.toLowerCase(),
      payload: {
        'vz.payment.EscrowLockOrder': {
          escrowId,
          chargerId: request.chargerId,
          idTag: request.idTag,
          amount,
          timeoutMs: settings.lockTimeoutMs,
        },
      },
    };
    const outcome = this.#outcomeOf(escrowId);
    try {
      await this.deps.sender.send([
        {
          topic: this.deps.commands.topic,
          key: Buffer.from(order.accountId),
          value: this.deps.commands.encode(order),
        },
      ]);
    } catch (error) {
      outcome.cancel();
      this.deps.logger.error({ err: error, escrowId }, 'lock order not written');
      return { kind: 'UNAVAILABLE', reason: 'the lock order could not be written', escrowId: null };
    }
    const result = await outcome.promise;
    if (result === undefined) {
      return { kind: 'UNAVAILABLE', reason: `no chain outcome within ${settings.waitMs} ms`, escrowId };
    }
    if (result.status === 'CONFIRMED' || result.status === 'ALREADY_DONE') {
      if (!request.handOver) this.#hold(heldKey, { escrowId, accountId: account.partyId, at: request.at });
      return { kind: 'LOCKED', escrowId, accountId: account.partyId };
    }
    const reason = `lock ${result.status}: ${result.reason ?? 'no reason given'}`;
    return noCreditReason.test(result.reason ?? '')
      ? { kind: 'NO_CREDIT', reason, escrowId }
      : { kind: 'UNAVAILABLE', reason, escrowId };
  }

  /** The tariff's maxPrice on the charger's first priced connector, else the default. */
  lockAmount(chargerId: string, at: number): Money {
    const { registry, settings } = this.deps;
    const station = registry.stationOf(chargerId, at);
    const tariffIds =
      station?.evses
        .filter((evse) => evse.chargerId === chargerId)
        .flatMap((evse) => evse.connectors.flatMap((connector) => connector.tariffIds)) ?? [];
    for (const tariffId of tariffIds) {
      const tariff = registry.tariff(tariffId, at);
      if (tariff === undefined) continue;
      return tariff.maxPrice ?? { amountMinor: settings.defaultLockMinor, currency: tariff.currency };
    }
    return { amountMinor: settings.defaultLockMinor, currency: settings.defaultCurrency };
  }

  /** Keeps an Authorize's lock for its start; locks whose start never came are forgotten (connectors/chain refunds them). */
  #hold(key: string, lock: HeldLock): void {
    for (const [heldKey, held] of this.#held) {
      if (lock.at - held.at > this.deps.settings.reuseWithinMs) this.#held.delete(heldKey);
    }
    this.#held.set(key, lock);
  }

  #outcomeOf(escrowId: string): { promise: Promise<ChainTransaction | undefined>; cancel: () => void } {
    let timer: NodeJS.Timeout | undefined;
    const cancel = () => {
      clearTimeout(timer);
      this.#waiting.delete(escrowId);
    };
    const promise = new Promise<ChainTransaction | undefined>((resolve) => {
      timer = setTimeout(() => {
        cancel();
        resolve(undefined);
      }, this.deps.settings.waitMs);
      this.#waiting.set(escrowId, (outcome) => {
        cancel();
        resolve(outcome);
      });
    });
    return { promise, cancel };
  }
}
