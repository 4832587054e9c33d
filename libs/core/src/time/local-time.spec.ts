import { describe, expect, it } from '@jest/globals';
import { localClockBoundaries, localTimeOf, utcOffsetMsOf } from './local-time.ts';

const at = (iso: string) => Date.parse(iso);
const HOUR = 3_600_000;
const iso = (instants: number[]) => instants.map((instant) => new Date(instant).toISOString());

describe('local time', () => {
  it('knows the offset on both sides of a daylight saving change', () => {
    expect(utcOffsetMsOf(at('2026-03-29T00:59:59Z'), 'Europe/Amsterdam')).toBe(HOUR);
    expect(utcOffsetMsOf(at('2026-03-29T01:00:00Z'), 'Europe/Amsterdam')).toBe(2 * HOUR);
    expect(utcOffsetMsOf(at('2026-01-01T00:00:00Z'), 'UTC')).toBe(0);
    expect(utcOffsetMsOf(at('2026-01-01T00:00:00Z'), 'America/St_Johns')).toBe(-3.5 * HOUR);
  });

  it('finds midnight and the given minutes of the day in the station zone', () => {
    // 22:30 to 02:30 Amsterdam (winter, UTC+1): midnight and 01:00.
    expect(
      iso(localClockBoundaries(at('2026-03-10T21:30:00Z'), at('2026-03-11T01:30:00Z'), 'Europe/Amsterdam', [0, 60])),
    ).toEqual(['2026-03-10T23:00:00.000Z', '2026-03-11T00:00:00.000Z']);
    // Excludes the ends: a boundary exactly at `from` or `to` starts no new period inside.
    expect(
      localClockBoundaries(at('2026-03-10T23:00:00Z'), at('2026-03-11T00:00:00Z'), 'Europe/Amsterdam', [0]),
    ).toEqual([]);
  });

  it('spring forward: 02:30 does not exist on 2026-03-29 in Amsterdam; the jump at 02:00 → 03:00 is a boundary', () => {
    const boundaries = localClockBoundaries(
      at('2026-03-28T23:30:00Z'), // 00:30 CET
      at('2026-03-29T03:00:00Z'), // 05:00 CEST
      'Europe/Amsterdam',
      [150, 240], // 02:30, 04:00
    );
    expect(iso(boundaries)).toEqual(['2026-03-29T01:00:00.000Z', '2026-03-29T02:00:00.000Z']);
    expect(localTimeOf(at('2026-03-29T01:00:00Z'), 'Europe/Amsterdam').minuteOfDay).toBe(180);
  });

  it('fall back: 02:30 happens twice on 2026-10-25 in Amsterdam', () => {
    const boundaries = localClockBoundaries(
      at('2026-10-24T23:00:00Z'), // 01:00 CEST
      at('2026-10-25T03:00:00Z'), // 04:00 CET
      'Europe/Amsterdam',
      [150],
    );
    // 02:30 CEST, the jump back at 03:00 CEST = 02:00 CET, 02:30 CET.
    expect(iso(boundaries)).toEqual([
      '2026-10-25T00:30:00.000Z',
      '2026-10-25T01:00:00.000Z',
      '2026-10-25T01:30:00.000Z',
    ]);
  });

  it('covers sessions of several days', () => {
    expect(localClockBoundaries(at('2026-03-10T12:00:00Z'), at('2026-03-13T12:00:00Z'), 'UTC', [0])).toHaveLength(3);
  });
});
