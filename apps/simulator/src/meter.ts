/**
 * The electrical model of one connector: an energy register that only ever advances by power × time, kept in
 * watt-milliseconds (an integer as long as power is an integer) so that Wh readings are exact and reproducible:
 * the register reads floor(Wms / 3 600 000) Wh. No float is ever summed into what a test compares.
 */
export const WMS_PER_WH = 3_600_000;

/** Above this state of charge a tapering car draws less and less, down to `TAPER_FLOOR` of its maximum at 100 %. */
export const TAPER_START_SOC = 80;
const TAPER_FLOOR = 0.05;
/** With tapering on, power is re-evaluated at least this often while integrating. */
const TAPER_STEP_MS = 1_000;

export interface EvModel {
  /** The most the car (and the connector) draws, in W. */
  maxPowerW: number;
  /** Usable battery capacity, Wh. */
  batteryWh: number;
  /** State of charge when plugged in, percent. */
  socStartPercent: number;
  /** Whether power tapers above 80 % SoC (a realistic curve) or stays flat until the battery is full. */
  taper: boolean;
}

/** Energy delivered so far in a session, in Wms. */
export interface Delivery {
  energyWms: number;
}

export function stateOfCharge(ev: EvModel, delivery: Delivery): number {
  const soc = ev.socStartPercent + (delivery.energyWms / WMS_PER_WH / ev.batteryWh) * 100;
  return Math.min(100, soc);
}

/** What the car draws right now, in integer W. */
export function powerNow(ev: EvModel, delivery: Delivery): number {
  const soc = stateOfCharge(ev, delivery);
  if (soc >= 100) return 0;
  if (!ev.taper || soc < TAPER_START_SOC) return ev.maxPowerW;
  const fraction = 1 - (1 - TAPER_FLOOR) * ((soc - TAPER_START_SOC) / (100 - TAPER_START_SOC));
  return Math.round(ev.maxPowerW * fraction);
}

/**
 * Integrates power over `elapsedMs` and returns the Wms delivered (also added to `delivery`). Power is held
 * constant over each step; with tapering off the whole interval is one step, so a flat session delivers exactly
 * powerW × elapsedMs.
 */
export function integrate(ev: EvModel, delivery: Delivery, elapsedMs: number): number {
  let remaining = Math.max(0, Math.floor(elapsedMs));
  let added = 0;
  while (remaining > 0) {
    const step = ev.taper ? Math.min(TAPER_STEP_MS, remaining) : remaining;
    const wms = powerNow(ev, delivery) * step;
    delivery.energyWms += wms;
    added += wms;
    remaining -= step;
  }
  return added;
}

export function whOf(wms: number): number {
  return Math.floor(wms / WMS_PER_WH);
}

export type ReadingContext = 'Transaction.Begin' | 'Sample.Periodic' | 'Transaction.End' | 'Trigger';
export type Phase = 'L1' | 'L2' | 'L3';
export type PhaseToNeutral = 'L1-N' | 'L2-N' | 'L3-N';

/** One measurement, independent of protocol; the protocol modules turn it into a sampledValue. */
export interface Measurement {
  measurand: 'Energy.Active.Import.Register' | 'Power.Active.Import' | 'Current.Import' | 'Voltage' | 'SoC';
  value: number;
  unit: 'Wh' | 'W' | 'A' | 'V' | 'Percent';
  phase?: Phase | PhaseToNeutral;
  location?: 'Outlet' | 'EV';
}

export interface MeterReading {
  timestamp: number;
  context: ReadingContext;
  registerWh: number;
  powerW: number;
  /** Absent when no car is plugged in (no SoC to report). */
  socPercent?: number;
  phases: 1 | 3;
  voltageV: number;
}

const phaseNames: readonly Phase[] = ['L1', 'L2', 'L3'];

/** The measurands of a reading: register, power, current and voltage per phase, SoC. Current to 0.1 A. */
export function measurementsOf(reading: MeterReading): Measurement[] {
  const list: Measurement[] = [
    { measurand: 'Energy.Active.Import.Register', value: reading.registerWh, unit: 'Wh', location: 'Outlet' },
    { measurand: 'Power.Active.Import', value: reading.powerW, unit: 'W', location: 'Outlet' },
  ];
  const amps = Math.round((reading.powerW / (reading.phases * reading.voltageV)) * 10) / 10;
  for (const phase of phaseNames.slice(0, reading.phases)) {
    list.push({ measurand: 'Current.Import', value: amps, unit: 'A', phase, location: 'Outlet' });
  }
  for (const phase of phaseNames.slice(0, reading.phases)) {
    list.push({
      measurand: 'Voltage',
      value: reading.voltageV,
      unit: 'V',
      phase: `${phase}-N` as PhaseToNeutral,
      location: 'Outlet',
    });
  }
  if (reading.socPercent !== undefined) {
    list.push({ measurand: 'SoC', value: Math.floor(reading.socPercent), unit: 'Percent', location: 'EV' });
  }
  return list;
}
