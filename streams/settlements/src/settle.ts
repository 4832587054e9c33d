import type { ChargingSession, Money, Settlement, SettlementFlag, SettlementSplit, Station, Tariff } from '@vz/schemas';
import { divideByBasisPoints, UnavailableError } from '@vz/core';
import type { RegistryView } from '@vz/registry';
import { figuresOf, priceSession, type PricedSession } from './pricing.ts';

export interface SettlementRules {
  /** The platform's commission, basis points of the charged amount. */
  readonly platformCommissionBasisPoints: number;
  /** The driver's MSP fee, basis points of the charged amount, when the token names an MSP. */
  readonly mspFeeBasisPoints: number;
  /** Currency of sessions without a tariff (their cost is 0). */
  readonly defaultCurrency: string;
}

export const defaultSettlementRules: SettlementRules = {
  platformCommissionBasisPoints: 500,
  mspFeeBasisPoints: 200,
  defaultCurrency: 'EUR',
};

/** What the processor remembers per session: what it settled last, to settle again only when it changes. */
export interface SettledState {
  readonly revision: number;
  /** The figures settled (`figuresKey`). */
  readonly key: string;
}

/** The party the platform's commission is paid to (vz.registry.Party `platform`, whose wallet receives it). */
export const platformPartyId = 'platform';

/** A session started against a lock the chain connector has not reported yet: retried until it has. */
export class LockNotYetKnownError extends UnavailableError {}

function money(amountMinor: number, currency: string): Money {
  return { amountMinor, currency };
}

/** The connector's tariffs (OCPI Connector.tariff_ids), else every tariff of the charger's EVSEs, in order. */
function tariffIdsOf(station: Station, session: ChargingSession): string[] {
  const evses = station.evses.filter(
    (evse) => evse.chargerId === session.chargerId && (session.evseId === null || evse.evseId === session.evseId),
  );
  const connector = evses.flatMap((evse) => evse.connectors).find((c) => c.connectorId === session.connectorId);
  return connector?.tariffIds ?? evses.flatMap((evse) => evse.connectors.flatMap((c) => c.tariffIds));
}

function cpoPartyOf(station: Station | undefined, chargerId: string): string {
  if (station === undefined) return `charger:${chargerId}`;
  if (station.ownerId !== null) return station.ownerId;
  return station.operator === null
    ? `station:${station.stationId}`
    : `${station.operator.countryCode}*${station.operator.partyId}`;
}

/**
 * Level 1: the charged amount between CPO, MSP (when known) and the platform; level 2: the asset's revenue share of
 * the CPO part as the investor pool, divided by the investors' shares (vz.billing.Settlement's rounding rule).
 */
export function splitsOf(options: {
  readonly charged: Money;
  readonly cpoPartyId: string;
  readonly mspPartyId: string | null;
  readonly rules: SettlementRules;
  /** The wallet each party is paid to (vz.registry.Party.walletAddress); null: settled off chain. */
  readonly walletOf?: (partyId: string) => string | null;
  readonly asset?:
    | {
        revenueShareBasisPoints: number;
        shares: { investorId: string; walletAddress: string | null; basisPoints: number }[];
      }
    | undefined;
}): SettlementSplit[] {
  const { charged, rules } = options;
  const walletOf = options.walletOf ?? (() => null);
  const mspBp = options.mspPartyId === null ? 0 : rules.mspFeeBasisPoints;
  const platformBp = rules.platformCommissionBasisPoints;
  const [cpo = 0, msp = 0, platform = 0] = divideByBasisPoints(charged.amountMinor, [
    10_000 - mspBp - platformBp,
    mspBp,
    platformBp,
  ]);
  const split = (
    role: SettlementSplit['role'],
    partyId: string,
    amountMinor: number,
    basisPoints: number,
    walletAddress: string | null = walletOf(partyId),
  ): SettlementSplit => ({
    role,
    partyId,
    walletAddress,
    amount: money(amountMinor, charged.currency),
    basisPoints,
  });
  const investors: SettlementSplit[] = [];
  let cpoKeeps = cpo;
  const asset = options.asset;
  if (asset !== undefined && asset.revenueShareBasisPoints > 0 && asset.shares.length > 0) {
    const [pool = 0] = divideByBasisPoints(cpo, [
      asset.revenueShareBasisPoints,
      10_000 - asset.revenueShareBasisPoints,
    ]);
    const holders = [...asset.shares].sort((a, b) => a.investorId.localeCompare(b.investorId));
    const parts = divideByBasisPoints(
      pool,
      holders.map((holder) => holder.basisPoints),
    );
    holders.forEach((holder, index) =>
      investors.push(
        split(
          'INVESTOR',
          holder.investorId,
          parts[index] ?? 0,
          holder.basisPoints,
          holder.walletAddress ?? walletOf(holder.investorId),
        ),
      ),
    );
    cpoKeeps = cpo - pool;
  }
  return [
    split('CPO', options.cpoPartyId, cpoKeeps, 10_000 - mspBp - platformBp),
    ...(options.mspPartyId === null ? [] : [split('MSP', options.mspPartyId, msp, mspBp)]),
    split('PLATFORM', platformPartyId, platform, platformBp),
    ...investors,
  ];
}

/** The figures a settlement depends on: a later COMPLETED state with the same ones is not settled again. */
function figuresKey(settlement: Settlement): string {
  return JSON.stringify([
    settlement.total,
    settlement.charged,
    settlement.energyWh,
    settlement.tariffId,
    settlement.escrowId,
  ]);
}

/**
 * Settles a COMPLETED session state. Returns nothing for other states, and for a COMPLETED state whose settlement
 * would equal the last one; otherwise the settlement (revision 0, or the next revision with CORRECTION) and the state
 * to keep. Deterministic in (session, registry as of the session's times, previous).
 */
export function settleSession(
  session: ChargingSession,
  registry: RegistryView,
  previous: SettledState | undefined,
  rules: SettlementRules = defaultSettlementRules,
): { settlement: Settlement; state: SettledState } | undefined {
  if (session.status !== 'COMPLETED') return undefined;
  const station = registry.stationOf(session.chargerId, session.startedAt);
  const timeZone = station?.timeZone ?? 'UTC';
  let tariff: Tariff | undefined;
  for (const tariffId of station === undefined ? [] : tariffIdsOf(station, session)) {
    tariff = registry.tariff(tariffId, session.startedAt);
    if (tariff !== undefined) break;
  }
  const flags: SettlementFlag[] = [];
  const currency = tariff?.currency ?? rules.defaultCurrency;
  let priced: PricedSession = { lines: [], subtotalMinor: 0, vatMinor: 0, totalMinor: 0 };
  if (tariff === undefined) flags.push('NO_TARIFF');
  else priced = priceSession(tariff, figuresOf(session), timeZone);
  if (session.flags.length > 0) flags.push('SESSION_FLAGGED');

  // Pre-payment (Share&Charge): never pay out more than was locked; what is left goes back to the driver. A session
  // naming its lock waits for the lock's event (payment.events, behind the chain's confirmations): settled without
  // it, the cap and the refund would be wrong.
  const escrow = registry.escrowOf(session);
  if (session.escrowId !== null && escrow === undefined) {
    throw new LockNotYetKnownError(
      `session ${session.sessionId} names escrow lock ${session.escrowId}, not yet on payment.events`,
    );
  }
  const locked = escrow?.lock.amount;
  let chargedMinor = priced.totalMinor;
  if (locked !== undefined) {
    chargedMinor = locked.currency === currency ? Math.min(priced.totalMinor, locked.amountMinor) : 0;
    if (chargedMinor < priced.totalMinor) flags.push('ESCROW_SHORTFALL');
  }
  const charged = money(chargedMinor, currency);
  const assetId = station?.assetId ?? null;
  const asset = assetId === null ? undefined : registry.asset(assetId, session.startedAt);
  const token = session.idTag === null ? undefined : registry.token(session.idTag, session.startedAt);
  const revision = previous === undefined ? 0 : previous.revision + 1;
  if (revision > 0) flags.push('CORRECTION');
  const settlement: Settlement = {
    eventId: revision === 0 ? `settlement:${session.sessionId}` : `settlement:${session.sessionId}:${revision}`,
    occurredAt: session.occurredAt,
    causationId: session.eventId,
    sessionId: session.sessionId,
    chargerId: session.chargerId,
    stationId: station?.stationId ?? null,
    assetId: asset === undefined ? null : assetId,
    tariffId: tariff?.tariffId ?? null,
    // The account the session's token names (a registered party); else, for a lock matched without one, the wallet.
    accountId: session.accountId ?? escrow?.accountId ?? null,
    escrowId: escrow?.lock.escrowId ?? session.escrowId,
    energyWh: session.energyWh,
    total: money(priced.totalMinor, currency),
    splits: splitsOf({
      charged,
      cpoPartyId: cpoPartyOf(station, session.chargerId),
      mspPartyId: token?.mspPartyId ?? null,
      rules,
      asset,
      walletOf: (partyId) => registry.walletOf(partyId, session.startedAt),
    }),
    revision,
    lines: priced.lines,
    subtotal: money(priced.subtotalMinor, currency),
    vat: money(priced.vatMinor, currency),
    charged,
    escrowLocked: locked ?? null,
    escrowRefund:
      locked === undefined
        ? null
        : money(locked.amountMinor - (locked.currency === currency ? chargedMinor : 0), locked.currency),
    shortfall: chargedMinor < priced.totalMinor ? money(priced.totalMinor - chargedMinor, currency) : null,
    flags,
    startedAt: session.startedAt,
    idTag: session.idTag,
    stationTimeZone: station?.timeZone ?? null,
    sharedPrivateCharger: station !== undefined && station.ownerId !== null && station.operator === null,

    endedAt: session.endedAt,
  };
  const key = figuresKey(settlement);
  if (previous !== undefined && previous.key === key) return undefined;
  return { settlement, state: { revision, key } };
}
