/**
 * How platform identifiers become the contracts' values, and back: written once here, imported by whoever must compute
 * the same values (the CLI's anchor verification, tests). Every rule is documented in the README's mapping tables.
 */
import type { AnchorRange, DataScope } from '@vz/schemas';
import { getAddress, isAddress, keccak256, toUtf8Bytes } from 'ethers';

/** keccak256 of a string's UTF-8 bytes, 0x + 64 lower-case hex. */
export function utf8Hash(text: string): string {
  return keccak256(toUtf8Bytes(text));
}

/**
 * `Escrow.settle`'s `assetId`: keccak256(utf8(settlement.assetId)), e.g. keccak256("asset-1"), the same rule as the
 * AssetRegister's asset ids; the zero hash when the settlement names no asset (then no asset revenue is paid).
 */
export function assetIdOf(assetId: string | null): string {
  return assetId === null ? zeroHash : utf8Hash(assetId);
}

/** `VzpToken.mintBatch`'s `batchId`: keccak256(utf8(MintBatch.batchId)), e.g. keccak256("mint:0:17"). */
export function mintBatchIdOf(batchId: string): string {
  return utf8Hash(batchId);
}

/** `ChargingToken.topUp`'s `ref`: keccak256(utf8(TopUpOrder.paymentReference)), e.g. keccak256("card:ch_3Px…"). */
export function topUpRefOf(paymentReference: string): string {
  return utf8Hash(paymentReference);
}

/** `AnchorRegistry.anchor`'s `batchId` (uint64): AnchorBatch.batchId, a decimal string; undefined when it is not one. */
export function anchorBatchIdOf(batchId: string): bigint | undefined {
  if (!/^(0|[1-9][0-9]*)$/.test(batchId)) return undefined;
  const value = BigInt(batchId);
  return value < 2n ** 64n ? value : undefined;
}

/**
 * `AnchorRegistry.anchor`'s `rangesHash`: keccak256 of the UTF-8 bytes of the JSON array of the batch's ranges, in
 * the batch's order, each object with exactly the schema's fields in the schema's order and the offsets as decimal
 * strings (they are longs, which JSON numbers cannot carry exactly), no whitespace:
 *
 *     [{"topic":"payment.events","partition":0,"fromOffset":"0","toOffset":"41"}, ...]
 *
 * Anyone holding the published AnchorBatch recomputes it and compares it with the `Anchored` event's `rangesHash`.
 */
export function anchorRangesHash(ranges: readonly AnchorRange[]): string {
  return utf8Hash(
    JSON.stringify(
      ranges.map((range) => ({
        topic: range.topic,
        partition: range.partition,
        fromOffset: String(range.fromOffset),
        toOffset: String(range.toOffset),
      })),
    ),
  );
}

/** The DataScope symbols a consent can name on chain (all but UNKNOWN), as in schemas/avro/registry/DataScope.avsc. */
export const dataScopes = [
  'CHARGING_SESSIONS',
  'CHARGER_EVENTS',
  'VEHICLE_TELEMATICS',
  'VEHICLE_TRIPS',
  'PAYMENTS',
  'SETTLEMENTS',
  'REWARDS',
  'AGGREGATES',
] as const satisfies readonly DataScope[];

/** The ConsentRegistry's `scope`: keccak256(utf8(symbol)), e.g. keccak256("CHARGING_SESSIONS"). */
export function scopeHashOf(scope: DataScope): string {
  return utf8Hash(scope);
}

const scopesByHash = new Map<string, DataScope>(dataScopes.map((scope) => [scopeHashOf(scope), scope]));

/** The DataScope whose hash `hash` is; UNKNOWN for a hash of no known symbol. */
export function scopeOfHash(hash: string): DataScope {
  return scopesByHash.get(hash.toLowerCase()) ?? 'UNKNOWN';
}

/** An EVM address as the platform writes it: 0x + 40 lower-case hex. */
export function lowerAddress(address: string): string {
  return getAddress(address).toLowerCase();
}

/** The platform account of a wallet seen on chain: `wallet:<0x + 40 lower-case hex>`. */
export function walletAccountId(address: string): string {
  return `wallet:${lowerAddress(address)}`;
}

/** Whether `text` is an EVM address (0x + 40 hex, any case; a mixed-case one must carry a valid checksum). */
export function isWalletAddress(text: string | null): text is string {
  return text !== null && /^0x[0-9a-fA-F]{40}$/.test(text) && isAddress(text);
}

/** An escrow lock id as the Escrow knows it (its sessionRef): 0x + 64 hex. */
export function isSessionRef(text: string | null): text is string {
  return text !== null && /^0x[0-9a-fA-F]{64}$/.test(text);
}

export const zeroHash = `0x${'00'.repeat(32)}`;
