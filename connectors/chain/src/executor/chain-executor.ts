import type { ChainTxStatus } from '@vz/schemas';
import type {
  BaseContract,
  ContractTransactionResponse,
  Log,
  NonceManager,
  TransactionReceipt,
  TransactionResponse,
} from 'ethers';
import { isError } from 'ethers';
import type { Logger } from 'pino';
import { type ChainContext, latestLog, platformContracts, type PlatformContracts } from '../chain.ts';
import {
  ChainUnavailableError,
  isNonceError,
  isRetriableChainError,
  PrerequisitePendingError,
  revertReasonOf,
} from '../chain-errors.ts';
import { anchorBatchIdOf, lowerAddress, mintBatchIdOf, topUpRefOf } from '../encoding.ts';
import type {
  AnchorCall,
  AssetCall,
  LockCall,
  MintCall,
  Plan,
  RefundCall,
  SettleCall,
  StationCall,
  TopUpCall,
} from './commands.ts';

/** How a command ended on chain: what goes into its vz.chain.ChainTransaction. */
export interface ChainOutcome {
  readonly status: Exclude<ChainTxStatus, 'UNKNOWN'>;
  readonly contractAddress: string;
  readonly txHash: string | null;
  readonly blockNumber: number | null;
  /** Block timestamp, epoch ms, when a block is known. */
  readonly blockTimestampMs: number | null;
  readonly gasUsed: number | null;
  readonly reason: string | null;
}

/** A transaction that already did what a command asks (found by the command's natural key), or a conflict. */
type Previous =
  { readonly done: false } | { readonly done: true; readonly log: Log | undefined; readonly conflict?: string };

const notDone: Previous = { done: false };

/** How one kind of command is checked, estimated and sent. */
interface Steps<Call> {
  /** Whether the chain holds the command's effect already (its natural key), and by which transaction. */
  readonly previous: () => Promise<Previous>;
  readonly send: (call: Call, overrides: { gasLimit: bigint }) => Promise<ContractTransactionResponse>;
  readonly estimate: (call: Call) => Promise<bigint>;
  /** Whether a successful receipt did the command's effect (default: success is the effect). */
  readonly effective?: (receipt: TransactionReceipt) => boolean;
  /** Other contracts whose errors a revert may carry (the call reached them). */
  readonly errors?: readonly BaseContract[];
  /** Whether a revert with this reason may go away by itself: retried for a bounded time, then REVERTED. */
  readonly pendingWhile?: (reason: string) => boolean;
}

export interface ChainExecutorOptions {
  readonly context: ChainContext;
  readonly signer: NonceManager;
  readonly logger: Logger;
  /** How long to wait for a sent transaction to be mined before the attempt fails (retriably). */
  readonly receiptTimeoutMs?: number;
  /** Most blocks one eth_getLogs call spans when looking for an earlier transaction. */
  readonly logChunk?: number;
  /**
   * How long a command whose prerequisite is missing (see PrerequisitePendingError) is retried before it is reported
   * as it stands (REVERTED or REJECTED).
   */
  readonly prerequisiteWaitMs?: number;
  /** The clock the prerequisite wait is measured with (tests); the outcome never depends on its value. */
  readonly now?: () => number;
}

/**
 * Sends the operator's transactions: idempotent by each command's natural key, checked on chain before sending and
 * again after a revert (a concurrent or earlier send may have done it), nonces from one NonceManager, sends one at a
 * time so a failed send can reset the nonce without racing another. Retriable failures throw ChainUnavailableError
 * (`retriable`), which the Processor retries with backoff; everything else ends in an outcome.
 */
export class ChainExecutor {
  readonly #context: ChainContext;
  readonly #signer: NonceManager;
  readonly #contracts: PlatformContracts;
  readonly #logger: Logger;
  readonly #receiptTimeoutMs: number;
  readonly #logChunk: number;
  readonly #prerequisiteWaitMs: number;
  readonly #now: () => number;
  /** When the command of each key was first found waiting for a prerequisite (this process's memory only). */
  readonly #waitingSince = new Map<string, number>();
  /** Transactions sent whose receipt was not seen yet, by natural key (this process's memory only). */
  readonly #inFlight = new Map<string, string>();
  #sending: Promise<unknown> = Promise.resolve();

  constructor(options: ChainExecutorOptions) {
    this.#context = options.context;
    this.#signer = options.signer;
    this.#contracts = platformContracts(options.context, options.signer);
    this.#logger = options.logger.child({ component: 'chain-executor' });
    this.#receiptTimeoutMs = options.receiptTimeoutMs ?? 60_000;
    this.#logChunk = options.logChunk ?? 2_000;
    this.#prerequisiteWaitMs = options.prerequisiteWaitMs ?? 120_000;
    this.#now = options.now ?? Date.now;
  }

  get chainId(): number {
    return this.#context.chainId;
  }

  get addresses() {
    return this.#context.addresses.contracts;
  }

  async settle(plan: Plan<SettleCall>): Promise<ChainOutcome> {
    const { escrow } = this.#contracts;
    const sessionRef = plan.naturalKey;
    return this.#execute(escrow, plan, {
      previous: () =>
        this.#closedLock(
          sessionRef,
          'Settled',
          'the lock was refunded to its driver after it expired, it can no longer be settled',
        ),
      send: (call, overrides) =>
        escrow.settle(call.sessionRef, call.cost, [...call.splits], call.assetId, call.assetRevenue, overrides),
      estimate: (call) =>
        escrow.settle.estimateGas(call.sessionRef, call.cost, [...call.splits], call.assetId, call.assetRevenue),
      // the asset mirror registers a new asset from registry.assets: its first settlement may arrive before that
      errors: [this.#contracts.assetRegister],
      pendingWhile: (reason) => reason.startsWith('NoShares('),
    });
  }

  /**
   * A lock closes once, settled or refunded: closed the way the command wants is ALREADY_DONE (its log names the
   * transaction), closed the other way is the conflict, open is not done.
   */
  async #closedLock(sessionRef: string, wanted: 'Settled' | 'Refunded', conflict: string): Promise<Previous> {
    const { escrow } = this.#contracts;
    if (!(await escrow.lockOf(sessionRef)).closed) return notDone;
    const filterOf = (event: 'Settled' | 'Refunded') =>
      event === 'Settled' ? escrow.filters.Settled(sessionRef) : escrow.filters.Refunded(sessionRef);
    const done = await this.#findLog(escrow, filterOf(wanted));
    if (done !== undefined) return { done: true, log: done };
    const other = await this.#findLog(escrow, filterOf(wanted === 'Settled' ? 'Refunded' : 'Settled'));
    return { done: true, log: other, conflict };
  }

  /** Credits a top-up once per payment reference (`toppedUp(ref)` on chain). */
  async topUp(plan: Plan<TopUpCall>): Promise<ChainOutcome> {
    const { chargingToken } = this.#contracts;
    const ref = topUpRefOf(plan.naturalKey);
    return this.#execute(chargingToken, plan, {
      previous: async () => {
        if (!(await chargingToken.toppedUp(ref))) return notDone;
        const log = await this.#findLog(chargingToken, chargingToken.filters.ToppedUp(ref));
        const credited = log === undefined ? null : chargingToken.interface.parseLog(log);
        if (credited === null || !('call' in plan)) return { done: true, log };
        const [, to, amount] = credited.args as unknown as [string, string, bigint];
        const { call } = plan;
        if (to.toLowerCase() === call.to && amount === call.amount) return { done: true, log };
        const conflict = `payment ${plan.naturalKey} was credited before with ${amount} to ${to.toLowerCase()}`;
        return { done: true, log, conflict: `${conflict}, not ${call.amount} to ${call.to}` };
      },
      send: (call, overrides) => chargingToken.topUp(call.ref, call.to, call.amount, overrides),
      estimate: (call) => chargingToken.topUp.estimateGas(call.ref, call.to, call.amount),
    });
  }

  /**
   * Locks the driver's approved tokens for a session (`Escrow.lockFor`), once per escrow id: a lock that exists is
   * ALREADY_DONE (REJECTED when it is another driver's). Too little balance or allowance is REVERTED with the token's
   * error, e.g. `ERC20InsufficientBalance(0x…, 500, 2000)`.
   */
  async lock(plan: Plan<LockCall>): Promise<ChainOutcome> {
    const { escrow, chargingToken } = this.#contracts;
    const sessionRef = plan.naturalKey;
    return this.#execute(escrow, plan, {
      previous: async () => {
        const lock = await escrow.lockOf(sessionRef);
        if (BigInt(lock.driver) === 0n) return notDone;
        const log = await this.#findLog(escrow, escrow.filters.Locked(sessionRef));
        const driver = lock.driver.toLowerCase();
        if (!('call' in plan) || driver === plan.call.driver) return { done: true, log };
        return { done: true, log, conflict: `escrow ${sessionRef} is locked for ${driver}, not ${plan.call.driver}` };
      },
      send: (call, overrides) =>
        escrow.lockFor(
          call.sessionRef,
          call.driver,
          call.chargerId,
          call.idTag,
          call.amount,
          call.timeoutSeconds,
          overrides,
        ),
      estimate: (call) =>
        escrow.lockFor.estimateGas(
          call.sessionRef,
          call.driver,
          call.chargerId,
          call.idTag,
          call.amount,
          call.timeoutSeconds,
        ),
      errors: [chargingToken],
    });
  }

  /**
   * Gives an expired lock back to its driver (`Escrow.refundExpired`): ALREADY_DONE when it was refunded, REJECTED
   * when it was settled; a lock the chain does not hold expired yet (`NotExpired`) is waited for, bounded.
   */
  async refund(plan: Plan<RefundCall>): Promise<ChainOutcome> {
    const { escrow } = this.#contracts;
    const sessionRef = plan.naturalKey;
    return this.#execute(escrow, plan, {
      previous: () => this.#closedLock(sessionRef, 'Refunded', 'the lock was settled, there is nothing to refund'),
      send: (call, overrides) => escrow.refundExpired(call.sessionRef, overrides),
      estimate: (call) => escrow.refundExpired.estimateGas(call.sessionRef),
      pendingWhile: (reason) => reason.startsWith('NotExpired('),
    });
  }

  async mint(plan: Plan<MintCall>): Promise<ChainOutcome> {
    const { vzpToken } = this.#contracts;
    const batchId = mintBatchIdOf(plan.naturalKey);
    return this.#execute(vzpToken, plan, {
      previous: async () =>
        (await vzpToken.minted(batchId))
          ? { done: true, log: await this.#findLog(vzpToken, vzpToken.filters.BatchMinted(batchId)) }
          : notDone,
      send: (call, overrides) => vzpToken.mintBatch(call.batchId, [...call.recipients], [...call.amounts], overrides),
      estimate: (call) => vzpToken.mintBatch.estimateGas(call.batchId, [...call.recipients], [...call.amounts]),
      // A batch minted already makes mintBatch return false without reverting: only BatchMinted says ours did it.
      effective: (receipt) =>
        receipt.logs.some(
          (log) => vzpToken.interface.parseLog(log)?.name === 'BatchMinted' && log.topics[1] === batchId,
        ),
    });
  }

  /**
   * Brings a station's StationRegistry entry to the registry's state: `register` when it has none, `update` when its
   * price reference or endpoint differ, `remove` for a deleted station; ALREADY_DONE when the entry is as wanted.
   * Another operator on chain is REJECTED (the registry changes no operator: remove the station first).
   */
  async registerStation(plan: Plan<StationCall>): Promise<ChainOutcome> {
    const { stationRegistry } = this.#contracts;
    const stationId = plan.naturalKey.slice('station:'.length);
    const ofStation = (log: Log) => stationRegistry.interface.parseLog(log)?.args[0] === stationId;
    let registered = false;
    return this.#execute(stationRegistry, plan, {
      previous: async () => {
        const entry = await stationRegistry.stationOf(stationId);
        registered = BigInt(entry.operator) !== 0n;
        if (!('call' in plan)) return notDone;
        const { call } = plan;
        if (call.remove) {
          if (registered) return notDone;
          return {
            done: true,
            log: await this.#findLog(stationRegistry, stationRegistry.filters.StationRemoved(), ofStation),
          };
        }
        if (!registered) return notDone;
        const operator = entry.operator.toLowerCase();
        const changes = [stationRegistry.filters.StationUpdated(), stationRegistry.filters.StationRegistered()];
        const latest = async () => {
          const logs = await Promise.all(changes.map((filter) => this.#findLog(stationRegistry, filter, ofStation)));
          return logs
            .filter((log) => log !== undefined)
            .sort((a, b) => b.blockNumber - a.blockNumber || b.index - a.index)[0];
        };
        if (operator !== call.operator) {
          const conflict = `station ${stationId} is registered on chain for operator ${operator}, not ${call.operator} (the registry changes no operator: remove the station first)`;
          return { done: true, log: await latest(), conflict };
        }
        if (entry.priceRef === call.priceRef && entry.endpoint === call.endpoint)
          return { done: true, log: await latest() };
        return notDone;
      },
      send: (call, overrides) =>
        call.remove
          ? stationRegistry.remove(call.stationId, overrides)
          : registered
            ? stationRegistry.update(call.stationId, call.priceRef, call.endpoint, overrides)
            : stationRegistry.register(call.stationId, call.operator, call.priceRef, call.endpoint, overrides),
      estimate: (call) =>
        call.remove
          ? stationRegistry.remove.estimateGas(call.stationId)
          : registered
            ? stationRegistry.update.estimateGas(call.stationId, call.priceRef, call.endpoint)
            : stationRegistry.register.estimateGas(call.stationId, call.operator, call.priceRef, call.endpoint),
    });
  }

  /**
   * Issues an asset's shares once (`AssetRegister.registerAsset`): ALREADY_DONE when it is registered with the same
   * total and stations; REJECTED when the registry's asset differs from what the chain holds (the register has no
   * update). Holders are not compared: shares may have changed hands on chain since.
   */
  async registerAsset(plan: Plan<AssetCall>): Promise<ChainOutcome> {
    const { assetRegister } = this.#contracts;
    return this.#execute(assetRegister, plan, {
      previous: async () => {
        if (!('call' in plan)) return notDone;
        const { call } = plan;
        const { totalShares } = await assetRegister.assetOf(call.assetId);
        if (totalShares === 0n) return notDone;
        const log = await this.#findLog(assetRegister, assetRegister.filters.AssetRegistered(call.assetId));
        const registered = log === undefined ? null : assetRegister.interface.parseLog(log);
        const stations = registered === null ? [] : [...(registered.args[1] as string[])];
        const total = call.shares.reduce((sum, share) => sum + share, 0n);
        if (totalShares === total && stations.join(',') === call.stationIds.join(',')) return { done: true, log };
        const conflict =
          `${plan.naturalKey} is registered on chain with ${totalShares} shares for stations [${stations.join(', ')}], ` +
          `the registry has ${total} for [${call.stationIds.join(', ')}]; the asset register has no update`;
        return { done: true, log, conflict };
      },
      send: (call, overrides) =>
        assetRegister.registerAsset(call.assetId, [...call.stationIds], [...call.holders], [...call.shares], overrides),
      estimate: (call) =>
        assetRegister.registerAsset.estimateGas(
          call.assetId,
          [...call.stationIds],
          [...call.holders],
          [...call.shares],
        ),
    });
  }

  /**
   * Anchors a batch root; `anchoredAtMs` is the block time of the anchoring (ours or the earlier one with the same
   * root). A batch the plan rejects is not looked up: without a valid root there is nothing to compare the chain's with.
   */
  async anchor(plan: Plan<AnchorCall>): Promise<ChainOutcome & { readonly anchoredAtMs: number | null }> {
    const { anchorRegistry } = this.#contracts;
    const batchId = anchorBatchIdOf(plan.naturalKey);
    let anchoredAtMs: number | null = null;
    const outcome = await this.#execute(anchorRegistry, plan, {
      previous: async () => {
        if (batchId === undefined || !('call' in plan)) return notDone;
        const root = (await anchorRegistry.rootOf(batchId)).toLowerCase();
        if (BigInt(root) === 0n) return notDone;
        const log = await this.#findLog(anchorRegistry, anchorRegistry.filters.Anchored(batchId));
        const wanted = plan.call.root;
        if (wanted !== root) {
          return { done: true, log, conflict: `batch ${batchId} is anchored with root ${root}, not ${wanted}` };
        }
        return { done: true, log };
      },
      send: (call, overrides) =>
        anchorRegistry.anchor(call.batchId, call.root, call.leafCount, call.rangesHash, overrides),
      estimate: (call) => anchorRegistry.anchor.estimateGas(call.batchId, call.root, call.leafCount, call.rangesHash),
    });
    if (outcome.status === 'CONFIRMED' || outcome.status === 'ALREADY_DONE') anchoredAtMs = outcome.blockTimestampMs;
    return { ...outcome, anchoredAtMs };
  }

  async #execute<Call>(contract: BaseContract, plan: Plan<Call>, steps: Steps<Call>): Promise<ChainOutcome> {
    const waitKey = `${await contract.getAddress()}:${plan.naturalKey}`;
    const outcome = await this.#attempt(contract, plan, steps, waitKey);
    this.#waitingSince.delete(waitKey);
    return outcome;
  }

  /** Throws a retriable PrerequisitePendingError while the key has waited less than the bound. */
  #waitFor(key: string, what: string): void {
    const now = this.#now();
    const since = this.#waitingSince.get(key) ?? now;
    this.#waitingSince.set(key, since);
    if (now - since < this.#prerequisiteWaitMs) {
      throw new PrerequisitePendingError(`${what}; waiting (${now - since} of ${this.#prerequisiteWaitMs} ms)`);
    }
    this.#logger.warn({ key, waitedMs: now - since }, `${what}; gave up waiting`);
  }

  async #attempt<Call>(
    contract: BaseContract,
    plan: Plan<Call>,
    steps: Steps<Call>,
    waitKey: string,
  ): Promise<ChainOutcome> {
    const contractAddress = lowerAddress(await contract.getAddress());
    const base = { contractAddress, txHash: null, blockNumber: null, blockTimestampMs: null, gasUsed: null };
    const note = 'call' in plan ? (plan.note ?? null) : null;
    const decoders = [contract, ...(steps.errors ?? [])];
    const previous = await this.#rpc(steps.previous);
    if (previous.done) {
      // done by the transaction an earlier attempt of ours sent (its receipt was missed): that is our confirmation
      const ours = this.#inFlight.get(plan.naturalKey);
      this.#inFlight.delete(plan.naturalKey);
      const outcome = await this.#previousOutcome(contractAddress, previous);
      const confirmed = outcome.status === 'ALREADY_DONE' && ours !== undefined && outcome.txHash === ours;
      return confirmed ? { ...outcome, status: 'CONFIRMED', reason: note } : outcome;
    }
    if ('rejection' in plan) {
      if (plan.pending === true) this.#waitFor(waitKey, plan.rejection);
      return { ...base, status: 'REJECTED', reason: plan.rejection };
    }

    // A transaction of an earlier attempt that the node still holds unmined is waited for again, not sent again.
    let sent: TransactionResponse | null = await this.#stillPending(plan.naturalKey);
    if (sent === null) {
      let gasLimit: bigint;
      try {
        gasLimit = await steps.estimate(plan.call);
      } catch (error) {
        if (!isError(error, 'CALL_EXCEPTION')) throw this.#failure(error, 'estimating gas');
        const reason = revertReasonOf(error, ...decoders);
        if (steps.pendingWhile?.(reason) === true) {
          const now = await this.#rpc(steps.previous); // done meanwhile after all?
          if (now.done) return this.#previousOutcome(contractAddress, now);
          this.#waitFor(waitKey, `${plan.naturalKey} reverts ${reason}`);
        }
        return this.#reverted(contractAddress, steps.previous, reason, base);
      }
      sent = await this.#sendAlone(() => steps.send(plan.call, { gasLimit }));
      this.#inFlight.set(plan.naturalKey, sent.hash);
      this.#logger.info({ txHash: sent.hash, nonce: sent.nonce, key: plan.naturalKey }, 'transaction sent');
    }
    let receipt: TransactionReceipt | null;
    try {
      receipt = await sent.wait(1, this.#receiptTimeoutMs);
    } catch (error) {
      if (!isError(error, 'CALL_EXCEPTION')) throw this.#failure(error, `waiting for ${sent.hash}`);
      this.#inFlight.delete(plan.naturalKey);
      const mined = error.receipt;
      const reason = await this.#replayReason(decoders, sent, mined?.blockNumber);
      return this.#reverted(contractAddress, steps.previous, reason, {
        ...base,
        txHash: sent.hash,
        blockNumber: mined?.blockNumber ?? null,
        gasUsed: mined === null || mined === undefined ? null : Number(mined.gasUsed),
      });
    }
    if (receipt === null) throw new ChainUnavailableError(`${sent.hash} was not mined`);
    this.#inFlight.delete(plan.naturalKey);
    if (steps.effective !== undefined && !steps.effective(receipt)) {
      // an earlier send (e.g. one whose receipt timed out) mined first: report that one
      const now = await this.#rpc(steps.previous);
      if (now.done) return this.#previousOutcome(contractAddress, now);
    }
    return {
      status: 'CONFIRMED',
      contractAddress,
      txHash: receipt.hash,
      blockNumber: receipt.blockNumber,
      blockTimestampMs: await this.#blockTimestampMs(receipt.blockNumber),
      gasUsed: Number(receipt.gasUsed),
      reason: note,
    };
  }

  /** The transaction an earlier attempt sent for this key, if the node still holds it unmined. */
  async #stillPending(naturalKey: string): Promise<TransactionResponse | null> {
    const hash = this.#inFlight.get(naturalKey);
    if (hash === undefined) return null;
    const pending = await this.#rpc(() => this.#context.provider.getTransaction(hash));
    if (pending !== null) {
      this.#logger.info({ txHash: hash, key: naturalKey }, 'waiting again for the transaction sent before');
      return pending;
    }
    this.#inFlight.delete(naturalKey); // dropped by the node: send again
    return null;
  }

  /** A revert: the chain may hold the effect anyway (an earlier send mined first), else REVERTED with the reason. */
  async #reverted(
    contractAddress: string,
    previous: () => Promise<Previous>,
    reason: string,
    base: Omit<ChainOutcome, 'status' | 'reason' | 'contractAddress'> & { contractAddress: string },
  ): Promise<ChainOutcome> {
    const now = await this.#rpc(previous);
    if (now.done) return this.#previousOutcome(contractAddress, now);
    const blockTimestampMs = base.blockNumber === null ? null : await this.#blockTimestampMs(base.blockNumber);
    return { ...base, blockTimestampMs, status: 'REVERTED', reason };
  }

  async #previousOutcome(contractAddress: string, previous: Previous & { done: true }): Promise<ChainOutcome> {
    const log = previous.log;
    const receipt =
      log === undefined
        ? null
        : await this.#rpc(() => this.#context.provider.getTransactionReceipt(log.transactionHash));
    return {
      status: previous.conflict === undefined ? 'ALREADY_DONE' : 'REJECTED',
      contractAddress,
      txHash: log?.transactionHash ?? null,
      blockNumber: log?.blockNumber ?? null,
      blockTimestampMs: log === undefined ? null : await this.#blockTimestampMs(log.blockNumber),
      gasUsed: receipt === null ? null : Number(receipt.gasUsed),
      reason: previous.conflict ?? null,
    };
  }

  /** The revert reason of a mined, reverted transaction: the call replayed on the state before its block. */
  async #replayReason(
    decoders: readonly BaseContract[],
    sent: TransactionResponse,
    blockNumber: number | undefined,
  ): Promise<string> {
    try {
      await this.#context.provider.call({
        to: sent.to,
        from: sent.from,
        data: sent.data,
        ...(blockNumber === undefined ? {} : { blockTag: blockNumber - 1 }),
      });
      return 'the transaction reverted when mined (replaying it does not revert)';
    } catch (error) {
      return revertReasonOf(error, ...decoders);
    }
  }

  /** The latest log matching `filter` since the contracts were deployed. */
  async #findLog(
    contract: BaseContract,
    filter: Parameters<BaseContract['queryFilter']>[0],
    where?: (log: Log) => boolean,
  ): Promise<Log | undefined> {
    const toBlock = await this.#context.provider.getBlockNumber();
    const fromBlock = this.#context.addresses.deployedAtBlock;
    return latestLog(contract, filter, { fromBlock, toBlock, chunk: this.#logChunk }, where);
  }

  async #blockTimestampMs(blockNumber: number): Promise<number> {
    const block = await this.#rpc(() => this.#context.provider.getBlock(blockNumber));
    if (block === null) throw new ChainUnavailableError(`block ${blockNumber} is not known to the node`);
    return block.timestamp * 1000;
  }

  /** Sends one transaction at a time; a failed send resets the nonces (the NonceManager counted it already). */
  async #sendAlone(send: () => Promise<ContractTransactionResponse>): Promise<ContractTransactionResponse> {
    const turn = this.#sending.then(async () => {
      try {
        return await send();
      } catch (error) {
        this.#signer.reset();
        if (isNonceError(error)) this.#logger.warn({ err: error }, 'nonce race lost; nonces reset');
        throw this.#failure(error, 'sending');
      }
    });
    this.#sending = turn.catch(() => undefined);
    return turn;
  }

  /** A read: failures of the node are retriable, anything else is a bug and is thrown as is. */
  async #rpc<T>(read: () => Promise<T>): Promise<T> {
    try {
      return await read();
    } catch (error) {
      throw this.#failure(error, 'reading the chain');
    }
  }

  #failure(error: unknown, doing: string): unknown {
    if (error instanceof ChainUnavailableError || !isRetriableChainError(error)) return error;
    return new ChainUnavailableError(`chain unavailable while ${doing}: ${(error as Error).message}`, { cause: error });
  }
}
