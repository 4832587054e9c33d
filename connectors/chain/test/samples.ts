// Command records for the connector's tests (unit and integration), shaped as the streams write them.
export { sampleParty } from '@vz/testing';
import type {
  AnchorBatch,
  AnchorRange,
  ChargingAsset,
  MintBatch,
  MintEntry,
  PaymentCommand,
  Settlement,
  SettlementSplit,
} from '@vz/schemas';

export const eur = (amountMinor: number) => ({ amountMinor, currency: 'EUR' });

export function split(
  role: SettlementSplit['role'],
  partyId: string,
  amount: number,
  walletAddress: string | null,
): SettlementSplit {
  return { role, partyId, walletAddress, amount: eur(amount), basisPoints: 0 };
}

/** A prepaid session's settlement of 1,368 (of a 2,000 lock): CPO, MSP and platform by wallet, two investors. */
export function sampleSettlement(
  sessionRef: string,
  wallets: { cpo: string; msp: string },
  overrides: Partial<Settlement> = {},
): Settlement {
  return {
    eventId: `settlement:s-${sessionRef.slice(2, 10)}`,
    occurredAt: 1_770_000_000_000,
    causationId: 'session:s-1',
    sessionId: `s-${sessionRef.slice(2, 10)}`,
    chargerId: 'CP-1',
    stationId: null,
    assetId: 'asset-1',
    tariffId: null,
    accountId: null,
    escrowId: sessionRef,
    energyWh: 10_000,
    total: eur(1_368),
    splits: [
      split('CPO', 'cpo-1', 508, wallets.cpo),
      split('MSP', 'msp-1', 96, wallets.msp),
      split('PLATFORM', 'platform', 0, wallets.cpo),
      split('INVESTOR', 'inv-1', 500, null),
      split('INVESTOR', 'inv-2', 264, null),
    ],
    revision: 0,
    lines: [],
    subtotal: null,
    vat: null,
    charged: eur(1_368),
    escrowLocked: eur(2_000),
    escrowRefund: eur(632),
    shortfall: null,
    flags: [],
    startedAt: null,
    idTag: null,
    stationTimeZone: null,
    sharedPrivateCharger: false,
    endedAt: null,
    ...overrides,
  };
}

export function mintEntry(recipientAddress: string | null, amount: number): MintEntry {
  return { rewardEventId: `reward-${amount}`, recipientId: 'account-1', recipientAddress, amount };
}

export function sampleMintBatch(batchId: string, entries: MintEntry[], decimals = 6): MintBatch {
  return {
    eventId: batchId,
    occurredAt: 1_770_000_000_000,
    causationId: 'reward-9',
    batchId,
    bucket: 0,
    entries,
    totalAmount: entries.reduce((sum, entry) => sum + entry.amount, 0),
    decimals,
  };
}

export const sampleRanges: AnchorRange[] = [
  { topic: 'payment.events', partition: 0, fromOffset: 0, toOffset: 41 },
  { topic: 'payment.events', partition: 1, fromOffset: 7, toOffset: 9 },
];

/** A sealed anchor batch (txHash null), as streams/anchoring writes it. */
export function sampleSealedBatch(
  batchId: string,
  merkleRoot: string,
  overrides: Partial<AnchorBatch> = {},
): AnchorBatch {
  return {
    eventId: `${batchId}:sealed`,
    occurredAt: 1_770_000_000_000,
    causationId: 'genesis',
    batchId,
    merkleRoot,
    leafCount: 45,
    ranges: sampleRanges,
    chainId: 31337,
    contractAddress: null,
    txHash: null,
    blockNumber: null,
    anchoredAt: null,
    ...overrides,
  };
}

/** A payment.commands order as the payment API / the central system write it. */
function paymentCommand(
  eventId: string,
  wallet: string,
  payload: PaymentCommand['payload'],
  overrides: Partial<PaymentCommand> = {},
): PaymentCommand {
  return {
    eventId,
    occurredAt: 1_770_000_000_000,
    causationId: `request:${eventId}`,
    accountId: 'driver-0001',
    walletAddress: wallet,
    payload,
    ...overrides,
  };
}

export function topUpOrder(paymentReference: string, wallet: string, amountMinor: number): PaymentCommand {
  return paymentCommand(`top-up:${paymentReference}`, wallet, {
    'vz.payment.TopUpOrder': { amount: eur(amountMinor), paymentReference },
  });
}

export function lockOrder(
  escrowId: string,
  wallet: string,
  amountMinor: number,
  timeoutMs = 3_600_000,
): PaymentCommand {
  return paymentCommand(`lock:${escrowId}`, wallet, {
    'vz.payment.EscrowLockOrder': {
      escrowId,
      chargerId: 'CP-1',
      idTag: 'TOKEN-1',
      amount: eur(amountMinor),
      timeoutMs,
    },
  });
}

export function refundOrder(escrowId: string, wallet: string): PaymentCommand {
  return paymentCommand(`refund:${escrowId}`, wallet, {
    'vz.payment.EscrowRefundOrder': { escrowId, reason: 'lock-expired' },
  });
}

export function sampleAsset(
  assetId: string,
  stationIds: string[],
  shares: { investorId: string; walletAddress: string | null; basisPoints: number }[],
  overrides: Partial<ChargingAsset> = {},
): ChargingAsset {
  return {
    eventId: `asset:${assetId}`,
    occurredAt: 1_770_000_000_000,
    causationId: 'sample',
    assetId,
    name: null,
    stationIds,
    tokenAddress: null,
    chainId: null,
    revenueShareBasisPoints: 2_000,
    shares,
    deleted: false,
    ...overrides,
  };
}
