import type {
  ChargingSession,
  SettlementLine,
  SettlementLineKind,
  Tariff,
  TariffComponent,
  TariffComponentType,
  TariffElement,
  TariffRestrictions,
} from '@vz/schemas';
import {
  divideByWeights,
  inDailyWindow,
  localClockBoundaries,
  localTimeOf,
  minuteOfDayOf,
  scaleRoundHalfUp,
} from '@vz/core';

type Dimension = Exclude<TariffComponentType, 'UNKNOWN'>;

/** The tariff dimensions, in the order their lines appear. */
const dimensions: readonly Dimension[] = ['ENERGY', 'TIME', 'PARKING_TIME', 'FLAT'];

/** Per dimension: how its quantity is measured on the session and the unit its price is per (vz.registry.Tariff). */
const unitOf: Record<Dimension, number> = {
  ENERGY: 1_000,
  TIME: 60_000,
  PARKING_TIME: 60_000,
  FLAT: 1,
};

/** A session on its time line: charging from the start to `chargingEndedAt`, then connected (parking) to the end. */
export interface SessionFigures {
  readonly startedAt: number;
  /** When energy stopped flowing, at most `endedAt`. */
  readonly chargingEndedAt: number;
  readonly endedAt: number;
  readonly energyWh: number;
  readonly peakPowerW: number | null;
}

export function figuresOf(session: ChargingSession): SessionFigures {
  const endedAt = Math.max(session.startedAt, session.endedAt ?? session.startedAt);
  const chargingEndedAt = Math.max(session.startedAt, Math.min(endedAt, session.chargingEndedAt ?? endedAt));
  return {
    startedAt: session.startedAt,
    chargingEndedAt,
    endedAt,
    energyWh: session.energyWh,
    peakPowerW: session.peakPowerW,
  };
}

/**
 * The state of a session at an instant, as far as restrictions see it. Energy is known only in total, so it is taken
 * to flow evenly over the charging time: delivered so far = energyWh x charging time so far / charging time
 * (vz.registry.Tariff), compared as integer products so no Wh is lost to rounding.
 */
interface SessionState {
  readonly at: number;
  /** Session time so far, ms. */
  readonly elapsedMs: number;
  /** Energy so far = deliveredNumerator / chargingMs (Wh); exactly energyWh once charging is over. */
  readonly deliveredNumerator: bigint;
}

function chargingMsOf(figures: SessionFigures): number {
  return figures.chargingEndedAt - figures.startedAt;
}

function stateAt(figures: SessionFigures, at: number): SessionState {
  const chargingMs = chargingMsOf(figures);
  const charged = Math.min(at, figures.chargingEndedAt) - figures.startedAt;
  return {
    at,
    elapsedMs: at - figures.startedAt,
    // Without charging time, all energy counts as delivered at the start.
    deliveredNumerator: chargingMs === 0 ? BigInt(figures.energyWh) : BigInt(figures.energyWh) * BigInt(charged),
  };
}

/**
 * OCPI 2.2.1 §11.4.6 (TariffRestrictions): "not for the entire Charging Session", they say when an element is active
 * during it. Evaluated for one instant: time of day and day of week on the station's wall clock, energy and duration
 * so far. max_power is held against the session's peak power (the only power figure a session carries).
 */
function restrictionsHold(
  restrictions: TariffRestrictions | null,
  figures: SessionFigures,
  state: SessionState,
  timeZone: string,
): boolean {
  if (restrictions === null) return true;
  const local = localTimeOf(state.at, timeZone);
  if (restrictions.daysOfWeek.length > 0 && !restrictions.daysOfWeek.includes(local.dayOfWeek)) return false;
  const { startTimeOfDay, endTimeOfDay } = restrictions;
  if (startTimeOfDay !== null || endTimeOfDay !== null) {
    const from = startTimeOfDay === null ? 0 : minuteOfDayOf(startTimeOfDay);
    const to = endTimeOfDay === null ? 24 * 60 : minuteOfDayOf(endTimeOfDay);
    if (!inDailyWindow(local.minuteOfDay, from, to)) return false;
  }
  const chargingMs = BigInt(Math.max(1, chargingMsOf(figures)));
  const deliveredAtLeast = (wh: number) => state.deliveredNumerator >= BigInt(wh) * chargingMs;
  const below = (value: number, limit: number | null) => limit === null || value < limit;
  return (
    (restrictions.minEnergyWh === null || deliveredAtLeast(restrictions.minEnergyWh)) &&
    (restrictions.maxEnergyWh === null || !deliveredAtLeast(restrictions.maxEnergyWh)) &&
    (figures.peakPowerW === null || below(figures.peakPowerW, restrictions.maxPowerW)) &&
    (restrictions.minDurationMs === null || state.elapsedMs >= restrictions.minDurationMs) &&
    below(state.elapsedMs, restrictions.maxDurationMs)
  );
}

/** The tariff's elements; a tariff without elements is one element of its `components`, unrestricted. */
function elementsOf(tariff: Tariff): TariffElement[] {
  return tariff.elements.length > 0 ? tariff.elements : [{ components: tariff.components, restrictions: null }];
}

/**
 * Every instant inside the session at which an element's restrictions may start or stop holding: the end of
 * charging, the station's wall clock passing an element's start or end time or midnight (day of week) or jumping
 * (daylight saving time), the energy so far reaching a min/max energy, the session's age reaching a min/max duration.
 */
function boundariesOf(elements: readonly TariffElement[], figures: SessionFigures, timeZone: string): number[] {
  const { startedAt, endedAt, energyWh } = figures;
  const chargingMs = chargingMsOf(figures);
  const restrictions = elements.flatMap((element) => (element.restrictions === null ? [] : [element.restrictions]));
  const minutes = new Set<number>();
  for (const restriction of restrictions) {
    if (restriction.daysOfWeek.length > 0) minutes.add(0);
    if (restriction.startTimeOfDay !== null) minutes.add(minuteOfDayOf(restriction.startTimeOfDay));
    if (restriction.endTimeOfDay !== null) minutes.add(minuteOfDayOf(restriction.endTimeOfDay));
  }
  const instants = [figures.chargingEndedAt];
  if (minutes.size > 0) instants.push(...localClockBoundaries(startedAt, endedAt, timeZone, [...minutes]));
  for (const restriction of restrictions) {
    for (const durationMs of [restriction.minDurationMs, restriction.maxDurationMs])
      if (durationMs !== null) instants.push(startedAt + durationMs);
    for (const wh of [restriction.minEnergyWh, restriction.maxEnergyWh]) {
      // The first whole ms at which energy so far (energyWh x t / chargingMs) reaches wh.
      if (wh !== null && wh > 0 && wh <= energyWh && chargingMs > 0) {
        const numerator = BigInt(wh) * BigInt(chargingMs);
        const denominator = BigInt(energyWh);
        instants.push(startedAt + Number((numerator + denominator - 1n) / denominator));
      }
    }
  }
  return [...new Set(instants)].filter((instant) => instant > startedAt && instant < endedAt).sort((a, b) => a - b);
}

/** A stretch of the session in which every restriction holds or fails throughout. */
interface Period {
  readonly from: number;
  readonly to: number;
  /** Charging (TIME, ENERGY) or connected after charging (PARKING_TIME). */
  readonly charging: boolean;
  /** Per dimension, the index of the element pricing it in this period; absent = free in this period. */
  readonly elementOf: ReadonlyMap<Dimension, number>;
}

/** OCPI's rule for one instant: per dimension, the first element whose restrictions hold and that prices it. */
function elementsInForce(
  elements: readonly TariffElement[],
  figures: SessionFigures,
  state: SessionState,
  timeZone: string,
): Map<Dimension, number> {
  const chosen = new Map<Dimension, number>();
  elements.forEach((element, index) => {
    const unpriced = dimensions.filter(
      (type) => !chosen.has(type) && element.components.some((candidate) => candidate.type === type),
    );
    if (unpriced.length === 0 || !restrictionsHold(element.restrictions, figures, state, timeZone)) return;
    for (const type of unpriced) chosen.set(type, index);
  });
  return chosen;
}

function periodsOf(elements: readonly TariffElement[], figures: SessionFigures, timeZone: string): Period[] {
  const cuts = [figures.startedAt, ...boundariesOf(elements, figures, timeZone), figures.endedAt];
  const periods: Period[] = [];
  for (let index = 0; index + 1 < cuts.length; index += 1) {
    const from = cuts[index] ?? 0;
    const to = cuts[index + 1] ?? 0;
    periods.push({
      from,
      to,
      charging: from < figures.chargingEndedAt,
      elementOf: elementsInForce(elements, figures, stateAt(figures, from), timeZone),
    });
  }
  return periods;
}

/** One line in the making: a dimension priced by one element, with what it prices. */
interface Priced {
  readonly type: Dimension;
  readonly element: number;
  readonly component: TariffComponent;
  /** Ms of the dimension's time priced by this element (energy is shared out by charging ms). */
  durationMs: number;
}

/**
 * Per dimension, the elements that priced some of its time, in order of first use: ENERGY and TIME over the charging
 * periods, PARKING_TIME over the parking ones, FLAT once, by the element of the first period in which one applies. A
 * dimension with no time of its own (no parking, or energy without charging time) is priced by the element in force
 * at the start, on its whole quantity (possibly 0).
 */
function pricedParts(elements: readonly TariffElement[], figures: SessionFigures, timeZone: string): Priced[] {
  const periods = periodsOf(elements, figures, timeZone);
  const atStart = elementsInForce(elements, figures, stateAt(figures, figures.startedAt), timeZone);
  const parts: Priced[] = [];
  const componentOf = (type: Dimension, element: number) =>
    elements[element]?.components.find((candidate) => candidate.type === type);
  for (const type of dimensions) {
    const ofType: Priced[] = [];
    const add = (element: number, durationMs: number) => {
      const existing = ofType.find((part) => part.element === element);
      const component = componentOf(type, element);
      if (existing !== undefined) existing.durationMs += durationMs;
      else if (component !== undefined) ofType.push({ type, element, component, durationMs });
    };
    const timed = type === 'FLAT' ? [] : periods.filter((period) => period.charging === (type !== 'PARKING_TIME'));
    if (type === 'FLAT') {
      const first = periods.find((period) => period.elementOf.has(type))?.elementOf.get(type) ?? atStart.get(type);
      if (first !== undefined) add(first, 0);
    } else if (timed.length === 0) {
      const element = atStart.get(type);
      if (element !== undefined) add(element, 0);
    } else {
      for (const period of timed) {
        const element = period.elementOf.get(type);
        if (element !== undefined) add(element, period.to - period.from);
      }
    }
    parts.push(...ofType);
  }
  return parts;
}

/** Each ENERGY part's share of the session's Wh, by its charging ms (largest remainder: they sum to energyWh). */
function energyShares(parts: readonly Priced[], figures: SessionFigures): Map<Priced, number> {
  const energy = parts.filter((part) => part.type === 'ENERGY');
  const chargingMs = chargingMsOf(figures);
  if (energy.length === 0) return new Map();
  // Without charging time there is one ENERGY part (the start's) and it takes everything.
  if (chargingMs === 0) return new Map(energy.map((part) => [part, figures.energyWh]));
  // Charging ms no element priced carry energy nobody pays for (OCPI: no cost for that dimension then).
  const unpriced = chargingMs - energy.reduce((sum, part) => sum + part.durationMs, 0);
  const shares = divideByWeights(figures.energyWh, [...energy.map((part) => part.durationMs), unpriced]);
  return new Map(energy.map((part, index) => [part, shares[index] ?? 0]));
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
  const parts = pricedParts(elementsOf(tariff), figures, timeZone);
  const energy = energyShares(parts, figures);
  const quantityOf = (part: Priced): number => {
    if (part.type === 'ENERGY') return energy.get(part) ?? 0;
    if (part.type === 'FLAT') return 1;
    return part.durationMs;
  };
  const lines = parts.map((part) =>
    line(
      part.type,
      quantityOf(part),
      part.component.priceMinor,
      unitOf[part.type],
      part.component.vatBasisPoints ?? tariffVat,
    ),
  );
  const sum = lines.reduce((total, each) => total + each.amountMinor, 0);
  const min = tariff.minPrice?.amountMinor ?? null;
  const max = tariff.maxPrice?.amountMinor ?? null;
  if (min !== null && sum < min) lines.push(line('MIN_PRICE', 1, min - sum, 1, tariffVat));
  else if (max !== null && sum > max) lines.push(line('MAX_PRICE', 1, max - sum, 1, tariffVat));
  const subtotalMinor = lines.reduce((total, each) => total + each.amountMinor, 0);
  const vatMinor = lines.reduce((total, each) => total + each.vatMinor, 0);
  return { lines, subtotalMinor, vatMinor, totalMinor: subtotalMinor + vatMinor };
}
