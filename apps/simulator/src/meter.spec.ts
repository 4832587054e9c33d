import { describe, expect, it } from '@jest/globals';
import { integrate, measurementsOf, powerNow, stateOfCharge, whOf, WMS_PER_WH, type EvModel } from './meter.ts';

const flat: EvModel = { maxPowerW: 11_000, batteryWh: 60_000, socStartPercent: 20, taper: false };

describe('energy model', () => {
  it('delivers exactly power × time without tapering, however the time is split', () => {
    const once = { energyWms: 0 };
    integrate(flat, once, 3 * 60_000);
    const split = { energyWms: 0 };
    for (let i = 0; i < 180; i += 1) integrate(flat, split, 1_000);
    expect(once.energyWms).toBe(11_000 * 180_000);
    expect(split.energyWms).toBe(once.energyWms);
    expect(whOf(once.energyWms)).toBe(550);
  });

  it('tapers above 80 % SoC and stops at 100 %', () => {
    const ev: EvModel = { maxPowerW: 50_000, batteryWh: 10_000, socStartPercent: 79, taper: true };
    const delivery = { energyWms: 0 };
    expect(powerNow(ev, delivery)).toBe(50_000);
    integrate(ev, delivery, 10 * 60_000);
    const soc = stateOfCharge(ev, delivery);
    expect(soc).toBeGreaterThan(80);
    expect(powerNow(ev, delivery)).toBeLessThan(50_000);
    integrate(ev, delivery, 4 * 3_600_000);
    expect(stateOfCharge(ev, delivery)).toBe(100);
    expect(powerNow(ev, delivery)).toBe(0);
    // Never more than the battery could take (plus at most one 1 s step of the 5 % floor).
    expect(delivery.energyWms / WMS_PER_WH).toBeLessThanOrEqual(10_000 * 0.21 + (50_000 * 0.05) / 3_600);
  });

  it('reports register, power, per-phase current and voltage, SoC', () => {
    const list = measurementsOf({
      timestamp: 0,
      context: 'Sample.Periodic',
      registerWh: 1_234,
      powerW: 7_400,
      socPercent: 55.9,
      phases: 1,
      voltageV: 230,
    });
    expect(list).toEqual([
      { measurand: 'Energy.Active.Import.Register', value: 1_234, unit: 'Wh', location: 'Outlet' },
      { measurand: 'Power.Active.Import', value: 7_400, unit: 'W', location: 'Outlet' },
      { measurand: 'Current.Import', value: 32.2, unit: 'A', phase: 'L1', location: 'Outlet' },
      { measurand: 'Voltage', value: 230, unit: 'V', phase: 'L1-N', location: 'Outlet' },
      { measurand: 'SoC', value: 55, unit: 'Percent', location: 'EV' },
    ]);
  });
});
