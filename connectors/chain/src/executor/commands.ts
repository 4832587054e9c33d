/**
 * From command records to contract calls: pure functions, so every mapping rule is unit-tested without a chain.
 * A plan either names the call to make or says why the command cannot be executed (a rejection); both carry the
 * natural key the chain is checked by first, because a command whose effect the chain already holds is ALREADY_DONE
 * whatever its shape.
 */
import type { AnchorBatch, ChargingAsset, MintBatch, Party, PaymentCommand, Settlement, Station } from '@vz/schemas';
import {
  anchorBatchIdOf,
  anchorRangesHash,
  assetIdOf,
  isSessionRef,
  isWalletAddress,
  lowerAddress,
  mintBatchIdOf,
  topUpRefOf,
  zeroHash,
} from '../encoding.ts';

export interface PlanContext {
  /** ISO currency of the ChargingToken's minor units (the token has 0 decimals: 1 token = 1 minor unit). */
  readonly currency: string;
  readonly chainId: number;
  /** AnchorRegistry address, lower-case. */
  readonly anchorRegistry: string;
}

/**
 * What a command asks of the chain: the call, or why it cannot be made. A rejection that is `pending` may go away
 * (what it needs, e.g. a registry record, may still arrive): the executor retries it for a bounded time before
 * reporting it.
 */
export type Plan<Call> =
  | { readonly naturalKey: string; readonly call: Call; readonly note?: string }
  | { readonly naturalKey: string; readonly rejection: string; readonly pending?: boolean };

export interface SettleCall {
  readonly sessionRef: string;
  readonly cost: bigint;
  readonly splits: readonly { readonly payee: string; readonly amount: bigint }[];
  readonly assetId: string;
  readonly assetRevenue: bigint;
}

export interface MintCall {
  readonly batchId: string;
  readonly recipients: readonly string[];
  readonly amounts: readonly bigint[];
}

export interface AnchorCall {
  readonly batchId: bigint;
  readonly root: string;
  readonly leafCount: bigint;
  readonly rangesHash: string;
}

export interface TopUpCall {
  /** keccak256(utf8(paymentReference)) */
  readonly ref: string;
  readonly to: string;
  readonly amount: bigint;
}

export interface LockCall {
  readonly sessionRef: string;
  readonly driver: string;
  readonly chargerId: string;
  readonly idTag: string;
  readonly amount: bigint;
  readonly timeoutSeconds: bigint;
}

export interface RefundCall {
  readonly sessionRef: string;
}

/** A payment.commands order as its chain command: which kind, and the plan. */
export type PaymentPlan =
  | { readonly kind: 'TOP_UP'; readonly plan: Plan<TopUpCall> }
  | { readonly kind: 'LOCK'; readonly plan: Plan<LockCall> }
  | { readonly kind: 'REFUND'; readonly plan: Plan<RefundCall> };

/** The VZP token's decimals; a mint batch in any other unit is refused. */
export const vzpDecimals = 6;

/**
 * A settlement as an `Escrow.settle` call. Undefined when it is not a chain command: its escrowId is not an on-chain
 * lock id (0x + 64 hex, the lock's sessionRef), e.g. a postpaid session or a prepaid ledger escrow.
 */
export function planSettle(settlement: Settlement, context: PlanContext): Plan<SettleCall> | undefined {
  const sessionRef = settlement.escrowId;
  if (!isSessionRef(sessionRef)) return undefined;
  const naturalKey = sessionRef.toLowerCase();
  const reject = (rejection: string) => ({ naturalKey, rejection });
  if (settlement.revision > 0) {
    return reject(`corrections are not re-settled on chain (revision ${settlement.revision})`);
  }
  const charged = settlement.charged;
  if (charged === null) return reject('the settlement has no charged amount');
  if (charged.currency !== context.currency) {
    return reject(`the settlement is in ${charged.currency}, the charging token counts ${context.currency}`);
  }
  const splits: { payee: string; amount: bigint }[] = [];
  let assetRevenue = 0n;
  for (const split of settlement.splits) {
    const who = `the ${split.role} split to ${split.partyId}`;
    if (split.amount.currency !== context.currency) return reject(`${who} is in ${split.amount.currency}`);
    if (split.amount.amountMinor < 0) return reject(`${who} is negative`);
    if (split.role === 'INVESTOR') {
      assetRevenue += BigInt(split.amount.amountMinor);
    } else if (isWalletAddress(split.walletAddress)) {
      splits.push({ payee: lowerAddress(split.walletAddress), amount: BigInt(split.amount.amountMinor) });
    } else {
      return reject(`${who} has no wallet address to pay`);
    }
  }
  if (assetRevenue > 0n && settlement.assetId === null) {
    return reject('investor splits are paid to an asset, and the settlement names no assetId');
  }
  if (charged.amountMinor < 0) return reject('the charged amount is negative');
  return {
    naturalKey,
    call: {
      sessionRef: naturalKey,
      cost: BigInt(charged.amountMinor),
      splits,
      assetId: assetRevenue > 0n ? assetIdOf(settlement.assetId) : zeroHash,
      assetRevenue,
    },
  };
}

/** A mint batch as a `VzpToken.mintBatch` call; entries without a recipient address are left out (and counted). */
export function planMint(batch: MintBatch): Plan<MintCall> {
  const naturalKey = batch.batchId;
  if (batch.decimals !== vzpDecimals) {
    return { naturalKey, rejection: `the batch counts ${batch.decimals} decimals, VZP has ${vzpDecimals}` };
  }
  const kept = batch.entries.filter((entry) => isWalletAddress(entry.recipientAddress) && entry.amount > 0);
  const leftOut = batch.entries.length - kept.length;
  const leftOutNote = `${leftOut} of ${batch.entries.length} entries left out (no recipient address or no amount)`;
  if (kept.length === 0) return { naturalKey, rejection: `nothing to mint: ${leftOutNote}` };
  return {
    naturalKey,
    call: {
      batchId: mintBatchIdOf(batch.batchId),
      recipients: kept.map((entry) => lowerAddress(entry.recipientAddress as string)),
      amounts: kept.map((entry) => BigInt(entry.amount)),
    },
    ...(leftOut > 0 ? { note: leftOutNote } : {}),
  };
}

/** A sealed anchor batch as an `AnchorRegistry.anchor` call. */
export function planAnchor(batch: AnchorBatch, context: PlanContext): Plan<AnchorCall> {
  const naturalKey = batch.batchId;
  const reject = (rejection: string) => ({ naturalKey, rejection });
  const batchId = anchorBatchIdOf(batch.batchId);
  if (batchId === undefined) return reject(`batch id ${JSON.stringify(batch.batchId)} is not a uint64 in decimal`);
  if (batch.chainId !== context.chainId) {
    return reject(`the batch is for chain ${batch.chainId}, this connector writes to chain ${context.chainId}`);
  }
  if (batch.contractAddress !== null && batch.contractAddress.toLowerCase() !== context.anchorRegistry) {
    return reject(`the batch names registry ${batch.contractAddress}, this connector's is ${context.anchorRegistry}`);
  }
  if (!/^0x[0-9a-fA-F]{64}$/.test(batch.merkleRoot) || BigInt(batch.merkleRoot) === 0n) {
    return reject(`merkle root ${JSON.stringify(batch.merkleRoot)} is not a non-zero bytes32`);
  }
  if (batch.leafCount <= 0) return reject(`leaf count ${batch.leafCount} is not positive`);
  return {
    naturalKey,
    call: {
      batchId,
      root: batch.merkleRoot.toLowerCase(),
      leafCount: BigInt(batch.leafCount),
      rangesHash: anchorRangesHash(batch.ranges),
    },
  };
}

const maxUint64 = 2n ** 64n - 1n;

/**
 * A payment.commands order as a contract call: a top-up as `ChargingToken.topUp(keccak256(utf8(paymentReference)),
 * wallet, amount)` (natural key: the payment reference), a lock as `Escrow.lockFor(escrowId, wallet, chargerId, idTag,
 * amount, ceil(timeoutMs / 1000))` and a refund as `Escrow.refundExpired(escrowId)` (natural key: the escrow id in
 * lower case).
 */
export function planPaymentCommand(command: PaymentCommand, context: PlanContext): PaymentPlan {
  const wallet = command.walletAddress;
  const walletProblem = isWalletAddress(wallet)
    ? undefined
    : `the wallet address ${JSON.stringify(wallet)} of ${command.accountId} is not an EVM address`;
  const amountProblem = (amount: { amountMinor: number; currency: string }) => {
    if (amount.currency !== context.currency) {
      return `the amount is in ${amount.currency}, the charging token counts ${context.currency}`;
    }
    return amount.amountMinor > 0 ? undefined : `the amount ${amount.amountMinor} is not positive`;
  };
  const payload = command.payload;
  if ('vz.payment.TopUpOrder' in payload) {
    const order = payload['vz.payment.TopUpOrder'];
    const naturalKey = order.paymentReference;
    const problem =
      (naturalKey === '' ? 'the top-up has no payment reference' : undefined) ??
      walletProblem ??
      amountProblem(order.amount);
    if (problem !== undefined) return { kind: 'TOP_UP', plan: { naturalKey, rejection: problem } };
    return {
      kind: 'TOP_UP',
      plan: {
        naturalKey,
        call: { ref: topUpRefOf(naturalKey), to: lowerAddress(wallet), amount: BigInt(order.amount.amountMinor) },
      },
    };
  }
  if ('vz.payment.EscrowLockOrder' in payload) {
    const order = payload['vz.payment.EscrowLockOrder'];
    const naturalKey = order.escrowId.toLowerCase();
    const timeoutSeconds = BigInt(Math.ceil(order.timeoutMs / 1000)); // the lock lasts at least timeoutMs
    const problem =
      (isSessionRef(order.escrowId) ? undefined : `escrow id ${JSON.stringify(order.escrowId)} is not 0x + 64 hex`) ??
      walletProblem ??
      amountProblem(order.amount) ??
      (order.timeoutMs < 0 || timeoutSeconds > maxUint64 ? `timeout ${order.timeoutMs} ms is out of range` : undefined);
    if (problem !== undefined) return { kind: 'LOCK', plan: { naturalKey, rejection: problem } };
    return {
      kind: 'LOCK',
      plan: {
        naturalKey,
        call: {
          sessionRef: naturalKey,
          driver: lowerAddress(wallet),
          chargerId: order.chargerId,
          idTag: order.idTag,
          amount: BigInt(order.amount.amountMinor),
          timeoutSeconds,
        },
      },
    };
  }
  const order = payload['vz.payment.EscrowRefundOrder'];
  const naturalKey = order.escrowId.toLowerCase();
  if (!isSessionRef(order.escrowId)) {
    return {
      kind: 'REFUND',
      plan: { naturalKey, rejection: `escrow id ${JSON.stringify(order.escrowId)} is not 0x + 64 hex` },
    };
  }
  return { kind: 'REFUND', plan: { naturalKey, call: { sessionRef: naturalKey } } };
}

export interface StationCall {
  readonly stationId: string;
  /** Remove the station (deleted in the registry); the other fields are then unused. */
  readonly remove: boolean;
  readonly operator: string;
  readonly priceRef: string;
  readonly endpoint: string;
}

export interface AssetCall {
  /** keccak256(utf8(assetId)) */
  readonly assetId: string;
  readonly stationIds: readonly string[];
  readonly holders: readonly string[];
  readonly shares: readonly bigint[];
}

/** The parties known so far (registry.parties), by partyId. */
export type PartyLookup = (partyId: string) => Party | undefined;

/** The wallet of a party, or why there is none; `pending` while the party itself is not known yet. */
function walletOfParty(
  parties: PartyLookup,
  partyId: string,
  who: string,
): { wallet: string } | { rejection: string; pending?: boolean } {
  const party = parties(partyId);
  if (party === undefined || party.deleted) {
    return { rejection: `${who} ${partyId} is not a known party (registry.parties)`, pending: true };
  }
  if (!isWalletAddress(party.walletAddress)) return { rejection: `${who} ${partyId} has no wallet address` };
  return { wallet: lowerAddress(party.walletAddress) };
}

/**
 * A registry.stations record as the StationRegistry entry it should be, natural key `station:<stationId>`: operator =
 * the wallet of the party named by ownerId, priceRef = the station's tariff ids (every connector's, first appearance
 * first) joined by ',', endpoint = `endpoint`; a deleted station is removed.
 */
export function planStation(station: Station, parties: PartyLookup, endpoint: string): Plan<StationCall> {
  const naturalKey = `station:${station.stationId}`;
  const base = { stationId: station.stationId, operator: '', priceRef: '', endpoint: '' };
  if (station.deleted) return { naturalKey, call: { ...base, remove: true } };
  if (station.ownerId === null) return { naturalKey, rejection: `station ${station.stationId} names no owner` };
  const owner = walletOfParty(parties, station.ownerId, `the owner of station ${station.stationId},`);
  if ('rejection' in owner) return { naturalKey, ...owner };
  const tariffIds = new Set(station.evses.flatMap((evse) => evse.connectors.flatMap((c) => c.tariffIds)));
  return {
    naturalKey,
    call: { ...base, remove: false, operator: owner.wallet, priceRef: [...tariffIds].join(','), endpoint },
  };
}

/**
 * A registry.assets record as an `AssetRegister.registerAsset` call, natural key `asset:<assetId>`: holders = each
 * investor's walletAddress, else the wallet of the party named by investorId; shares = basisPoints. The register
 * issues an asset once and has no update or removal.
 */
export function planAsset(asset: ChargingAsset, parties: PartyLookup): Plan<AssetCall> {
  const naturalKey = `asset:${asset.assetId}`;
  if (asset.deleted) {
    return { naturalKey, rejection: `asset ${asset.assetId} is deleted; the asset register has no removal` };
  }
  const holders: string[] = [];
  const shares: bigint[] = [];
  for (const share of asset.shares) {
    if (share.basisPoints < 0) return { naturalKey, rejection: `the share of ${share.investorId} is negative` };
    const holder = isWalletAddress(share.walletAddress)
      ? { wallet: lowerAddress(share.walletAddress) }
      : walletOfParty(parties, share.investorId, `investor`);
    if ('rejection' in holder) return { naturalKey, ...holder };
    holders.push(holder.wallet);
    shares.push(BigInt(share.basisPoints));
  }
  if (shares.every((share) => share === 0n)) return { naturalKey, rejection: `asset ${asset.assetId} has no shares` };
  return { naturalKey, call: { assetId: assetIdOf(asset.assetId), stationIds: asset.stationIds, holders, shares } };
}
