/**
 * Local calendar facts of an instant in an IANA time zone, through Intl and the tz database Node ships (a library
 * such as Luxon would add nothing for these three fields). Deterministic for a given Node version.
 */
export interface LocalTime {
  /** MONDAY .. SUNDAY (OCPI DayOfWeek). */
  readonly dayOfWeek: string;
  /** 0 .. 1439. */
  readonly minuteOfDay: number;
  /** YYYY-MM-DD. */
  readonly date: string;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function partsOf(at: number, timeZone: string): (type: Intl.DateTimeFormatPartTypes) => string {
  let format = formatters.get(timeZone);
  if (format === undefined) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      weekday: 'long',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, format);
  }
  const parts = format.formatToParts(new Date(at));
  return (type) => parts.find((candidate) => candidate.type === type)?.value ?? '';
}

export function localTimeOf(at: number, timeZone: string): LocalTime {
  const part = partsOf(at, timeZone);
  return {
    dayOfWeek: part('weekday').toUpperCase(),
    minuteOfDay: Number(part('hour')) * 60 + Number(part('minute')),
    date: `${part('year')}-${part('month')}-${part('day')}`,
  };
}

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

/** The zone's offset from UTC at `at`, ms (local wall clock = at + offset), to the second. */
export function utcOffsetMsOf(at: number, timeZone: string): number {
  const part = partsOf(at, timeZone);
  const wall = Date.UTC(
    Number(part('year')),
    Number(part('month')) - 1,
    Number(part('day')),
    Number(part('hour')),
    Number(part('minute')),
    Number(part('second')),
  );
  return wall - Math.floor(at / 1_000) * 1_000;
}

/** The first whole second in (from, to] at which the offset is no longer `offset` (from has it, to does not). */
function offsetChangeBetween(from: number, to: number, offset: number, timeZone: string): number {
  let low = Math.floor(from / 1_000);
  let high = Math.ceil(to / 1_000);
  while (high - low > 1) {
    const middle = Math.floor((low + high) / 2);
    if (utcOffsetMsOf(middle * 1_000, timeZone) === offset) low = middle;
    else high = middle;
  }
  return high * 1_000;
}

/**
 * The instants in (from, to), ascending, at which the wall clock of `timeZone` reads one of `minutesOfDay` (0 =
 * midnight) or jumps (a change of UTC offset, e.g. daylight saving time): between two of them the local date, day of
 * week and whether the clock is past each of those minutes stay the same. A minute skipped by a jump forward has no
 * instant of its own (the jump is one); one repeated by a jump back has two.
 */
export function localClockBoundaries(
  from: number,
  to: number,
  timeZone: string,
  minutesOfDay: readonly number[],
): number[] {
  if (!(to > from)) return [];
  // Offsets change a few times a year at most: probing a day apart and bisecting between probes finds every change.
  const segments: { start: number; offset: number }[] = [{ start: from, offset: utcOffsetMsOf(from, timeZone) }];
  for (let probe = from; probe < to;) {
    const next = Math.min(probe + DAY_MS, to);
    const current = segments.at(-1)?.offset ?? 0;
    const offset = utcOffsetMsOf(next, timeZone);
    if (offset !== current) {
      const start = offsetChangeBetween(probe, next, current, timeZone);
      segments.push({ start, offset: utcOffsetMsOf(start, timeZone) });
      probe = start;
    } else probe = next;
  }
  const boundaries = new Set<number>(segments.slice(1).map((segment) => segment.start));
  segments.forEach(({ start, offset }, index) => {
    const end = segments[index + 1]?.start ?? to;
    // Within a segment the wall clock is the instant plus a constant offset.
    for (let day = Math.floor((start + offset) / DAY_MS); day * DAY_MS < end + offset; day += 1) {
      for (const minute of minutesOfDay) {
        const instant = day * DAY_MS + minute * MINUTE_MS - offset;
        if (instant >= start && instant < end && instant > from) boundaries.add(instant);
      }
    }
  });
  return [...boundaries].filter((instant) => instant < to).sort((a, b) => a - b);
}

/** `HH:MM` → minutes after midnight; throws on anything else. */
export function minuteOfDayOf(hhmm: string): number {
  const match = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(hhmm);
  if (match === null) throw new RangeError(`time of day ${JSON.stringify(hhmm)} is not HH:MM`);
  return Number(match[1]) * 60 + Number(match[2]);
}

/** Whether a minute of the day is in [from, to), a window that crosses midnight when `to` is before `from`. */
export function inDailyWindow(minuteOfDay: number, from: number, to: number): boolean {
  return from <= to ? minuteOfDay >= from && minuteOfDay < to : minuteOfDay >= from || minuteOfDay < to;
}
