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

export function localTimeOf(at: number, timeZone: string): LocalTime {
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
      hourCycle: 'h23',
    });
    formatters.set(timeZone, format);
  }
  const parts = format.formatToParts(new Date(at));
  const part = (type: string) => parts.find((candidate) => candidate.type === type)?.value ?? '';
  return {
    dayOfWeek: part('weekday').toUpperCase(),
    minuteOfDay: Number(part('hour')) * 60 + Number(part('minute')),
    date: `${part('year')}-${part('month')}-${part('day')}`,
  };
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
