import type { SetChargingProfileCommand } from '@vz/schemas';

const seconds = (ms: number): number => Math.round(ms / 1000);
const isoOf = (epochMs: number): string => new Date(epochMs).toISOString();

/** Values ocpp-rpc checks against the version's enums before the call is sent (strict mode): a wrong one is ERROR. */
type ProfileKind = 'Absolute' | 'Recurring' | 'Relative';
type Recurrency = 'Daily' | 'Weekly';
interface Period {
  startPeriod: number;
  limit: number;
  numberPhases?: number;
}

/**
 * What OCPP 1.6 ChargingProfile (§7.8) and OCPP 2.0.1 ChargingProfileType (K01) share. Our schedule is in ms and
 * integer W or mA; OCPP wants seconds and W or A (decimal, one fraction digit is what chargers honour; mA / 1000 keeps
 * it exact). Undefined for a rate unit OCPP has not.
 */
export function chargingProfileParts(body: SetChargingProfileCommand) {
  const unitIsAmps = body.rateUnit === 'MILLIAMPERE';
  if (body.rateUnit !== 'W' && !unitIsAmps) return undefined;
  const periods = body.periods.map((period): Period => ({
    startPeriod: seconds(period.startOffsetMs),
    limit: unitIsAmps ? period.limit / 1000 : period.limit,
    ...(period.numberPhases == null ? {} : { numberPhases: period.numberPhases }),
  }));
  const schedule = {
    chargingRateUnit: unitIsAmps ? ('A' as const) : ('W' as const),
    // Both versions want at least one period; ocpp-rpc refuses an empty schedule before sending it (ERROR).
    chargingSchedulePeriod: periods as [Period, ...Period[]],
    ...(body.durationMs == null ? {} : { duration: seconds(body.durationMs) }),
    ...(body.startScheduleAt == null ? {} : { startSchedule: isoOf(body.startScheduleAt) }),
  };
  const profile = {
    stackLevel: body.stackLevel,
    chargingProfileKind: body.kind as ProfileKind,
    ...(body.recurrency == null ? {} : { recurrencyKind: body.recurrency as Recurrency }),
    ...(body.validFromAt == null ? {} : { validFrom: isoOf(body.validFromAt) }),
    ...(body.validToAt == null ? {} : { validTo: isoOf(body.validToAt) }),
  };
  return { schedule, profile };
}
