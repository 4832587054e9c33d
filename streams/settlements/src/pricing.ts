import type {
  ChargingSession,
  SettlementLine,
  SettlementLineKind,
  Tariff,
  TariffComponent,
  TariffComponentType,
  TariffRestrictions,
} from '@vz/schemas';
import { inDailyWindow, localTimeOf, minuteOfDayOf, scaleRoundHalfUp } from '@vz/core';

/** The tariff dimensions, in the order their lines appear. */
const dimensions: readonly Exclude<TariffComponentType, 'UNKNOWN'>[] = ['ENERGY', 'TIME', 'PARKING_TIME', 'FLAT'];

/** Per dimension: how its quantity is measured on the session and the unit its price is per (vz.registry.Tariff). */
const unitOf: Record<(typeof dimensions)[number], number> = {
  ENERGY: 1_000,
  TIME: 60_000,
  PARKING_TIME: 60_000,
  FLAT: 1,
};

export interface SessionFigures {
  readonly energyWh: number;
  /** Charging time: start to when energy stopped flowing (or the end). */
  readonly chargingMs: number;
  /** Connected after charging stopped. */
  readonly parkingMs: number;
  readonly durationMs: number;
  readonly peakPowerW: number | null;
  readonly startedAt: number;
}

export function figuresOf(session: ChargingSession): SessionFigures {
  const endedAt = session.endedAt ?? session.startedAt;
  const chargingEnd = Math.min(endedAt, session.chargingEndedAt ?? endedAt);
  return {
    energyWh: session.energyWh,
    chargingMs: Math.max(0, chargingEnd - session.startedAt),
    parkingMs: Math.max(0, session.idleMs ?? endedAt - chargingEnd),
    durationMs: Math.max(0, endedAt - session.startedAt),
    peakPowerW: session.peakPowerW,
    startedAt: session.startedAt,
  };
}

/** OCPI 2.2.1 §11.4.6, evaluated at the session's start (time of day, day of week) and on its totals (the rest). */
export function restrictionsHold(
  restrictions: TariffRestrictions | null,
  figures: SessionFigures,
  timeZone: string,
): boolean {
  if (restrictions === null) return true;
  const local = localTimeOf(figures.startedAt, timeZone);
  if (restrictions.daysOfWeek.length > 0 && !restrictions.daysOfWeek.includes(local.dayOfWeek)) return false;
  const { startTimeOfDay, endTimeOfDay } = restrictions;
  if (startTimeOfDay !== null || endTimeOfDay !== null) {
    const from = startTimeOfDay === null ? 0 : minuteOfDayOf(startTimeOfDay);
    const to = endTimeOfDay === null ? 24 * 60 : minuteOfDayOf(endTimeOfDay);
    if (!inDailyWindow(local.minuteOfDay, from, to)) return false;
  }
  const below = (value: number, limit: number | null) => limit === null || value < limit;
  const atLeast = (value: number, limit: number | null) => limit === null || value >= limit;
  return (
    atLeast(figures.energyWh, restrictions.minEnergyWh) &&
    below(figures.energyWh, restrictions.maxEnergyWh) &&
    (figures.peakPowerW === null || below(figures.peakPowerW, restrictions.maxPowerW)) &&
    atLeast(figures.durationMs, restrictions.minDurationMs) &&
    below(figures.durationMs, restrictions.maxDurationMs)
  );
}

/** Per dimension, the component that prices it: OCPI's rule, the first element whose restrictions hold. */
export function componentsInForce(tariff: Tariff, figures: SessionFigures, timeZone: string): TariffComponent[] {
  if (tariff.elements.length === 0)
    return dimensions.flatMap((type) => tariff.components.filter((c) => c.type === type).slice(0, 1));
  const chosen: TariffComponent[] = [];
  for (const type of dimensions) {
    for (const element of tariff.elements) {
      const component = element.components.find((candidate) => candidate.type === type);
      if (component !== undefined && restrictionsHold(element.restrictions, figures, timeZone)) {
        chosen.push(component);
        break;
      }
    }
  }
  return chosen;
}

export interface PricedSession {
  readonly lines: SettlementLine[];
  readonly subtotalMinor: number;
  readonly vatMinor: number;
  readonly totalMinor: number;
}

function line(
  kind: SettlementLineKind,
  quantity: number,
  priceMinor: number,
  unit: number,
  vatBasisPoints: number,
): SettlementLine {
  const amountMinor = scaleRoundHalfUp(quantity, priceMinor, unit);
  return {
    kind,
    quantity,
    priceMinor,
    amountMinor,
    vatBasisPoints,
    vatMinor: scaleRoundHalfUp(amountMinor, vatBasisPoints, 10_000),
  };
}

/** The cost of a session under a tariff version (the rule in vz.registry.Tariff's doc). */
export function priceSession(tariff: Tariff, figures: SessionFigures, timeZone: string): PricedSession {
  const tariffVat = tariff.vatBasisPoints ?? 0;
  const quantities: Record<(typeof dimensions)[number], number> = {
    ENERGY: figures.energyWh,
    TIME: figures.chargingMs,
    PARKING_TIME: figures.parkingMs,
    FLAT: 1,
  };
  const lines = componentsInForce(tariff, figures, timeZone).map((component) => {
    const type = component.type as (typeof dimensions)[number];
    return line(type, quantities[type], component.priceMinor, unitOf[type], component.vatBasisPoints ?? tariffVat);
  });
  const sum = lines.reduce((total, each) => total + each.amountMinor, 0);
  const min = tariff.minPrice?.amountMinor ?? null;
  const max = tariff.maxPrice?.amountMinor ?? null;
  if (min !== null && sum < min) lines.push(line('MIN_PRICE', 1, min - sum, 1, tariffVat));
  else if (max !== null && sum > max) lines.push(line('MAX_PRICE', 1, max - sum, 1, tariffVat));
  const subtotalMinor = lines.reduce((total, each) => total + each.amountMinor, 0);
  const vatMinor = lines.reduce((total, each) => total + each.vatMinor, 0);
  return { lines, subtotalMinor, vatMinor, totalMinor: subtotalMinor + vatMinor };
}
