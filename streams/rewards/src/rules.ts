import { readFileSync } from 'node:fs';
import { ConfigError } from '@vz/core';
import { z } from 'zod';

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:MM');
const units = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);

/** One version of the reward rules. Amounts in the smallest VZP unit (6 decimals: 1 VZP = 1 000 000). */
const ruleVersionSchema = z.strictObject({
  version: z.number().int().positive(),
  /** From when this version applies (sessions that started then or later), ISO 8601. */
  validFrom: z.iso.datetime({ offset: true }),
  unitsPerKwh: units,
  /** A window of the station's local day in which the base is multiplied (crosses midnight when `to` < `from`). */
  offPeak: z
    .strictObject({ from: hhmm, to: hhmm, multiplierBasisPoints: z.number().int().min(0).max(100_000) })
    .nullable()
    .default(null),
  /** Extra share of the base when charging at a private charger its owner shares. */
  sharedPrivateChargerBonusBasisPoints: z.number().int().min(0).max(100_000).default(0),
  /** Once per recipient, on its first rewarded session. */
  firstSessionBonus: units.default(0),
  /** Most a recipient is granted per UTC day; null = no cap. */
  dailyCapPerRecipient: units.nullable().default(null),
});

export const rewardRulesSchema = z
  .strictObject({
    ruleId: z.string().regex(/^[a-z0-9-]{1,40}$/, 'lower-case letters, digits and dashes'),
    versions: z.array(ruleVersionSchema).min(1),
  })
  .refine((rules) => new Set(rules.versions.map((v) => v.version)).size === rules.versions.length, {
    message: 'version numbers must be unique',
  })
  .refine(
    (rules) =>
      rules.versions.every(
        (v, i) => i === 0 || Date.parse(v.validFrom) > Date.parse(rules.versions[i - 1]?.validFrom ?? ''),
      ),
    { message: 'versions must be in order of validFrom, each later than the one before' },
  );

export type RewardRules = z.output<typeof rewardRulesSchema>;
export type RuleVersion = RewardRules['versions'][number];

/** The version in force at `at` (the latest whose validFrom is at or before it); undefined before the first. */
export function ruleVersionAt(rules: RewardRules, at: number): RuleVersion | undefined {
  return rules.versions.findLast((version) => Date.parse(version.validFrom) <= at);
}

/** Reads and validates a rules file; the error names the file and every field that is wrong. */
export function loadRewardRules(file: string): RewardRules {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new ConfigError(`reward rules ${file}: ${(error as Error).message}`);
  }
  const parsed = rewardRulesSchema.safeParse(raw);
  if (!parsed.success) throw new ConfigError(`reward rules ${file}: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}
