import { inDailyWindow, localTimeOf, minuteOfDayOf, scaleRoundHalfUp } from '@vz/core';
import type { MintBatch, RewardStep, Settlement, VzpReward } from '@vz/schemas';
import { type RewardRules, ruleVersionAt } from './rules.ts';

export const VZP_DECIMALS = 6;

/** Who is rewarded for a session: its paying account, else the identifier it was started with. */
export function recipientOf(settlement: Settlement): string | undefined {
  if (settlement.accountId !== null) return settlement.accountId;
  return settlement.idTag === null ? undefined : `idtag:${settlement.idTag}`;
}

/**
 * Stage 1, per settlement: the reward its session earns by the rule version in force at the session's start — energy
 * times the rate, the off-peak multiplier (station's local time), the shared-private-charger bonus. Nothing for
 * corrections (revision > 0: rewards follow the first settlement), for sessions without energy or recipient, or
 * before the first rule version. Recipient-level parts (first-session bonus, daily cap) come in stage 2.
 */
export function candidateReward(
  settlement: Settlement,
  rules: RewardRules,
  /** The wallet a recipient's VZP is minted to (vz.registry.Party.walletAddress) as of an instant; null: none known. */
  walletOf: (recipientId: string, at: number) => string | null = () => null,
): VzpReward | undefined {
  const recipientId = recipientOf(settlement);
  const startedAt = settlement.startedAt ?? settlement.occurredAt;
  const version = ruleVersionAt(rules, startedAt);
  if (settlement.revision > 0 || settlement.energyWh <= 0 || recipientId === undefined || version === undefined)
    return undefined;
  const steps: RewardStep[] = [];
  const base = scaleRoundHalfUp(settlement.energyWh, version.unitsPerKwh, 1_000);
  steps.push({ name: 'energy', amount: base, detail: `${settlement.energyWh} Wh x ${version.unitsPerKwh} units/kWh` });
  const timeZone = settlement.stationTimeZone ?? 'UTC';
  const local = localTimeOf(startedAt, timeZone);
  const offPeak = version.offPeak;
  if (offPeak !== null && inDailyWindow(local.minuteOfDay, minuteOfDayOf(offPeak.from), minuteOfDayOf(offPeak.to))) {
    const extra = scaleRoundHalfUp(base, offPeak.multiplierBasisPoints, 10_000) - base;
    steps.push({
      name: 'off-peak',
      amount: extra,
      detail: `started ${local.date} ${String(Math.floor(local.minuteOfDay / 60)).padStart(2, '0')}:${String(local.minuteOfDay % 60).padStart(2, '0')} ${timeZone}, in ${offPeak.from}-${offPeak.to}: x ${offPeak.multiplierBasisPoints} bp`,
    });
  }
  if (settlement.sharedPrivateCharger && version.sharedPrivateChargerBonusBasisPoints > 0) {
    steps.push({
      name: 'shared-private-charger',
      amount: scaleRoundHalfUp(base, version.sharedPrivateChargerBonusBasisPoints, 10_000),
      detail: `${version.sharedPrivateChargerBonusBasisPoints} bp of the energy base at a shared private charger`,
    });
  }
  return {
    eventId: `reward:${settlement.eventId}:${recipientId}`,
    occurredAt: settlement.occurredAt,
    causationId: settlement.eventId,
    recipientId,
    recipientAddress: walletOf(recipientId, startedAt),
    amount: steps.reduce((sum, step) => sum + step.amount, 0),
    decimals: VZP_DECIMALS,
    reason: 'CHARGING',
    sessionId: settlement.sessionId,
    energyWh: settlement.energyWh,
    ruleId: `${rules.ruleId}@${version.version}`,
    steps,
  };
}

/** What stage 2 keeps per recipient. */
export interface RecipientState {
  readonly sessionsRewarded: number;
  /** UTC day (YYYY-MM-DD) of `grantedToday`. */
  readonly day: string;
  readonly grantedToday: number;
}

/**
 * Stage 2, per recipient, in order: the first-session bonus once, then the daily cap (UTC day of the session's
 * reward). A reward capped to nothing is not granted (VzpReward.amount is positive).
 */
export function grantReward(
  candidate: VzpReward,
  state: RecipientState | undefined,
  rules: RewardRules,
): { reward: VzpReward | undefined; state: RecipientState } {
  const version = rules.versions.find((v) => `${rules.ruleId}@${v.version}` === candidate.ruleId);
  const day = new Date(candidate.occurredAt).toISOString().slice(0, 10);
  const grantedToday = state?.day === day ? state.grantedToday : 0;
  const steps = [...candidate.steps];
  if ((state?.sessionsRewarded ?? 0) === 0 && version !== undefined && version.firstSessionBonus > 0) {
    steps.push({
      name: 'first-session',
      amount: version.firstSessionBonus,
      detail: 'first rewarded session of the recipient',
    });
  }
  let amount = steps.reduce((sum, step) => sum + step.amount, 0);
  const cap = version?.dailyCapPerRecipient ?? null;
  if (cap !== null && grantedToday + amount > cap) {
    const allowed = Math.max(0, cap - grantedToday);
    steps.push({
      name: 'daily-cap',
      amount: allowed - amount,
      detail: `${grantedToday} of ${cap} units already granted on ${day}`,
    });
    amount = allowed;
  }
  const next: RecipientState = {
    sessionsRewarded: (state?.sessionsRewarded ?? 0) + 1,
    day,
    grantedToday: grantedToday + amount,
  };
  return { reward: amount > 0 ? { ...candidate, amount, steps } : undefined, state: next };
}

export interface BatchRules {
  /** Rewards per mint batch. */
  readonly batchSize: number;
  /** A batch also closes when a reward arrives this long (event time) after its first one. */
  readonly maxBatchAgeMs: number;
  /** Buckets the recipients are spread over (the mint queue's keys). */
  readonly buckets: number;
}

export const defaultBatchRules: BatchRules = { batchSize: 100, maxBatchAgeMs: 3_600_000, buckets: 3 };

/** The mint-queue key of a recipient: a stable hash of its id over the buckets. */
export function bucketOf(recipientId: string, buckets: number): number {
  let hash = 0;
  for (const character of recipientId) hash = (Math.imul(hash, 31) + character.charCodeAt(0)) | 0;
  return Math.abs(hash) % buckets;
}

export interface BucketState {
  readonly sequence: number;
  readonly pending: MintBatch['entries'];
  readonly firstAt: number | null;
}

/** Stage 3, per bucket: adds a granted reward to the open batch and closes it on size or event-time age. */
export function batchReward(
  reward: VzpReward,
  bucket: number,
  state: BucketState | undefined,
  rules: BatchRules,
): { batch: MintBatch | undefined; state: BucketState } {
  const sequence = state?.sequence ?? 0;
  const pending = [
    ...(state?.pending ?? []),
    {
      rewardEventId: reward.eventId,
      recipientId: reward.recipientId,
      recipientAddress: reward.recipientAddress,
      amount: reward.amount,
    },
  ];
  const firstAt = state?.firstAt ?? reward.occurredAt;
  if (pending.length < rules.batchSize && reward.occurredAt - firstAt < rules.maxBatchAgeMs) {
    return { batch: undefined, state: { sequence, pending, firstAt } };
  }
  const batchId = `mint:${bucket}:${sequence}`;
  return {
    batch: {
      eventId: batchId,
      occurredAt: reward.occurredAt,
      causationId: reward.eventId,
      batchId,
      bucket,
      entries: pending,
      totalAmount: pending.reduce((sum, entry) => sum + entry.amount, 0),
      decimals: VZP_DECIMALS,
    },
    state: { sequence: sequence + 1, pending: [], firstAt: null },
  };
}
